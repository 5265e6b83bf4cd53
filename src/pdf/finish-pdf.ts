import type { PDFDocument, PDFHexString as PdfHexString } from 'pdf-lib';
import { fullTitle, type BriefMeta } from '../model.js';
import { describeLinks, type PageLink } from './link-descriptions.js';
import { shortenDestinationNames } from './destination-names.js';
import { joinPdfs, type JoinOptions } from './join-pdfs.js';
import { markPageArtifacts } from './mark-artifacts.js';
import { outlineItems, retitleOutline, type OutlineItem } from './outline.js';
import { loadPdf, loadPdfLib, savePdf } from './pdf-lib.js';
import { retagStructure } from './retag-structure.js';
import { stabilizeStructureIds } from './stable-ids.js';
import { xmpPacket } from './xmp.js';

export interface PdfMetadata {
  /** The Title, Author, Subject, Keywords and language come from here. */
  meta: Pick<BriefMeta, 'title' | 'subtitle' | 'author' | 'summary' | 'keywords' | 'lang'>;
  creator: string;
  date: Date;
  /** The build's revision stamp, kept in the document information as BriefpackRevision. */
  revision: string;
}

/** What the printed page says that the PDF must carry: its headings' own text (in order) and its links' text. */
export interface PrintedPage {
  headings: readonly string[];
  links: readonly PageLink[];
}

/** `finishDocument` on a PDF as Chromium wrote it. */
export async function finishPdf(pdf: Uint8Array, metadata: PdfMetadata, printed: PrintedPage): Promise<Uint8Array> {
  const doc = await loadPdf(pdf);
  return finishDocument(doc, await outlineItems(doc), metadata, printed);
}

/** A part of a document Chromium printed in parts, read and its page furniture marked (`markPageArtifacts`): what `finishPdfParts` joins. */
export async function readPart(pdf: Uint8Array): Promise<PDFDocument> {
  const doc = await loadPdf(pdf);
  await markPageArtifacts(doc);
  return doc;
}

/**
 * `finishDocument` on a document Chromium printed in parts (see `joinPdfs`), joined first; a part
 * may come read already (`readPart`). Marking the parts' furniture before the join writes the same
 * bytes as marking the joined document's.
 */
export async function finishPdfParts(parts: ReadonlyArray<Uint8Array | Promise<PDFDocument>>, join: JoinOptions, metadata: PdfMetadata, printed: PrintedPage): Promise<Uint8Array> {
  if (parts.length === 1 && parts[0] instanceof Uint8Array) return finishPdf(parts[0], metadata, printed);
  const docs = await Promise.all(parts.map((part) => (part instanceof Uint8Array ? readPart(part) : part)));
  const doc = docs.length === 1 ? docs[0]! : await joinPdfs(docs, join);
  return finishDocument(doc, await outlineItems(doc), metadata, printed, { marked: true });
}

/**
 * What every PDF of the build gets after Chromium: bookmarks titled with the headings' own text (in
 * document order, one per bookmark), the metadata Chromium does not write (XMP included, claiming
 * PDF/UA-1), and what PDF/UA asks of the tagging beyond Chromium's: page furniture as artifacts,
 * contents as TOC, list bodies, standard structure types, described links, names within PDF's limits.
 */
async function finishDocument(doc: PDFDocument, items: OutlineItem[], metadata: PdfMetadata, printed: PrintedPage, { marked = false } = {}): Promise<Uint8Array> {
  const { PDFDict, PDFHexString, PDFName } = await loadPdfLib();
  await retitleOutline(items, printed.headings);
  await stabilizeStructureIds(doc);
  await retagStructure(doc);
  await describeLinks(doc, printed.links);
  await shortenDestinationNames(doc);
  if (!marked) await markPageArtifacts(doc);
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
