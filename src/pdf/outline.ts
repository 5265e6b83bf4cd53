import type { PDFDict, PDFDocument } from 'pdf-lib';
import { loadPdfLib } from './pdf-lib.js';

export interface OutlineItem {
  dict: PDFDict;
  /** 1-based page the bookmark points at; 0 when it has no page destination. */
  page: number;
}

/** Chromium's bookmarks in document order (depth first), with the page each points at. */
export async function outlineItems(doc: PDFDocument): Promise<OutlineItem[]> {
  const { PDFArray, PDFDict, PDFName, PDFRef } = await loadPdfLib();
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const items: OutlineItem[] = [];
  const walk = (first: unknown) => {
    for (let item = first; item instanceof PDFDict; item = item.lookup(PDFName.of('Next'))) {
      const dest = item.lookup(PDFName.of('Dest'));
      const target = dest instanceof PDFArray ? dest.get(0) : undefined;
      items.push({ dict: item, page: target instanceof PDFRef ? (pageIndex.get(target.toString()) ?? 0) : 0 });
      walk(item.lookup(PDFName.of('First')));
    }
  };
  const root = doc.catalog.lookup(PDFName.of('Outlines'));
  if (root instanceof PDFDict) walk(root.lookup(PDFName.of('First')));
  return items;
}

/**
 * Chromium titles bookmarks with the heading as rendered: upper-cased by CSS and with line breaks
 * lost ("BİRLEŞMİŞMİLLETLER"). Given the headings' own text in document order, one per bookmark,
 * this puts that text back. Returns false, changing nothing, when the counts disagree.
 */
export async function retitleOutline(items: readonly OutlineItem[], titles: readonly string[]): Promise<boolean> {
  if (items.length !== titles.length) return false;
  const { PDFHexString, PDFName } = await loadPdfLib();
  items.forEach((item, i) => item.dict.set(PDFName.of('Title'), PDFHexString.fromText(titles[i]!)));
  return true;
}
