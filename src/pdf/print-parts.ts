import type { BrowserSession, PageOptions } from '../browser/browser.js';
import type { DocumentPage } from '../browser/document-page.js';
import { onFreshPages } from '../browser/fresh-pages.js';
import { readPdfOutline } from '../read-back/read-back-thread.js';
import { sharedBytes } from '../worker-thread.js';
import type { ColumnLayout } from './column-pages.js';
import type { PartsAhead } from './finish-thread.js';
import { outsideIdPrefix, type JoinOptions } from './join-pdfs.js';

/** A document as Chromium printed it, in one part or more: how to join them, and the page each bookmark points at in the whole. */
export interface PrintedParts {
  parts: Uint8Array[];
  join: JoinOptions;
  bookmarkPages: number[];
}

/**
 * Chromium prints in time that grows with the square of the pages (a 2,000-page brief several times
 * slower than its parts): a paged document longer than this is printed in parts of about as many.
 */
export const pagesPerPart = 200;

/**
 * A page script, on the whole document laid out (`headingPagesInColumns` marked its seams): the
 * part from seam `from` (0: its start) to seam `to` (0: its end), as a document of its own to print
 * alone (see `numberPart`). The sides of the boxes the cuts go through that a page break hides (a
 * box's start on the pages after the cut, its end before) are taken away; the page's document is
 * left as it was.
 */
export function partDocument(from: number, to: number): string {
  const whole = document.body;
  const start = from > 0 ? whole.querySelector(`[data-bp-seam="${from}"]`) : null;
  const end = to > 0 ? whole.querySelector(`[data-bp-seam="${to}"]`) : null;
  const range = document.createRange();
  if (start) range.setStartBefore(start);
  else range.setStart(whole, 0);
  if (end) range.setEndBefore(end);
  else range.setEnd(whole, whole.childNodes.length);
  // The boxes the cuts go through, marked to be found in the copy (and unmarked whatever happens).
  const marked: Element[] = [];
  const body = whole.cloneNode(false) as HTMLElement;
  try {
    for (const [edge, side] of [[start, 'start'], [end, 'end']] as const) {
      for (let e = edge?.parentElement; e && e !== whole; e = e.parentElement) {
        e.setAttribute(`data-bp-cut-${side}`, '');
        marked.push(e);
      }
    }
    // The range's copy holds what is inside the box holding both cuts, not that box: it and the boxes
    // around it, up to the body, are copied around the copy.
    let content: Node = range.cloneContents();
    for (let e: Node | null = range.commonAncestorContainer; e && e !== whole; e = e.parentNode) {
      const box = e.cloneNode(false);
      box.appendChild(content);
      content = box;
    }
    body.append(content);
  } finally {
    for (const e of marked) for (const side of ['start', 'end']) e.removeAttribute(`data-bp-cut-${side}`);
  }
  for (const side of ['start', 'end']) {
    for (const e of body.querySelectorAll<HTMLElement>(`[data-bp-cut-${side}]`)) {
      e.removeAttribute(`data-bp-cut-${side}`);
      for (const property of [`margin-block-${side}`, `padding-block-${side}`, `border-block-${side}-width`]) e.style.setProperty(property, '0', 'important');
      // A box begun in an earlier part is that part's target, not this one's.
      if (side === 'start') e.removeAttribute('id');
    }
  }
  const root = document.documentElement.cloneNode(false) as HTMLElement;
  root.append(document.head.cloneNode(true), body);
  return `${document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : ''}${root.outerHTML}`;
}

/**
 * A page script, on a part's own document (`partDocument`) starting at seam `from`: its pages are
 * numbered from `firstPage` of `total`, as they print in the whole (Chromium's own count of pages
 * is the part's), and rules for the document's first page apply only where the part starts it.
 */
export function numberPart(from: number, firstPage: number, total: number): void {
  // A block after a page break that was not forced loses its margin there, with the margins of its
  // first descendants that collapse through its top.
  let first = from > 0 ? document.body.querySelector<HTMLElement>(`[data-bp-seam="${from}"]`) : null;
  if (first?.hasAttribute('data-bp-seam-forced')) first = null;
  while (first) {
    first.style.setProperty('margin-block-start', '0', 'important');
    const style = getComputedStyle(first);
    if (parseFloat(style.paddingBlockStart) !== 0 || parseFloat(style.borderBlockStartWidth) !== 0) break;
    first = first.firstElementChild as HTMLElement | null;
  }
  const style = document.createElement('style');
  style.textContent = `@page { counter-reset: bp-pages ${total}; }${firstPage > 1 ? ` @page :first { counter-increment: page ${firstPage}; }` : ''}`;
  document.head.append(style);
  // Every @page rule, within conditional rules, layers and imports too.
  const pageRules: CSSPageRule[] = [];
  const pending: CSSRule[] = [...document.styleSheets].filter((sheet) => sheet !== style.sheet).flatMap((sheet) => [...sheet.cssRules]);
  for (let rule = pending.pop(); rule; rule = pending.pop()) {
    if (rule instanceof CSSPageRule) pageRules.push(rule);
    else if (rule instanceof CSSImportRule && rule.styleSheet) pending.push(...rule.styleSheet.cssRules);
    else if (rule instanceof CSSGroupingRule) pending.push(...rule.cssRules);
  }
  for (const rule of pageRules) {
    for (const margin of rule.cssRules) {
      const content = (margin as CSSStyleRule).style?.getPropertyValue('content') ?? '';
      if (content.includes('counter(pages')) (margin as CSSStyleRule).style.setProperty('content', content.replace(/counter\(pages\b/g, 'counter(bp-pages'));
    }
    // The document's first page (a cover) is the first part's first page only.
    if (rule.selectorText === ':first' && firstPage > 1) rule.selectorText = 'bp-not-first';
  }
}

/**
 * A page script, for a part of a document shown in the page (of a paged document or of a deck): a
 * link to one of `ids` whose target is not in the part points to a stand-in instead, an empty box
 * with the id `prefix` + the target's number in `ids` (`outsideIdPrefix`), which `joinPdfs` points
 * back at the target. The stand-ins stand before the body, out of the flow (where no rule for its
 * children can see them): a destination each, and nothing printed or tagged.
 */
export function pointLinksOutside(prefix: string, ids: string[]): void {
  const numbers = new Map(ids.map((id, i) => [id, i]));
  const standIns = new Set<number>();
  for (const a of document.body.querySelectorAll('a[href^="#"]')) {
    let id: string;
    try {
      id = decodeURIComponent((a.getAttribute('href') ?? '').slice(1));
    } catch {
      continue;
    }
    const number = numbers.get(id);
    if (number === undefined || document.getElementById(id)) continue;
    a.setAttribute('href', `#${prefix}${number}`);
    standIns.add(number);
  }
  for (const old of document.querySelectorAll('[data-bp-stand-in]')) old.remove();
  for (const number of standIns) {
    const standIn = document.createElement('span');
    standIn.id = `${prefix}${number}`;
    standIn.dataset.bpStandIn = '';
    standIn.style.cssText = 'position: absolute; top: 0; left: 0; width: 1px; height: 1px;';
    document.documentElement.insertBefore(standIn, document.body);
  }
}

/** The page's document (laid out in columns with seams) cut into its parts, each a document of its own (`partDocument`). */
export async function partDocuments(page: DocumentPage, layout: ColumnLayout): Promise<string[]> {
  const documents: string[] = [];
  for (let k = 0; k <= layout.seams.length; k++) documents.push(await page.run(partDocument, k, k < layout.seams.length ? k + 1 : 0));
  return documents;
}

/** What printing a part needs besides its document: a script run on the part before it prints (filling in page numbers). */
export interface PartOptions extends PageOptions {
  prepare?: (page: DocumentPage) => Promise<void>;
  /** Where each part goes as soon as it is printed: the PDF thread, which reads it while the others print. */
  ahead?: PartsAhead;
}

/**
 * Prints a document's parts (`partDocuments`), several at once, each on a page of its own (a part is
 * a fraction of the whole, and so is the memory its page takes), numbered on from the pages before
 * it, with what `joinPdfs` needs to join them. The pages each part starts are the layout's; where
 * the printed pages differ from them, the parts print again numbered as printed.
 */
export async function printInParts(
  session: BrowserSession,
  documents: readonly string[],
  layout: ColumnLayout,
  headings: JoinOptions['headings'],
  options: PartOptions = {},
): Promise<PrintedParts> {
  const ids = layout.targets.map(([id]) => id);
  // Part k starts at seam k (page 1 for the first), as laid out.
  const laidOutStarts = [1, ...layout.seams];
  let starts = laidOutStarts;
  let total = layout.total;
  for (let attempt = 1; ; attempt++) {
    const printedParts: Array<{ pdf: Uint8Array; outline: Awaited<ReturnType<typeof readPdfOutline>> }> = [];
    await onFreshPages(
      session,
      documents.length,
      async (k, page) => {
        await page.load(documents[k]!);
        await options.prepare?.(page);
        await page.run(numberPart, k, starts[k]!, total);
        await page.run(pointLinksOutside, outsideIdPrefix, ids);
        // Read on the read-back thread, and on the PDF thread: shared, not copied twice.
        const print = await page.print();
        const pdf = options.ahead ? options.ahead.send(print) : sharedBytes(print);
        printedParts[k] = { pdf, outline: await readPdfOutline(pdf) };
      },
      options,
    );
    // Each part's pages after the ones before, as printed.
    const printedStarts: number[] = [];
    let printed = 0;
    for (const { outline } of printedParts) {
      printedStarts.push(printed + 1);
      printed += outline.pageCount;
    }
    const settled = printed === total && printedStarts.every((start, k) => start === starts[k]);
    if (!settled && attempt === 1) {
      starts = printedStarts;
      total = printed;
      continue;
    }
    // The joined outline is the parts' bookmarks in order, each part's pages after the ones before.
    const bookmarkPages = printedParts.flatMap(({ outline }, k) => outline.bookmarkPages.map((p) => (p > 0 ? p + printedStarts[k]! - 1 : 0)));
    // A target's page: as far into its part as the layout has it, within the part's printed pages.
    const outsideTargets = layout.targets.map(([id, laidOut]) => {
      let k = laidOutStarts.length - 1;
      while (k > 0 && laidOutStarts[k]! > laidOut) k--;
      const last = (k + 1 < printedStarts.length ? printedStarts[k + 1]! : printed + 1) - 1;
      return { id, page: Math.min(last, printedStarts[k]! + (laidOut - laidOutStarts[k]!)) - 1 };
    });
    return { parts: printedParts.map(({ pdf }) => pdf), join: { headings, outsideTargets }, bookmarkPages };
  }
}
