import type { BrowserSession, PageOptions } from '../browser/browser.js';
import type { DocumentPage } from '../browser/document-page.js';
import { trace } from '../trace.js';
import { fullTitle, type BriefMeta } from '../model.js';
import { outlineItems, retitleOutline, type OutlineItem } from './outline.js';
import { loadPdf, loadPdfLib, savePdf } from './pdf-lib.js';
import { columnHeadingPages } from './column-pages.js';
import { printHeadingPages } from './heading-pages.js';
import { stabilizeStructureIds } from './stable-ids.js';

export interface PdfMetadata {
  /** The Title, Author, Subject, Keywords and language come from here. */
  meta: Pick<BriefMeta, 'title' | 'subtitle' | 'author' | 'summary' | 'keywords' | 'lang'>;
  creator: string;
  date: Date;
  /** The build's revision stamp, kept in the document information as BriefpackRevision. */
  revision: string;
}

interface Heading {
  id: string;
  text: string;
}

/** A page script: every heading of the document in order, as written (not as CSS upper-cases it). */
export function documentHeadings(): Heading[] {
  return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => ({ id: h.id, text: (h.textContent ?? '').replace(/\s+/g, ' ').trim() }));
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
 * corrected and the document printed again. pdf-lib then titles the bookmarks with the headings' own
 * text and sets the metadata, keeping Chromium's tags.
 */
export async function printPaged(
  session: BrowserSession,
  html: string,
  metadata: PdfMetadata,
  options: PageOptions & { warn: (message: string) => void },
): Promise<Uint8Array> {
  const { warn } = options;
  return session.withPage(async (page: DocumentPage) => {
    await page.load(html);
    const headings = await page.run(documentHeadings);
    const titles = headings.map((h) => h.text);
    if (!(await page.run(hasPageSlots))) return finishPdf(await page.print(), metadata, titles);
    const fill = (numbers: readonly number[]) => page.run(fillPageSlots, headings.map((h) => h.id), [...numbers]);
    // Numbers that cannot each be checked against a bookmark are not shown.
    const unnumbered = async (bookmarks: number) => {
      warn(`${bookmarks} bookmarks for ${headings.length} headings; the contents show no page numbers`);
      await fill([]);
      return finishPdf(await page.print(), metadata, titles);
    };
    let pages: readonly number[] | undefined = await columnHeadingPages(page);
    if (pages?.length !== headings.length) {
      pages = await printHeadingPages(page);
      trace('pdf printed');
      if (pages.length !== headings.length) return unnumbered(pages.length);
    }
    for (let round = 1; ; round++) {
      const shown: readonly number[] = pages;
      await fill(shown);
      const pdf = await page.print();
      trace('pdf printed with page numbers');
      let printed: number[] = [];
      const finished = await finishPdf(pdf, metadata, titles, (items) => (printed = items.map((item) => item.page)));
      if (printed.length !== headings.length) return unnumbered(printed.length);
      if (printed.every((p, i) => p === shown[i])) return finished;
      if (round === 3) {
        warn('the page numbers moved headings to other pages; check the contents page');
        return finished;
      }
      pages = printed;
    }
  }, options);
}

/**
 * What every PDF of the build gets after Chromium: bookmarks titled with the headings' own text (in
 * document order, one per bookmark), and the metadata Chromium does not write.
 */
export async function finishPdf(pdf: Uint8Array, metadata: PdfMetadata, headings: readonly string[], inspect?: (items: OutlineItem[]) => void): Promise<Uint8Array> {
  const [{ PDFDict, PDFHexString, PDFName }, doc] = await Promise.all([loadPdfLib(), loadPdf(pdf)]);
  const items = await outlineItems(doc);
  inspect?.(items);
  await retitleOutline(items, headings);
  await stabilizeStructureIds(doc);
  const { meta, creator, date, revision } = metadata;
  doc.setTitle(fullTitle(meta), { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.summary) doc.setSubject(meta.summary);
  if (meta.keywords.length > 0) doc.setKeywords(meta.keywords);
  doc.setLanguage(meta.lang);
  doc.setCreator(creator);
  doc.setProducer(`${creator} (Chromium, pdf-lib)`);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.context.lookup(doc.context.trailerInfo.Info, PDFDict).set(PDFName.of('BriefpackRevision'), PDFHexString.fromText(revision));
  return savePdf(doc);
}
