import type { DocumentPage } from '../browser/document-page.js';

/**
 * Runs in the page, under print media (every page of the build's browser shows it): the 1-based page
 * each heading would print on, from a screen layout that paginates as printing does. The root
 * becomes a multi-column box whose columns are the page area of the document's own `@page` size and
 * margins: Chromium breaks columns with the same fragmentation engine it breaks pages with
 * (break-inside, orphans, widows, repeated table headers), so each column holds what a page would.
 * Breaks are translated (forced page breaks and changes of named page become column breaks, page
 * avoidance column avoidance) and everything is put back afterwards. Null when the pages cannot be
 * emulated: no page size or margins, a first/left/right or named page of another size, margins in
 * percentages, a root element with margins, borders or padding, a heading without a box (it prints
 * no bookmark). What it cannot see (media queries on the page size, an image taller than a page)
 * makes a wrong number, which `printPaged` corrects from the printed bookmarks.
 *
 * While the pages are laid out so, the soft hyphens (U+00AD, from rehype-hyphenate) that end no line
 * go: Chromium writes every soft hyphen into the PDF's text, where one inside a word keeps a viewer's
 * search from finding the word. Taking out a break a line did not use moves no line (the printed
 * pages are the same pixels), except in a table, whose columns are sized by their cells' narrowest
 * content: there they stay.
 *
 * A page script (`PageScript`): self-contained.
 */
export function headingPagesInColumns(pagesPerPart = 0): ColumnLayout | null {
  const boxProperties = ['size', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left'];
  const box: Record<string, string> = {};
  const important = new Set<string>();
  // @page rules in cascade order, through the conditional rules that apply.
  const rules: CSSRule[] = [];
  // A style sheet from another origin hides its rules (reading them throws): the caller falls back.
  for (const sheet of document.styleSheets) rules.push(...sheet.cssRules);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (rule instanceof CSSMediaRule && matchMedia(rule.media.mediaText).matches) rules.splice(i + 1, 0, ...rule.cssRules);
    else if (rule instanceof CSSSupportsRule && CSS.supports(rule.conditionText)) rules.splice(i + 1, 0, ...rule.cssRules);
    else if (rule instanceof CSSPageRule) {
      for (const property of boxProperties) {
        const value = rule.style.getPropertyValue(property);
        if (!value) continue;
        // Pages of different sizes cannot all be one column width.
        if (rule.selectorText !== '') return null;
        const isImportant = rule.style.getPropertyPriority(property) === 'important';
        if (important.has(property) && !isImportant) continue;
        if (isImportant) important.add(property);
        box[property] = value;
      }
    }
  }
  // Named sizes in millimetres, portrait.
  const sizes: Record<string, [number, number]> = {
    a5: [148, 210], a4: [210, 297], a3: [297, 420], b5: [176, 250], b4: [250, 353], 'jis-b5': [182, 257], 'jis-b4': [257, 364],
    letter: [215.9, 279.4], legal: [215.9, 355.6], ledger: [279.4, 431.8],
  };
  const words = (box.size ?? '').toLowerCase().trim().split(/\s+/).filter(Boolean);
  const named = words.map((w) => sizes[w]).find(Boolean);
  const size = named ? named.map((mm) => `${mm}mm`) : words.filter((w) => w !== 'portrait' && w !== 'landscape');
  if (size.length === 1) size.push(size[0]!);
  const margins = ['top', 'right', 'bottom', 'left'].map((side) => box[`margin-${side}`]);
  // Lengths in CSS px as the page computes them; a keyword or a percentage cannot be emulated.
  const probe = document.createElement('div');
  probe.style.cssText = 'position: absolute; visibility: hidden;';
  document.documentElement.append(probe);
  const px = [...size, ...margins].map((value) => {
    probe.style.width = '';
    if (value && /^(\d*\.)?\d+[a-z]*$/i.test(value)) probe.style.width = value;
    return probe.style.width === '' ? NaN : parseFloat(getComputedStyle(probe).width);
  });
  probe.remove();
  if (size.length !== 2 || px.some(Number.isNaN)) return null;
  let [pageWidth, pageHeight] = px as [number, number];
  const orientation = words.find((w) => w === 'landscape' || w === 'portrait');
  if (orientation && (orientation === 'landscape') !== pageWidth > pageHeight) [pageWidth, pageHeight] = [pageHeight, pageWidth];
  const [, , top, right, bottom, left] = px as [number, number, number, number, number, number];
  // Chromium prints on a page area rounded up to whole pixels (A4 less 20 and 22 mm margins:
  // 642.52 x 956.22 px, printed 643 x 957; measured).
  const width = Math.ceil(pageWidth - left - right);
  const height = Math.ceil(pageHeight - top - bottom);
  if (!(width > 0 && height > 0)) return null;
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  // A heading without a box prints no bookmark: the contents cannot be numbered from the bookmarks.
  if (headings.some((h) => h.getClientRects().length === 0)) return null;
  const root = getComputedStyle(document.documentElement);
  for (const side of ['top', 'right', 'bottom', 'left']) {
    for (const property of [`margin-${side}`, `padding-${side}`, `border-${side}-width`]) if (parseFloat(root.getPropertyValue(property)) !== 0) return null;
  }

  const columns = document.createElement('style');
  columns.textContent = `html { box-sizing: content-box !important; width: ${width}px !important; min-width: 0 !important; max-width: none !important; height: ${height}px !important; min-height: 0 !important; max-height: none !important; overflow: visible !important; columns: ${width}px auto !important; column-gap: 0 !important; column-fill: auto !important; }`;
  // Breaks as columns take them, set on the elements' own style (kept to put back): forced page
  // breaks and named page changes force a column break, page avoidance avoids column breaks, and
  // column breaks and avoidance, which print ignores, go.
  const forcedPage = new Set(['page', 'left', 'right', 'recto', 'verso']);
  const asColumn: Record<string, string> = { 'avoid-page': 'avoid', 'avoid-column': 'auto', column: 'auto' };
  const changed: Array<[Element, string | null]> = [];
  for (const element of document.querySelectorAll<HTMLElement>('body, body *')) {
    const style = getComputedStyle(element);
    const previous = element.previousElementSibling;
    const newPage = previous !== null && getComputedStyle(previous).getPropertyValue('page') !== style.getPropertyValue('page');
    const breaks: Array<[string, string]> = [];
    for (const property of ['break-before', 'break-after', 'break-inside']) {
      const value = style.getPropertyValue(property);
      const column = forcedPage.has(value) || (property === 'break-before' && newPage) ? 'column' : asColumn[value];
      if (column) breaks.push([property, column]);
    }
    if (breaks.length === 0) continue;
    changed.push([element, element.getAttribute('style')]);
    for (const [property, value] of breaks) element.style.setProperty(property, value, 'important');
  }
  document.head.append(columns);
  // A heading's page is the column its middle is in; columns run in the root's inline direction.
  const frame = document.documentElement.getBoundingClientRect();
  const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
  const pages = headings.map((h) => {
    const box = h.getBoundingClientRect();
    const middle = box.left + box.width / 2;
    return Math.floor((rtl ? frame.right - middle : middle - frame.left) / width) + 1;
  });
  // The page an element starts on: the column of its first fragment's start edge.
  const startPage = (element: Element) => {
    const first = element.getClientRects()[0];
    return first ? Math.floor((rtl ? frame.right - first.right : first.left - frame.left) / width + 0.001) + 1 : 0;
  };
  const total = Math.max(1, Math.round(document.documentElement.scrollWidth / width));
  // Where a long document may be cut into parts printed alone (see print-parts.ts): before a block
  // that starts at the top of a page, inside nothing but plain block containers, so that the pages
  // before and after it print the same alone. One every `pagesPerPart` pages or more, marked.
  const seams: number[] = [];
  const targets: Array<[string, number]> = [];
  // Left, right and blank pages go by a page's place in the whole, which a part does not know.
  const sided = rules.some((rule) => rule instanceof CSSPageRule && /:(left|right|blank|recto|verso)\b/.test(rule.selectorText));
  if (pagesPerPart > 0 && total > pagesPerPart && !sided) {
    const containers = new Set(['BODY', 'MAIN', 'SECTION', 'ARTICLE', 'DIV', 'HEADER', 'FOOTER']);
    let last = 1;
    const visit = (parent: Element) => {
      for (const child of parent.children) {
        const first = child.getClientRects()[0];
        if (!first) continue;
        const at = startPage(child);
        if (at >= last + pagesPerPart && Math.abs(first.top - frame.top) < 0.5 && at < total) {
          seams.push(at);
          last = at;
          child.setAttribute('data-bp-seam', String(seams.length));
          // A forced break (a column break here, see above) keeps the margin after it; the part it starts must too.
          const previous = child.previousElementSibling;
          if (getComputedStyle(child).breakBefore === 'column' || (previous && getComputedStyle(previous).breakAfter === 'column')) child.setAttribute('data-bp-seam-forced', '');
        }
        // Only a plain block container's children may start a part; one ending before the next seam holds none.
        const rects = child.getClientRects();
        const end = rects[rects.length - 1]!;
        const endsAt = Math.floor((rtl ? frame.right - end.left : end.right - frame.left) / width - 0.001) + 1;
        if (containers.has(child.tagName) && getComputedStyle(child).display === 'block' && endsAt >= last + pagesPerPart) visit(child);
      }
    };
    visit(document.body);
    if (seams.length > 0) {
      for (const a of document.querySelectorAll('a[href^="#"]')) {
        let id: string;
        try {
          id = decodeURIComponent((a.getAttribute('href') ?? '').slice(1));
        } catch {
          continue;
        }
        const target = document.getElementById(id);
        if (target && target.getClientRects().length > 0) targets.push([id, startPage(target)]);
      }
    }
  }
  // A soft hyphen that ends a line is drawn, with a width; one inside a line has none, but for one
  // inside a ligature ("of\u00adfice"), whose box is the ligature's: there the letter after it is on
  // its line, in one box with it, where after a line's end it would be on the next.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const shown = /[^\s\u00ad\u200b-\u200d\u2060\ufeff]/;
  const endsLine = (node: Text, i: number) => {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    // Its box, which is empty where no line ends at it (a fifth quicker than its list of boxes).
    if (!(range.getBoundingClientRect().width > 0)) return false;
    if (!shown.test(node.data[i + 1] ?? '')) return true;
    range.setEnd(node, i + 2);
    return range.getClientRects().length !== 1;
  };
  const shortened: Array<[Text, string]> = [];
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const data = node.data;
    let i = data.indexOf('\u00ad');
    // In a table a soft hyphen also narrows its column's narrowest width: taking it out could widen
    // the column and move the lines of the whole table.
    if (i < 0 || node.parentElement?.closest('td, th, caption')) continue;
    let kept = '';
    let from = 0;
    for (; i >= 0; i = data.indexOf('\u00ad', i + 1)) {
      if (endsLine(node, i)) continue;
      kept += data.slice(from, i);
      from = i + 1;
    }
    if (from > 0) shortened.push([node, kept + data.slice(from)]);
  }
  // Each text changed once, after all are measured: deleting a 5 MB brief's 674,000 one by one took
  // a second, this a fifth of that.
  for (const [node, data] of shortened) node.data = data;
  columns.remove();
  for (const [element, style] of changed) {
    // Set before it is removed: Chromium would write the changed declarations back to an attribute
    // removed while they were pending.
    element.setAttribute('style', style ?? '');
    if (style === null) element.removeAttribute('style');
  }
  return { pages, seams, targets, total };
}

/** The document laid out in columns the size of its pages. */
export interface ColumnLayout {
  /** The 1-based page of each heading. */
  pages: number[];
  /** The page each marked seam (`data-bp-seam`, numbered from 1) starts, in order. */
  seams: number[];
  /** Where there are seams: each internal link's target id and the page it starts on. */
  targets: Array<[string, number]>;
  /** Pages in all. */
  total: number;
}

/**
 * Where each heading of the page's document will print, without printing: laid out in columns the
 * size of its pages (see `headingPagesInColumns`); with seams every `pagesPerPart` pages or more, when
 * asked. A print costs Chromium some 50 ms however short the document; this costs a layout.
 * Undefined when the document's pages cannot be emulated.
 */
export async function columnLayout(page: DocumentPage, pagesPerPart = 0): Promise<ColumnLayout | undefined> {
  // Whatever stops the emulation (a document it cannot read) leaves the pages to a first print.
  return (await page.run(headingPagesInColumns, pagesPerPart).catch(() => null)) ?? undefined;
}

/** `columnLayout`'s heading pages alone. */
export const columnHeadingPages = async (page: DocumentPage): Promise<number[] | undefined> => (await columnLayout(page))?.pages;
