import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/browser/browser.js';
import type { DocumentPage } from '../src/browser/document-page.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { prepareBrief, type PreparedBrief } from '../src/build/render-brief.js';
import { loadRenderAssets, type RenderAssets } from '../src/render/assets.js';
import { loadProject } from '../src/project/load-project.js';
import { readPdfOutline } from '../src/read-back/read-back-thread.js';
import { loadConfig } from '../src/config.js';
import { briefPrintHtml } from '../src/formats/brief-print-html.js';
import { briefEntry } from '../src/pack/briefs.js';
import { loadPackDefinition } from '../src/pack/definition.js';
import { renderPackPdf } from '../src/pack/pack-outputs.js';
import { columnHeadingPages } from '../src/pdf/column-pages.js';
import { printHeadingPages } from '../src/pdf/heading-pages.js';
import { printPaged } from '../src/pdf/print-paged.js';
import { iomSource, pdfInfo, pdfPageText, repoRoot } from './helpers.js';

/** A session that counts the prints made on its pages. */
function counting(session: BrowserSession) {
  const counter = {
    prints: 0,
    withPage: <T>(fn: (page: DocumentPage) => Promise<T>, options?: Parameters<BrowserSession['withPage']>[1]) =>
      session.withPage((page) => fn({ ...page, print: (o) => (counter.prints++, page.print(o)) }), options),
    close: () => session.close(),
  };
  return counter;
}

/** The page each contents entry lists, and the page its heading is on, read by pdftotext. */
async function contentsAndPages(pdf: Uint8Array, titles: readonly string[]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-contents-'));
  const file = path.join(dir, 'brief.pdf');
  await writeFile(file, pdf);
  const lines = Array.from({ length: Number(pdfInfo(file).Pages) }, (_, i) => pdfPageText(file, i + 1).split('\n').map((l) => l.trim()));
  await rm(dir, { recursive: true });
  const contents = lines.find((page) => page.some((l) => /^(İçindekiler|Contents)$/.test(l)))!;
  return titles.map((title) => ({
    title,
    listed: Number(/(\d+)$/.exec(contents.find((l) => l.startsWith(title) && l !== title) ?? '')?.[1]),
    actual: lines.findIndex((page) => page.includes(title)) + 1,
  }));
}

/**
 * Briefs of every kind of block that breaks across pages: paragraphs of every length (orphans and
 * widows), long tables (header rows repeated), lists, quotes, code, headings of three levels kept
 * with what follows them. Seeded: the same briefs every run.
 */
function variedBriefs(front: string, count: number): string[] {
  let seed = 7;
  const random = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
  const words = 'göç örgüt hükümet işbirliği Iğdır İstanbul Şanlıurfa çalışma alanı uluslararası insani yardım düzenli program ofis devlet üye'.split(' ');
  const sentence = (n: number) => `${Array.from({ length: n }, () => words[random(words.length)]).join(' ')}.`;
  const paragraph = () => Array.from({ length: 1 + random(8) }, () => sentence(5 + random(12))).join(' ');
  const blocks = [
    paragraph,
    paragraph,
    () => Array.from({ length: 2 + random(12) }, () => `- ${sentence(3 + random(20))}`).join('\n'),
    () => `| Ad | Değer | Not |\n| --- | --- | --- |\n${Array.from({ length: 3 + random(30) }, (_, i) => `| ${words[i % words.length]} ${i} | ${random(1000)} | ${sentence(2 + random(10))} |`).join('\n')}`,
    () => `> ${paragraph()}`,
    () => `\`\`\`\n${Array.from({ length: 2 + random(15) }, () => sentence(4)).join('\n')}\n\`\`\``,
    () => `1. ${sentence(8)}\n2. ${sentence(12)}\n3. ${sentence(6)}`,
  ];
  return Array.from({ length: count }, () => {
    const parts: string[] = [];
    for (let s = 1, sections = 2 + random(7); s <= sections; s++) {
      parts.push(`## ${s}. Bölüm`, ...Array.from({ length: 1 + random(6) }, () => blocks[random(blocks.length)]!()));
      if (random(2)) parts.push(`### ${s}.1. Alt bölüm`, ...Array.from({ length: 1 + random(4) }, () => blocks[random(blocks.length)]!()));
      if (!random(4)) parts.push(`#### ${s}.1.1. Ayrıntı`, blocks[random(blocks.length)]!());
    }
    return `${front}\n${parts.join('\n\n')}\n`;
  });
}

describe('page numbers of the contents', () => {
  let session: BrowserSession;
  let assets: RenderAssets;
  const briefs: PreparedBrief[] = [];
  const prepare = (source: string, name: string) =>
    prepareBrief({ source, file: path.join(repoRoot, 'content', name), root: repoRoot, shown: `content/${name}`, assets, builtOn: new Date(), maxFactAgeMonths: 1200 });
  const html = (brief: PreparedBrief, extraCss = '') => briefPrintHtml(assets.render, brief.context, brief.fonts).replace('</head>', `<style>${extraCss}</style></head>`);
  const print = (s: Pick<BrowserSession, 'withPage'>, brief: PreparedBrief, extraCss = '') =>
    printPaged(s as BrowserSession, html(brief, extraCss), { meta: { title: 'T', subtitle: '', author: 'A', summary: 'S', keywords: [], lang: 'tr' }, creator: 'test', date: new Date(0), revision: 'r1' }, { serve: brief.fonts.files, warn: (m) => expect.fail(m) });

  beforeAll(async () => {
    session = await launchBrowser(await findBrowser());
    assets = await loadRenderAssets(await loadProject(loadConfig(repoRoot)));
    const iom = await iomSource();
    briefs.push(await prepare(iom, 'iom.md'), await prepare(await readFile(path.join(repoRoot, 'content/iom.en.md'), 'utf8'), 'iom.en.md'));
    const front = iom.slice(0, iom.indexOf('\n---', 4) + 4);
    for (const [i, source] of variedBriefs(front, 12).entries()) briefs.push(await prepare(source, `varied-${i + 1}.md`));
  });
  afterAll(() => session?.close());

  it('should place every heading where Chromium prints it, laid out in columns the size of the pages', async () => {
    for (const brief of briefs) {
      const [columns, printed] = await session.withPage(async (page) => {
        await page.load(html(brief));
        return [await columnHeadingPages(page), await printHeadingPages(page)];
      }, { serve: brief.fonts.files });
      expect(columns, brief.shown).toEqual(printed);
    }
  });

  it('should leave the document as it found it, less the soft hyphens that end no line', async () => {
    const brief = briefs[2]!;
    const [before, after] = await session.withPage(async (page) => {
      await page.load(html(brief));
      const markup = () => page.run(() => document.documentElement.outerHTML);
      const first = await markup();
      await columnHeadingPages(page);
      return [first, await markup()];
    }, { serve: brief.fonts.files });
    const soft = (s: string) => [...s.matchAll(/\u00ad/g)].length;
    expect(after.replaceAll('\u00ad', '')).toBe(before.replaceAll('\u00ad', ''));
    expect(soft(after)).toBeLessThan(soft(before));
  });

  it('should read page boxes and breaks as print does', async () => {
    const section = (n: number) => `<h2>Bölüm ${n}</h2><p>${'Iğdır ve Şanlıurfa arasında göç yolları. '.repeat(3)}</p>`;
    const body = Array.from({ length: 40 }, (_, i) => section(i + 1)).join('');
    const documents: Record<string, string> = {
      'A5 landscape': `<style>@page { size: A5 landscape; margin: 12mm; }</style>${body}`,
      'letter, in @media print, margins in inches': `<style>@media print { @page { size: letter; margin: 1in 0.75in; } }</style>${body}`,
      'margins in em, an important one kept': `<style>@page { size: 150mm 200mm; margin: 2em !important; } @page { margin: 5mm; } html { font-size: 12pt; }</style>${body}`,
      'named pages, no explicit break': `<style>@page { size: A5; margin: 10mm; } .a { page: a; } .b { page: b; }</style><section class="a">${section(1)}${section(2)}</section><section class="b">${section(3)}</section><section class="a">${section(4)}</section>`,
      'page breaks by theme, page avoidance': `<style>@page { size: 105mm 148mm; margin: 8mm; } h2:nth-of-type(5n) { break-before: page; } p { break-inside: avoid-page; } h2 { break-after: avoid-page; }</style>${body.replaceAll('</p>', `${'Uzun bir paragraf. '.repeat(20)}</p>`)}`,
      'right to left': `<style>@page { size: A5; margin: 10mm; }</style>${body}`,
    };
    for (const [name, markup] of Object.entries(documents)) {
      const [columns, printed] = await session.withPage(async (page) => {
        await page.load(`<!doctype html><html lang="tr" dir="${name === 'right to left' ? 'rtl' : 'ltr'}"><meta charset="utf-8">${markup}</html>`);
        return [await columnHeadingPages(page), await printHeadingPages(page)];
      });
      expect(printed.at(-1), name).toBeGreaterThan(2);
      expect(columns, name).toEqual(printed);
    }
    for (const [name, css] of Object.entries({ 'a first page of its own': '@page { size: A5; margin: 10mm; } @page :first { margin-top: 30mm; }', 'margins in percentages': '@page { size: A5; margin: 5%; }', 'no page size': '@page { margin: 10mm; }' })) {
      const columns = await session.withPage(async (page) => (await page.load(`<!doctype html><style>${css}</style>${body}`), columnHeadingPages(page)));
      expect(columns, name).toBeUndefined();
    }
  });

  it('should print each brief once, its contents right', async () => {
    let pages = 0;
    for (const brief of briefs) {
      const counter = counting(session);
      const pdf = await print(counter, brief);
      expect(counter.prints, brief.shown).toBe(1);
      for (const entry of await contentsAndPages(pdf, brief.doc.toc.map((t) => t.title))) expect(entry.listed, `${brief.shown}: ${entry.title}`).toBe(entry.actual);
      pages = Math.max(pages, ...(await readPdfOutline(pdf)).bookmarkPages);
    }
    // The varied briefs do break across many pages.
    expect(pages).toBeGreaterThan(6);
  });

  it('should print pack.pdf once', async () => {
    const config = loadConfig(repoRoot);
    const counter = counting(session);
    const packBriefs = briefs.map((b, i) => ({ entry: briefEntry(path.join(repoRoot, 'content', i < 2 ? path.basename(b.doc.sourcePath) : `varied-${i}.md`)), doc: b.doc, stamp: b.revision.stamp }));
    const pdf = await renderPackPdf({ pack: await loadPackDefinition(config), version: '1', briefs: packBriefs, assets, generator: 'test', builtOn: new Date(0), browser: async () => counter as unknown as BrowserSession, warn: (m) => expect.fail(m) });
    expect(counter.prints).toBe(1);
    expect((await readPdfOutline(pdf)).bookmarkPages.at(-1)).toBeGreaterThan(30);
  });

  it('should correct numbers the columns got wrong, and print the headings alone where pages cannot be emulated', async () => {
    const brief = briefs[0]!;
    // Media queries see the window on screen (under 800 px high) and the page in print (A4, taller):
    // this rule spaces the paragraphs in print only, so the columns get them wrong.
    expect(await session.withPage((page) => page.run(() => innerHeight))).toBeLessThan(800);
    const wrong = counting(session);
    const corrected = await print(wrong, brief, '@media (min-height: 800px) { .bp-body p { margin-bottom: 120px; } }');
    expect(wrong.prints).toBe(2);
    for (const entry of await contentsAndPages(corrected, brief.doc.toc.map((t) => t.title))) expect(entry.listed, entry.title).toBe(entry.actual);

    // A first page of its own size: no one column width; a first print reads where the headings land.
    const unemulated = counting(session);
    const firstPage = '@page :first { margin-top: 60mm; }';
    expect(await session.withPage(async (page) => (await page.load(html(brief, firstPage)), columnHeadingPages(page)), { serve: brief.fonts.files })).toBeUndefined();
    const printed = await print(unemulated, brief, firstPage);
    expect(unemulated.prints).toBe(2);
    for (const entry of await contentsAndPages(printed, brief.doc.toc.map((t) => t.title))) expect(entry.listed, entry.title).toBe(entry.actual);
  });

  it('should show no numbers where a heading prints no bookmark', async () => {
    const brief = briefs[0]!;
    const warnings: string[] = [];
    const pdf = await printPaged(session, html(brief, '.bp-body h2:last-of-type { display: none; }'), { meta: { title: 'T', subtitle: '', author: 'A', summary: 'S', keywords: [], lang: 'tr' }, creator: 'test', date: new Date(0), revision: 'r1' }, { serve: brief.fonts.files, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringMatching(/^\d+ bookmarks for \d+ headings; the contents show no page numbers$/)]);
    for (const entry of await contentsAndPages(pdf, brief.doc.toc.slice(0, 2).map((t) => t.title))) expect(entry.listed, entry.title).toBeNaN();
  });
});
