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
 * printing the documents a batch at a time, one print a batch: a print has a large fixed cost, and
 * this one is only read for its bookmarks. Jobs come as they are ready (a build parses its briefs
 * while the first ones print); a batch is the next `batchSize` of them, split by fonts, and prints
 * once its jobs are ready and the batch before it printed. `printPaged` checks each guess against
 * its own print and prints again where one was wrong, so a guess costs nothing in correctness.
 * Undefined for a job that fails to get ready.
 */
export function guessPages(session: () => Promise<BrowserSession>, jobs: ReadonlyArray<Promise<GuessJob | undefined>>, options: { batchSize: number }): PageGuesses {
  const guesses: PageGuesses = [];
  let previous: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < jobs.length; start += options.batchSize) {
    const chunk = jobs.slice(start, start + options.batchSize);
    const after = previous;
    const chunkGuesses = Promise.all(chunk).then((ready) => guessChunk(session, ready, after));
    previous = chunkGuesses.then((c) => c.printed).catch(() => {});
    chunk.forEach((_, i) => guesses.push(chunkGuesses.then((c) => c.guesses[i]).catch(() => undefined)));
  }
  return guesses;
}

/**
 * Guesses for a chunk of ready jobs: documents with a last PDF read from it, the others printed
 * together by fonts once `previous` printed (one batch after another: the first documents print
 * while later batches are laid out).
 */
function guessChunk(session: () => Promise<BrowserSession>, jobs: ReadonlyArray<GuessJob | undefined>, previous: Promise<unknown>) {
  const fresh: Array<{ job: GuessJob; i: number }> = [];
  const guesses: PageGuesses = jobs.map((job, i) => {
    if (job && existsSync(job.lastPdf)) return lastPages(job.lastPdf);
    if (job) fresh.push({ job, i });
    return Promise.resolve(undefined);
  });
  let printed = previous;
  for (const fonts of new Set(fresh.map(({ job }) => job.fonts))) {
    const group = fresh.filter(({ job }) => job.fonts === fonts);
    // A document alone is better printed twice on its own page than once more in a batch.
    if (group.length < 2) continue;
    const pages = printed.then(() => guessBatch(session, group.map(({ job }) => job.html()), { serve: fonts.files })).catch(() => undefined);
    group.forEach(({ i }, n) => (guesses[i] = pages.then((p) => p?.[n])));
    printed = pages;
  }
  return { guesses, printed };
}

/** The heading pages of a PDF the last build left, if it left one: a guess for this build's. */
export async function lastPages(file: string): Promise<readonly number[] | undefined> {
  const data = await readFile(file).catch(() => undefined);
  return data && readBookmarkPages(data).catch(() => undefined);
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
