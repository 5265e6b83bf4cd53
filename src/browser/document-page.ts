import type { Page, PDFOptions } from 'puppeteer-core';
import { trace } from '../trace.js';

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
  /** Puts a self-contained HTML document in the page and waits until the fonts its text uses are loaded. */
  load(html: string): Promise<void>;
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

const pdfOptions: PDFOptions = { preferCSSPageSize: true, printBackground: true, tagged: true, outline: true };

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

/** The document interface of a puppeteer page that browser.ts has set up. */
export function documentPage(page: Page): DocumentPage {
  return {
    async load(html) {
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate(layoutAndFonts);
      trace('content loaded');
    },
    async replaceBody(html) {
      await page.evaluate(swapBody, html);
    },
    run<A extends unknown[], R>(script: PageScript<A, R>, ...args: A): Promise<Awaited<R>> {
      return page.evaluate(script as (...a: unknown[]) => R, ...args) as Promise<Awaited<R>>;
    },
    print({ tagged = true } = {}) {
      return page.pdf({ ...pdfOptions, tagged });
    },
  };
}
