import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadHtml, type BrowserSession, type PageOptions } from '../browser/browser.js';
import { readBookmarkPages } from '../check/read-back-thread.js';
import type { FontSet } from '../render/fonts.js';
import { printHeadingPages } from './heading-pages.js';
import { trace } from '../trace.js';

/** The heading pages of each document given, as its own PDF would have them; undefined where unknown. */
export type PageGuesses = Array<Promise<readonly number[] | undefined>>;

const bodyPattern = /<body([^>]*)>([\s\S]*)<\/body>/;

/**
 * One document of several printed documents' bodies, each starting a page, under the first one's head.
 * Documents of one template share their style sheets (the running header differs, which only fills
 * the page margin), and every page has the same size and margins, so each part paginates as it does
 * alone. Undefined when a document has no body to take.
 */
function combine(htmls: readonly string[]): string | undefined {
  const bodies = htmls.map((html) => bodyPattern.exec(html));
  if (bodies.some((b) => !b)) return undefined;
  const first = htmls[0]!;
  const lang = (html: string) => /<html[^>]*\blang="([^"]*)"/.exec(html)?.[1] ?? '';
  const head = first.slice(0, bodies[0]!.index);
  const parts = bodies.map((b, i) => `<div data-bp-part lang="${lang(htmls[i]!)}">${b![2]}</div>`);
  return `${head}<style>[data-bp-part] + [data-bp-part] { break-before: page; }</style><body${bodies[0]![1]}>${parts.join('\n')}</body></html>`;
}

/** A paged document to guess the heading pages of, the fonts it is printed with, and where the last build left its PDF. */
export interface GuessJob {
  /** The document, made only when it is printed in a batch. */
  html: () => string;
  fonts: FontSet;
  lastPdf: string;
}

/**
 * Guesses where the headings of paged documents will land, so that each needs one print instead of
 * two: from the last build's PDF where there is one (a rebuild mostly keeps its pages), else from
 * printing the documents a batch at a time, one untagged print a batch: a print has a large fixed
 * cost, and this one is only read for its bookmarks. `printPaged` checks each guess against its own
 * print and prints again where one was wrong, so a guess costs nothing in correctness.
 */
export function guessPages(session: () => Promise<BrowserSession>, jobs: readonly GuessJob[], options: { batchSize: number }): PageGuesses {
  const fromBatch = new Map<number, Promise<readonly number[] | undefined>>();
  // Documents printed with the same fonts are batched together (the batch takes the first one's).
  for (const fonts of new Set(jobs.map((job) => job.fonts))) {
    const fresh = jobs.map((job, i) => ({ job, i })).filter(({ job }) => job.fonts === fonts && !existsSync(job.lastPdf));
    // A document alone is better printed twice on its own page than once more in a batch.
    if (fresh.length < 2) continue;
    const batched = guessPagesInBatches(session, fresh.map(({ job }) => job.html()), options.batchSize, { serve: fonts.files });
    batched.forEach((guess, n) => fromBatch.set(fresh[n]!.i, guess));
  }
  return jobs.map((job, i) => fromBatch.get(i) ?? lastPages(job.lastPdf));
}

/** The heading pages of a PDF the last build left, if it left one: a guess for this build's. */
export async function lastPages(file: string): Promise<readonly number[] | undefined> {
  const data = await readFile(file).catch(() => undefined);
  return data && readBookmarkPages(data).catch(() => undefined);
}

function guessPagesInBatches(session: () => Promise<BrowserSession>, htmls: readonly string[], size: number, options: PageOptions): PageGuesses {
  const guesses: PageGuesses = [];
  let previous: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < htmls.length; start += size) {
    const batch = htmls.slice(start, start + size);
    // One batch after another: the first briefs can print while later batches are laid out.
    const result = previous.then(() => guessBatch(session, batch, options)).catch(() => undefined);
    previous = result;
    batch.forEach((_, i) => guesses.push(result.then((pages) => pages?.[i])));
  }
  return guesses;
}

async function guessBatch(session: () => Promise<BrowserSession>, htmls: readonly string[], options: PageOptions): Promise<Array<number[] | undefined> | undefined> {
  const html = combine(htmls);
  if (!html) return undefined;
  return (await session()).withPage(async (page) => {
    await loadHtml(page, html);
    const counts = await page.evaluate(() => [...document.querySelectorAll('[data-bp-part]')].map((part) => part.querySelectorAll('h1, h2, h3, h4, h5, h6').length));
    const pages = await printHeadingPages(page);
    trace(`layout of ${htmls.length} briefs printed`);
    if (counts.length !== htmls.length || pages.length !== counts.reduce((a, b) => a + b, 0)) return undefined;
    let next = 0;
    return counts.map((count) => {
      const own = pages.slice(next, (next += count));
      // A part starts a page; its first heading (the title) is on that page.
      const first = own[0];
      return first && own.every((p) => p >= first) ? own.map((p) => p - first + 1) : undefined;
    });
  }, options);
}
