import type { BrowserSession, PageOptions } from '../browser/browser.js';
import type { DocumentPage } from '../browser/document-page.js';
import { trace } from '../trace.js';
import { readPdfOutline } from '../read-back/read-back-thread.js';
import { sharedBytes } from '../worker-thread.js';
import { columnLayout } from './column-pages.js';
import type { PdfMetadata, PrintedPage } from './finish-pdf.js';
import { finishOnThread, PartsAhead } from './finish-thread.js';
import { pagesPerPart, partDocuments, printInParts, type PrintedParts } from './print-parts.js';
import { printHeadingPages } from './heading-pages.js';
import { pageLinks } from './link-descriptions.js';

interface Heading {
  id: string;
  text: string;
  /** 1 to 6, from its tag. */
  level: number;
}

/** A page script: every heading of the document in order, as written (not as CSS upper-cases it). */
export function documentHeadings(): Heading[] {
  return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => ({ id: h.id, text: (h.textContent ?? '').replace(/\s+/g, ' ').trim(), level: Number(h.tagName[1]) }));
}

/** A page script: whether the document has contents waiting for page numbers. */
function hasPageSlots(): boolean {
  return document.querySelector('[data-toc-page]') !== null;
}

/**
 * A page script: writes each heading's page number (none where `numbers` has none) into its contents
 * slot, in the page's digits as its running footer has them (Arabic-Indic in Arabic).
 */
function fillPageSlots(ids: string[], numbers: number[]): void {
  const pageOf = new Map(ids.map((id, i) => [id, numbers[i]]));
  const format = new Intl.NumberFormat(document.documentElement.lang || undefined, { useGrouping: false });
  for (const slot of document.querySelectorAll<HTMLElement>('[data-toc-page]')) {
    const page = pageOf.get(slot.dataset.tocPage!);
    slot.textContent = page === undefined ? '' : format.format(page);
  }
}

/**
 * Prints a paged document whose contents list page numbers. Every `[data-toc-page="id"]` gets the
 * page its heading lands on (in space the layout already reserved, so nothing moves), then Chromium
 * prints the document. The pages come from a layout in columns the size of its pages (no print), or,
 * where the pages cannot be emulated so, from a first print that shows the headings only. The
 * printed bookmarks are checked against the numbers shown; where they differ, the numbers are
 * corrected and the document printed again. A long document is cut into parts where its layout
 * marked seams, and its page given back: the parts print several at once on pages of their own.
 * pdf-lib then titles the bookmarks with the headings' own text and sets the metadata, keeping
 * Chromium's tags, on the PDF thread (`finishOnThread`).
 */
export async function printPaged(
  session: BrowserSession,
  html: string,
  metadata: PdfMetadata,
  options: PageOptions & { warn: (message: string) => void },
): Promise<Uint8Array> {
  const { warn } = options;
  // A refused request is reported once, however many parts' pages make it.
  const refused = new Set<string>();
  const { onBlocked } = options;
  options = { ...options, onBlocked: onBlocked && ((url) => void (refused.has(url) || (refused.add(url), onBlocked(url)))) };
  // The page is given back once printed, or once cut into parts: the PDF is finished (on the PDF
  // thread, seconds for a long document) while another document takes the browser's room (see
  // document-budget.ts).
  const laidOut = await session.withPage(async (page: DocumentPage) => {
    await page.load(html);
    const headings = await page.run(documentHeadings);
    const printed: PrintedPage = { headings: headings.map((h) => h.text), links: await page.run(pageLinks) };
    const ids = headings.map((h) => h.id);
    const finish = (print: PrintedParts) => () => finishOnThread(print.parts, print.join, metadata, printed);
    if (!(await page.run(hasPageSlots))) return finish({ parts: [await page.print()], join: whole, bookmarkPages: [] });
    const layout = await columnLayout(page, pagesPerPart);
    let pages: readonly number[] | undefined = layout?.pages;
    // A long document whose pages the columns emulated prints in the parts they marked.
    if (layout && layout.seams.length > 0 && layout.pages.length === headings.length) {
      return { documents: await partDocuments(page, layout), layout, headings, printed, ids };
    }
    const printHere = async (numbers: readonly number[]) => {
      await page.run(fillPageSlots, ids, [...numbers]);
      return printWhole(page);
    };
    if (pages?.length !== headings.length) {
      pages = await printHeadingPages(page);
      trace('pdf printed');
      // Numbers that cannot each be checked against a bookmark are not shown.
      if (pages.length !== headings.length) {
        warn(`${pages.length} bookmarks for ${headings.length} headings; the contents show no page numbers`);
        return finish(await printHere([]));
      }
    }
    return finish(await printNumbered(pages, headings.length, warn, printHere));
  }, options);
  if (typeof laidOut === 'function') return laidOut();
  const { documents, layout, headings, printed, ids } = laidOut;
  const ahead = new PartsAhead();
  const print = await printNumbered(layout.pages, headings.length, warn, (numbers) =>
    printInParts(session, documents, layout, headings, { ...options, ahead, prepare: (page) => page.run(fillPageSlots, ids, [...numbers]) }),
  );
  return finishOnThread(print.parts, print.join, metadata, printed, ahead);
}

/**
 * Prints with `pages` shown as the headings' page numbers (`headings` of them) until the printed
 * bookmarks agree with the numbers shown, three times at most; with no numbers where the bookmarks
 * are not one per heading.
 */
async function printNumbered(pages: readonly number[], headings: number, warn: (message: string) => void, print: (numbers: readonly number[]) => Promise<PrintedParts>): Promise<PrintedParts> {
  for (let round = 1; ; round++) {
    const shown = pages;
    const result = await print(shown);
    trace(`pdf printed with page numbers${result.parts.length > 1 ? ` (${result.parts.length} parts)` : ''}`);
    const bookmarked = result.bookmarkPages;
    if (bookmarked.length !== headings) {
      warn(`${bookmarked.length} bookmarks for ${headings} headings; the contents show no page numbers`);
      return print([]);
    }
    const settled = bookmarked.every((p, i) => p === shown[i]);
    if (!settled && round === 3) warn('the page numbers moved headings to other pages; check the contents page');
    if (settled || round === 3) return result;
    pages = bookmarked;
  }
}

/** Joins nothing: a document printed whole. */
const whole = { headings: [], outsideTargets: [] };

/** The page's document printed whole, with the page each bookmark points at (read by PDFium). */
async function printWhole(page: DocumentPage): Promise<PrintedParts> {
  const pdf = sharedBytes(await page.print());
  return { parts: [pdf], join: whole, bookmarkPages: (await readPdfOutline(pdf)).bookmarkPages };
}
