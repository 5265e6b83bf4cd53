import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { loadRenderAssets, prepareBrief, type RenderAssets } from '../src/build/render-brief.js';
import { readBookmarkPages } from '../src/check/read-back-thread.js';
import { loadConfig } from '../src/config.js';
import { briefPrintHtml } from '../src/formats/brief-print-html.js';
import type { FontSet } from '../src/render/fonts.js';
import { guessPages } from '../src/pdf/layout-batch.js';
import { printPaged } from '../src/pdf/print-paged.js';
import { iomSource, pdfInfo, pdfPageText, repoRoot } from './helpers.js';

/** A session that counts the prints made on its pages. */
function counting(session: BrowserSession) {
  const counter = {
    prints: 0,
    withPage: <T>(fn: (page: Page) => Promise<T>, options?: Parameters<BrowserSession['withPage']>[1]) =>
      session.withPage((page) => {
        const print = page.pdf.bind(page);
        page.pdf = (o) => (counter.prints++, print(o));
        return fn(page).finally(() => (page.pdf = print));
      }, options),
    close: () => session.close(),
  };
  return counter;
}

/** The page each contents entry lists, and the page its heading is on, read by pdftotext. */
async function contentsAndPages(pdf: Uint8Array, titles: readonly string[]) {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'briefpack-guess-')), 'brief.pdf');
  await writeFile(file, pdf);
  const lines = Array.from({ length: Number(pdfInfo(file).Pages) }, (_, i) => pdfPageText(file, i + 1).split('\n').map((l) => l.trim()));
  const contents = lines.find((page) => page.some((l) => /^(İçindekiler|Contents)$/.test(l)))!;
  return titles.map((title) => ({
    title,
    listed: Number(/(\d+)$/.exec(contents.find((l) => l.startsWith(title) && l !== title) ?? '')?.[1]),
    actual: lines.findIndex((page) => page.includes(title)) + 1,
  }));
}

describe('page numbers of the contents, guessed', () => {
  let session: BrowserSession;
  let assets: RenderAssets;
  const briefs: Array<{ html: string; fonts: FontSet; titles: string[]; headings: number }> = [];

  beforeAll(async () => {
    session = await launchBrowser(await findBrowser());
    assets = await loadRenderAssets(loadConfig(repoRoot));
    for (const name of ['iom.md', 'iom.en.md']) {
      const source = name === 'iom.md' ? await iomSource() : await readFile(path.join(repoRoot, 'content', name), 'utf8');
      const brief = await prepareBrief({ source, file: path.join(repoRoot, 'content', name), root: repoRoot, shown: `content/${name}`, assets, builtOn: new Date(), maxFactAgeMonths: 1200 });
      // Title, facts heading, contents heading, then the sections.
      briefs.push({ html: briefPrintHtml(assets.render, brief.context, brief.fonts), fonts: brief.fonts, titles: brief.doc.toc.map((t) => t.title), headings: brief.doc.toc.length + 3 });
    }
  });
  afterAll(() => session?.close());

  const print = (s: BrowserSession, brief: (typeof briefs)[number], guess?: Promise<readonly number[] | undefined>) =>
    printPaged(s, brief.html, { meta: { title: 'T', subtitle: '', author: 'A', summary: 'S', keywords: [], lang: 'tr' }, creator: 'test', date: new Date(0), revision: 'r1' }, { serve: brief.fonts.files, warn: (m) => expect.fail(m), guess });

  it('should print twice without a guess, once with a right one, and correct a wrong one', async () => {
    const brief = briefs[0]!;
    const { titles, headings } = brief;
    const unguessed = counting(session);
    const pdf = await print(unguessed, brief);
    expect(unguessed.prints).toBe(2);
    const right = await readBookmarkPages(pdf);
    expect(right).toHaveLength(headings);

    const guessed = counting(session);
    expect(Buffer.from(await print(guessed, brief, Promise.resolve(right))).equals(Buffer.from(pdf))).toBe(true);
    expect(guessed.prints).toBe(1);

    const wrong = counting(session);
    const corrected = await print(wrong, brief, Promise.resolve(right.map(() => 1)));
    expect(wrong.prints).toBe(2);
    expect(Buffer.from(corrected).equals(Buffer.from(pdf))).toBe(true);
    for (const entry of await contentsAndPages(corrected, titles)) expect(entry.listed, entry.title).toBe(entry.actual);
  });

  it('should guess each brief of a batch as printed alone, and use the last build where there is one', async () => {
    const alone = await Promise.all(briefs.map(async (b) => readBookmarkPages(await print(session, b))));
    const none = path.join(os.tmpdir(), 'briefpack-no-such-dir', 'brief.pdf');
    const batched = guessPages(async () => session, briefs.map(async (b) => ({ html: () => b.html, fonts: b.fonts, lastPdf: none })), { batchSize: 8 });
    expect(await Promise.all(batched)).toEqual(alone);
    const last = path.join(inject('packDir'), 'iom', 'brief.pdf');
    const [fromLast] = guessPages(async () => session, [Promise.resolve({ html: () => briefs[0]!.html, fonts: briefs[0]!.fonts, lastPdf: last })], { batchSize: 8 });
    expect(await fromLast).toEqual(await readBookmarkPages(new Uint8Array(await readFile(last))));
  });
});
