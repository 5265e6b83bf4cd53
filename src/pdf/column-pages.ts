import type { Page } from 'puppeteer-core';

/**
 * Runs in the page, under print media (every page of the build's browser shows it): the 1-based page each heading would print on, from a screen
 * layout that paginates as printing does. The root becomes a multi-column box whose columns are the
 * page area of the document's own `@page` size and margins: Chromium breaks columns with the same
 * fragmentation engine it breaks pages with (break-inside, orphans, widows, repeated table headers),
 * so each column holds what a page would. Forced page breaks, and changes of named page, become column
 * breaks. Everything is put back afterwards. Null when the pages cannot be emulated: no page size or
 * margins, a first/left/right or named page of another size, margins in percentages, a root element
 * with margins, borders or padding.
 *
 * Puppeteer sends its source text, so it refers to nothing outside itself and names no inner
 * function (a bundler keeping names would wrap those in a helper the page lacks).
 */
export function headingPagesInColumns(): number[] | null {
  const boxProperties = ['size', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left'];
  const box: Record<string, string> = {};
  // @page rules in cascade order, through the conditional rules that apply.
  const rules: CSSRule[] = [];
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
  document.body.append(probe);
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
  // Chromium lays pages out in 1/64 px.
  const width = Math.round((pageWidth - left - right) * 64) / 64;
  const height = Math.round((pageHeight - top - bottom) * 64) / 64;
  if (!(width > 0 && height > 0)) return null;
  const root = getComputedStyle(document.documentElement);
  for (const side of ['top', 'right', 'bottom', 'left']) {
    for (const property of [`margin-${side}`, `padding-${side}`, `border-${side}-width`]) if (parseFloat(root.getPropertyValue(property)) !== 0) return null;
  }

  const columns = document.createElement('style');
  columns.textContent = `html { box-sizing: content-box !important; width: ${width}px !important; min-width: 0 !important; max-width: none !important; height: ${height}px !important; min-height: 0 !important; max-height: none !important; overflow: visible !important; columns: ${width}px auto !important; column-gap: 0 !important; column-fill: auto !important; }`;
  // Forced page breaks and named page changes, as column breaks, on the elements' own style (kept to put back).
  const pageBreaks = new Set(['page', 'left', 'right', 'recto', 'verso']);
  const changed: Array<[HTMLElement, string, string, string]> = [];
  for (const element of document.querySelectorAll<HTMLElement>('body, body *')) {
    const style = getComputedStyle(element);
    const previous = element.previousElementSibling;
    const before = pageBreaks.has(style.breakBefore) || (previous !== null && getComputedStyle(previous).getPropertyValue('page') !== style.getPropertyValue('page'));
    for (const [property, forced] of [['break-before', before], ['break-after', pageBreaks.has(style.breakAfter)]] as const) {
      if (!forced) continue;
      changed.push([element, property, element.style.getPropertyValue(property), element.style.getPropertyPriority(property)]);
      element.style.setProperty(property, 'column', 'important');
    }
  }
  document.head.append(columns);
  const origin = document.documentElement.getBoundingClientRect().left;
  const pages = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Math.floor((h.getBoundingClientRect().left - origin + 0.5) / width) + 1);
  columns.remove();
  for (const [element, property, value, priority] of changed) {
    if (value) element.style.setProperty(property, value, priority);
    else element.style.removeProperty(property);
  }
  return pages;
}

/**
 * Where each heading of the page's document will print, without printing: laid out in columns the
 * size of its pages (see `headingPagesInColumns`). A print costs Chromium some 50 ms however short
 * the document; this costs a layout. Undefined when the document's pages cannot be emulated.
 */
export async function columnHeadingPages(page: Page): Promise<number[] | undefined> {
  return (await page.evaluate(headingPagesInColumns)) ?? undefined;
}
