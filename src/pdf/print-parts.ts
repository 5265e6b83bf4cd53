import type { DocumentPage } from '../browser/document-page.js';
import { readPdfOutline } from '../read-back/read-back-thread.js';
import type { ColumnLayout } from './column-pages.js';
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
 * A page script: the page shows one part of its document, from seam `from` (0: its start) to seam
 * `to` (0: its end; seams are marked by `headingPagesInColumns`), numbered from page `firstPage` of
 * `total`, as those pages print in the whole: the sides of the boxes the cuts go through that a page
 * break hides (a box's start on the pages after the cut, its end before) are taken away, rules for
 * the document's first page apply to the part's only where it starts the document. The whole
 * document is kept aside for `showWhole`; `pointLinksOutside` then mends the part's links.
 */
export function showPart(from: number, to: number, firstPage: number, total: number): void {
  const state = window as unknown as { bpWhole?: HTMLElement; bpFirstRules?: CSSPageRule[] };
  const whole = (state.bpWhole ??= document.body);
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
  document.body.replaceWith(body);
  // A block after a page break that was not forced loses its margin there, with the margins of its
  // first descendants that collapse through its top.
  let first = start ? body.querySelector<HTMLElement>(`[data-bp-seam="${from}"]`) : null;
  if (first?.hasAttribute('data-bp-seam-forced')) first = null;
  while (first) {
    first.style.setProperty('margin-block-start', '0', 'important');
    const style = getComputedStyle(first);
    if (parseFloat(style.paddingBlockStart) !== 0 || parseFloat(style.borderBlockStartWidth) !== 0) break;
    first = first.firstElementChild as HTMLElement | null;
  }
  // Page numbers: counted from `firstPage`, of `total` (Chromium's own count of pages is the part's).
  let style = document.getElementById('bp-part-style');
  if (!style) {
    style = document.createElement('style');
    style.id = 'bp-part-style';
    document.head.append(style);
  }
  style.textContent = `@page { counter-reset: bp-pages ${total}; }${firstPage > 1 ? ` @page :first { counter-increment: page ${firstPage}; }` : ''}`;
  const own = (style as HTMLStyleElement).sheet;
  state.bpFirstRules ??= [];
  // Every @page rule, within conditional rules, layers and imports too.
  const pageRules: CSSPageRule[] = [];
  const pending: CSSRule[] = [...document.styleSheets].filter((sheet) => sheet !== own).flatMap((sheet) => [...sheet.cssRules]);
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
    if (rule.selectorText === ':first' && firstPage > 1) {
      rule.selectorText = 'bp-not-first';
      state.bpFirstRules.push(rule);
    } else if (rule.selectorText === 'bp-not-first' && firstPage === 1) rule.selectorText = ':first';
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

/** A page script: the whole document back, as it was before `showPart`. */
export function showWhole(): void {
  const state = window as unknown as { bpWhole?: HTMLElement; bpFirstRules?: CSSPageRule[] };
  if (state.bpWhole) document.body.replaceWith(state.bpWhole);
  delete state.bpWhole;
  for (const standIn of document.querySelectorAll('[data-bp-stand-in]')) standIn.remove();
  for (const rule of state.bpFirstRules ?? []) rule.selectorText = ':first';
  delete state.bpFirstRules;
  document.getElementById('bp-part-style')?.remove();
  const pending: CSSRule[] = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]);
  for (let rule = pending.pop(); rule; rule = pending.pop()) {
    if (rule instanceof CSSImportRule && rule.styleSheet) pending.push(...rule.styleSheet.cssRules);
    else if (rule instanceof CSSGroupingRule && !(rule instanceof CSSPageRule)) pending.push(...rule.cssRules);
    if (!(rule instanceof CSSPageRule)) continue;
    for (const margin of rule.cssRules) {
      const content = (margin as CSSStyleRule).style?.getPropertyValue('content') ?? '';
      if (content.includes('counter(bp-pages')) (margin as CSSStyleRule).style.setProperty('content', content.replace(/counter\(bp-pages\b/g, 'counter(pages'));
    }
  }
}

/**
 * Prints the page's document in the parts its column layout marked, each numbered on from the pages
 * before it, with what `joinPdfs` needs to join them. Counted pages that differ from the layout's
 * total print again with the count printed. The page shows the whole document again afterwards.
 */
export async function printInParts(page: DocumentPage, layout: ColumnLayout, headings: JoinOptions['headings']): Promise<PrintedParts> {
  const ids = layout.targets.map(([id]) => id);
  // Part k starts at seam k (page 1 for the first), as laid out.
  const laidOutStarts = [1, ...layout.seams];
  let total = layout.total;
  for (let attempt = 1; ; attempt++) {
    const parts: Uint8Array[] = [];
    const starts: number[] = [];
    const bookmarkPages: number[] = [];
    let printed = 0;
    try {
      for (let k = 0; k < laidOutStarts.length; k++) {
        starts.push(printed + 1);
        await page.run(showPart, k, k + 1 < laidOutStarts.length ? k + 1 : 0, printed + 1, total);
        await page.run(pointLinksOutside, outsideIdPrefix, ids);
        const pdf = await page.print();
        const outline = await readPdfOutline(pdf);
        parts.push(pdf);
        // The joined outline is the parts' bookmarks in order, each part's pages after the ones before.
        bookmarkPages.push(...outline.bookmarkPages.map((p) => (p > 0 ? p + printed : 0)));
        printed += outline.pageCount;
      }
    } catch (error) {
      // What failed is the error to report, not a page that cannot show its document again.
      await page.run(showWhole).catch(() => {});
      throw error;
    }
    await page.run(showWhole);
    if (printed !== total && attempt === 1) {
      total = printed;
      continue;
    }
    // A target's page: as far into its part as the layout has it, within the part's printed pages.
    const outsideTargets = layout.targets.map(([id, laidOut]) => {
      let k = laidOutStarts.length - 1;
      while (k > 0 && laidOutStarts[k]! > laidOut) k--;
      const last = (k + 1 < starts.length ? starts[k + 1]! : printed + 1) - 1;
      return { id, page: Math.min(last, starts[k]! + (laidOut - laidOutStarts[k]!)) - 1 };
    });
    return { parts, join: { headings, outsideTargets }, bookmarkPages };
  }
}
