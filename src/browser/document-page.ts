import type { Page, PDFOptions } from 'puppeteer-core';
import { BriefpackError } from '../errors.js';
import { trace } from '../trace.js';
import type { DocumentBudget } from './document-budget.js';
import { withPatientTimeout } from './patient-timer.js';

/**
 * A function run inside the page. Puppeteer sends its source text, so it refers to nothing outside
 * itself and names no inner function (a bundler keeping names would wrap those in a helper the page
 * lacks); its arguments and result travel as JSON.
 */
export type PageScript<A extends unknown[], R> = (...args: A) => R;

/**
 * A browser page as the build uses it: a document is loaded (every <details> open), measured or
 * changed by page scripts, and printed. What every page is (browser.ts sets it up so, once): a
 * background tab, which Chromium does not paint for a screen; print media, so that whatever is
 * measured is the print layout; the content's own scripts off; no request answered but data: URLs and the files the page's user serves.
 */
export interface DocumentPage {
  /**
   * Puts a self-contained HTML document in the page and waits until the fonts its text uses are
   * loaded. It holds `weight` times its characters of the browser's budget (document-budget.ts):
   * more for documents whose renderer takes more memory a character.
   */
  load(html: string, weight?: number): Promise<void>;
  /** Swaps the body for `html`'s, keeping the head (style sheets, loaded fonts), and waits for its fonts. */
  replaceBody(html: string): Promise<void>;
  /** Runs a page script (to measure the layout, or to fill in what only the layout tells) and returns its result. */
  run<A extends unknown[], R>(script: PageScript<A, R>, ...args: A): Promise<Awaited<R>>;
  /**
   * Prints the document as its @page rules ask, backgrounds included, with a bookmark per heading;
   * tagged for accessibility unless `tagged: false` (a quicker print read only for its bookmarks).
   */
  print(options?: { tagged?: boolean }): Promise<Uint8Array>;
}

// No timeout of puppeteer's own: the page's steps are watched here, with a time that grows with the document.
const pdfOptions: PDFOptions = { preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 0 };

/**
 * How long Chromium may take over one step on a page holding `chars` of HTML: a minute, and a minute
 * more for each million characters. A 1 MB brief (300 pages) prints in a few seconds; a step taking
 * ten times what its size needs is a browser that is stuck, not a large document.
 */
export const stepBudgetMs = (chars: number): number => 60_000 + (60_000 * chars) / 1e6;

const megabytes = (chars: number) => `${(chars / 1e6).toFixed(1)} MB`;

/**
 * Waits for the fonts the page's text uses. A hidden page lays out only when asked, and a font is
 * fetched only once laid-out text needs it: layout first, or the fonts would be "ready" unloaded.
 */
function layoutAndFonts(): Promise<void> {
  // Paper cannot be clicked: what a closed <details> hides is printed open.
  for (const details of document.querySelectorAll('details')) details.open = true;
  void document.body?.offsetHeight;
  return document.fonts.ready.then(() => undefined);
}

function swapBody(html: string): Promise<void> {
  document.body.replaceWith(document.adoptNode(new DOMParser().parseFromString(html, 'text/html').body));
  for (const details of document.querySelectorAll('details')) details.open = true;
  void document.body.offsetHeight;
  return document.fonts.ready.then(() => undefined);
}

/**
 * The document interface of a puppeteer page that browser.ts has set up. Each step is watched: a
 * crash of the page, or of the whole browser, fails it at once with that cause, and a step that
 * takes longer than its budget (`stepBudgetMs`, by the size of the document) fails saying so.
 */
export function documentPage(page: Page, documents: DocumentBudget): DocumentPage & { release(): number } {
  // The size of the document the page holds, which every step's budget grows with.
  let chars = 0;
  // What it holds of the browser's budget for documents (document-budget.ts).
  let held = 0;
  let crashed: Error | undefined;
  const crashWatchers = new Set<(error: Error) => void>();
  page.on('error', (error: Error) => {
    crashed = error;
    for (const watcher of crashWatchers) watcher(error);
  });
  const step = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const doing = `${what} (${megabytes(chars)} of HTML)`;
    const failure = (message: string, error?: unknown) => new BriefpackError('RENDER', message, undefined, error ? { cause: error } : undefined);
    if (crashed) throw failure(`Chromium's page had crashed before ${doing}`);
    let onCrash: ((error: Error) => void) | undefined;
    const crash = new Promise<never>((_, reject) => {
      onCrash = (error) => reject(failure(`Chromium's page crashed while ${doing}; most often it ran out of memory`, error));
      crashWatchers.add(onCrash);
    });
    const budget = stepBudgetMs(chars);
    const running = work().catch((error: unknown) => {
      if (error instanceof BriefpackError) throw error;
      // A browser that went away fails what it was doing with puppeteer's words for it ("Target closed"...).
      if (!page.browser().connected) throw failure(`Chromium exited while ${doing}: it was killed, or ran out of memory`, error);
      throw error;
    });
    try {
      return await withPatientTimeout(Promise.race([running, crash]), budget, (busyMs) => {
        const busy = busyMs > 1000 ? `, not counting ${Math.round(busyMs / 1000)} s this build was busy elsewhere` : '';
        return failure(`Chromium took more than ${Math.round(budget / 1000)} s${busy} ${doing}: it is stuck, or the machine is overloaded`);
      });
    } finally {
      crashWatchers.delete(onCrash!);
    }
  };
  return {
    async load(html, weight = 1) {
      documents.give(held);
      held = 0;
      const weighed = Math.round(html.length * weight);
      await documents.take(weighed);
      held = weighed;
      chars = html.length;
      await step('loading the document', async () => {
        await page.setContent(html, { waitUntil: 'load', timeout: 0 });
        await page.evaluate(layoutAndFonts);
      });
      trace(`content loaded (${megabytes(chars)})`);
    },
    async replaceBody(html) {
      chars = html.length;
      await step('laying out the document', () => page.evaluate(swapBody, html));
    },
    run<A extends unknown[], R>(script: PageScript<A, R>, ...args: A): Promise<Awaited<R>> {
      return step('measuring the document', () => page.evaluate(script as (...a: unknown[]) => R, ...args) as Promise<Awaited<R>>);
    },
    print({ tagged = true } = {}) {
      return step('printing the document', () => page.pdf({ ...pdfOptions, tagged }));
    },
    /** The page is given back: what it holds counts no more. Answers how much that was. */
    release() {
      const was = held;
      documents.give(held);
      held = 0;
      return was;
    },
  };
}
