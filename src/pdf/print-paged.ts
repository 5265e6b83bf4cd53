import type { BrowserSession, PageOptions } from '../browser/browser.js';
import type { DocumentPage } from '../browser/document-page.js';
import { trace } from '../trace.js';
import { fullTitle, type BriefMeta } from '../model.js';
import type { PDFDocument, PDFHexString as PdfHexString } from 'pdf-lib';
import { outlineItems, retitleOutline, type OutlineItem } from './outline.js';
import { loadPdf, loadPdfLib, savePdf } from './pdf-lib.js';
import { columnLayout } from './column-pages.js';
import { pagesPerPart, printInParts } from './print-parts.js';
import { printHeadingPages } from './heading-pages.js';
import { stabilizeStructureIds } from './stable-ids.js';
import { describeLinks, pageLinks, type PageLink } from './link-descriptions.js';
import { shortenDestinationNames } from './destination-names.js';
import { markPageArtifacts } from './mark-artifacts.js';
import { retagStructure } from './retag-structure.js';
import { joinPdfs, type JoinOptions } from './join-pdfs.js';
import { xmpPacket } from './xmp.js';

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
  /** 1 to 6, from its tag. */
  level: number;
}

/** What the printed page says that the PDF must carry: its headings' own text (in order) and its links' text. */
export interface PrintedPage {
  headings: readonly string[];
  links: readonly PageLink[];
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
  // The page is given back once printed: the PDF is finished (on this thread, seconds for a long
  // document) while another document takes the browser's room (see document-budget.ts).
  const finish = await session.withPage(async (page: DocumentPage): Promise<() => Promise<Uint8Array>> => {
    await page.load(html);
    const headings = await page.run(documentHeadings);
    const printed: PrintedPage = { headings: headings.map((h) => h.text), links: await page.run(pageLinks) };
    if (!(await page.run(hasPageSlots))) {
      const pdf = await page.print();
      return () => finishPdf(pdf, metadata, printed);
    }
    const fill = (numbers: readonly number[]) => page.run(fillPageSlots, headings.map((h) => h.id), [...numbers]);
    // Numbers that cannot each be checked against a bookmark are not shown.
    const unnumbered = async (bookmarks: number) => {
      warn(`${bookmarks} bookmarks for ${headings.length} headings; the contents show no page numbers`);
      await fill([]);
      const pdf = await page.print();
      return () => finishPdf(pdf, metadata, printed);
    };
    const layout = await columnLayout(page, pagesPerPart);
    let pages: readonly number[] | undefined = layout?.pages;
    // A long document whose pages the columns emulated prints in the parts they marked.
    const parts = layout && layout.seams.length > 0 && layout.pages.length === headings.length ? layout : undefined;
    if (pages?.length !== headings.length) {
      pages = await printHeadingPages(page);
      trace('pdf printed');
      if (pages.length !== headings.length) return unnumbered(pages.length);
    }
    for (let round = 1; ; round++) {
      const shown: readonly number[] = pages;
      await fill(shown);
      const doc = parts ? await printInParts(page, parts, headings) : await loadPdf(await page.print());
      trace(`pdf printed with page numbers${parts ? ` (${parts.seams.length + 1} parts)` : ''}`);
      const items = await outlineItems(doc);
      const bookmarked = items.map((item) => item.page);
      if (bookmarked.length !== headings.length) return unnumbered(bookmarked.length);
      const settled = bookmarked.every((p, i) => p === shown[i]);
      if (!settled && round === 3) warn('the page numbers moved headings to other pages; check the contents page');
      if (settled || round === 3) return () => finishDocument(doc, items, metadata, printed);
      pages = bookmarked;
    }
  }, options);
  return finish();
}

/** `finishDocument` on a PDF as Chromium wrote it. */
export async function finishPdf(pdf: Uint8Array, metadata: PdfMetadata, printed: PrintedPage): Promise<Uint8Array> {
  const doc = await loadPdf(pdf);
  return finishDocument(doc, await outlineItems(doc), metadata, printed);
}

/** `finishDocument` on a document Chromium printed in parts (see `joinPdfs`), joined first. */
export async function finishPdfParts(parts: readonly Uint8Array[], join: JoinOptions, metadata: PdfMetadata, printed: PrintedPage): Promise<Uint8Array> {
  if (parts.length === 1) return finishPdf(parts[0]!, metadata, printed);
  const doc = await joinPdfs(await Promise.all(parts.map((part) => loadPdf(part))), join);
  return finishDocument(doc, await outlineItems(doc), metadata, printed);
}

/**
 * What every PDF of the build gets after Chromium: bookmarks titled with the headings' own text (in
 * document order, one per bookmark), the metadata Chromium does not write (XMP included, claiming
 * PDF/UA-1), and what PDF/UA asks of the tagging beyond Chromium's: page furniture as artifacts,
 * contents as TOC, list bodies, standard structure types, described links, names within PDF's limits.
 */
async function finishDocument(doc: PDFDocument, items: OutlineItem[], metadata: PdfMetadata, printed: PrintedPage): Promise<Uint8Array> {
  const { PDFDict, PDFHexString, PDFName } = await loadPdfLib();
  await retitleOutline(items, printed.headings);
  await stabilizeStructureIds(doc);
  await retagStructure(doc);
  await describeLinks(doc, printed.links);
  await shortenDestinationNames(doc);
  await markPageArtifacts(doc);
  const { meta, creator, date, revision } = metadata;
  const title = fullTitle(meta);
  const producer = `${creator} (Chromium, pdf-lib)`;
  doc.setTitle(title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.summary) doc.setSubject(meta.summary);
  if (meta.keywords.length > 0) doc.setKeywords(meta.keywords);
  doc.setLanguage(meta.lang);
  doc.setCreator(creator);
  doc.setProducer(producer);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of('BriefpackRevision'), PDFHexString.fromText(revision));
  const keywordsText = meta.keywords.length > 0 ? (info.lookup(PDFName.of('Keywords')) as PdfHexString).decodeText() : undefined;
  const xmp = xmpPacket({ title, author: meta.author ?? undefined, description: meta.summary ?? undefined, lang: meta.lang, keywords: meta.keywords, keywordsText, creatorTool: creator, producer, date });
  const metadataStream = doc.context.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(metadataStream));
  return savePdf(doc);
}
