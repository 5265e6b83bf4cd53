import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import { collapse, pageGap, readerText, type OutputText } from './output-text.js';

// Process-wide cache: PDFium is compiled once per thread that reads PDFs.
let pdfiumCache: Promise<WrappedPdfiumModule> | undefined;

/**
 * PDFium (Chromium's own PDF engine, as WebAssembly): reads a brief's text in a few milliseconds and
 * loads in a twentieth of a second. pdf.js was three times slower here and, in its Node build, replaced
 * JSON.parse and Array.prototype.push for the whole process with slow polyfills.
 */
export function loadPdfium(): Promise<WrappedPdfiumModule> {
  return (pdfiumCache ??= (async () => {
    const [{ init }, wasmBinary] = await Promise.all([
      import('@embedpdf/pdfium'),
      readFile(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm')),
    ]);
    const module = await init({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) });
    module.PDFiumExt_Init();
    return module;
  })());
}

/** Opens a PDF in PDFium for `use`, closing it and freeing its bytes afterwards. */
async function withPdf<T>(data: Uint8Array, use: (m: WrappedPdfiumModule, doc: number) => T): Promise<T> {
  const m = await loadPdfium();
  const { pdfium } = m;
  // PDFium reads from its own memory; the document borrows the bytes until it is closed.
  const bytes = pdfium.wasmExports.malloc(data.byteLength);
  pdfium.HEAPU8.set(data, bytes);
  const doc = m.FPDF_LoadMemDocument(bytes, data.byteLength, '');
  try {
    if (!doc) throw new Error(`not a readable PDF (PDFium error ${m.FPDF_GetLastError()})`);
    return use(m, doc);
  } finally {
    if (doc) m.FPDF_CloseDocument(doc);
    pdfium.wasmExports.free(bytes);
  }
}

/** Calls a PDFium getter that fills a UTF-16 buffer and answers the bytes it needs. */
function utf16(m: WrappedPdfiumModule, get: (buffer: number, length: number) => number): string {
  const length = get(0, 0);
  if (length <= 2) return '';
  const buffer = m.pdfium.wasmExports.malloc(length);
  try {
    get(buffer, length);
    return m.pdfium.UTF16ToString(buffer);
  } finally {
    m.pdfium.wasmExports.free(buffer);
  }
}

/** Every bookmark, depth first (document order for Chromium's). */
function bookmarks(m: WrappedPdfiumModule, doc: number): number[] {
  const items: number[] = [];
  const walk = (parent: number) => {
    for (let item = m.FPDFBookmark_GetFirstChild(doc, parent); item; item = m.FPDFBookmark_GetNextSibling(doc, item)) {
      items.push(item);
      walk(item);
    }
  };
  walk(0);
  return items;
}

const rtlScripts = '\\p{Script=Arabic}\\p{Script=Hebrew}\\p{Script=Syriac}\\p{Script=Thaana}\\p{Script=Nko}\\p{Script=Adlam}';
const rtlLetter = new RegExp(`[${rtlScripts}]`, 'u');
// What stays left to right inside a right-to-left line: digits of any script, letters of the other
// scripts, and the punctuation between them (`v0.1.0`, `2016-07-31`, `١٩٥١`).
const ltrChar = `[\\p{Nd}[\\p{L}--[${rtlScripts}]]]`;
const ltrRun = new RegExp(`${ltrChar}(?:(?:${ltrChar}|[.,:\\/·\\-])*${ltrChar})?`, 'gv');

/**
 * A page's text in reading order from its glyphs' positions: lines by baseline (a mark lifted above
 * its letter stays on its line), each read from the right, its left-to-right runs turned back.
 */
function rightToLeftLines(m: WrappedPdfiumModule, text: number): string {
  const { pdfium } = m;
  const out = pdfium.wasmExports.malloc(32);
  const chars: Array<{ c: string; x: number; y: number; size: number }> = [];
  try {
    for (let i = 0, count = m.FPDFText_CountChars(text); i < count; i++) {
      const c = String.fromCodePoint(m.FPDFText_GetUnicode(text, i));
      if (/\s|\p{Cc}/u.test(c)) continue;
      m.FPDFText_GetCharBox(text, i, out, out + 8, out + 16, out + 24);
      const x = (pdfium.getValue(out, 'double') + pdfium.getValue(out + 8, 'double')) / 2;
      m.FPDFText_GetCharOrigin(text, i, out, out + 8);
      chars.push({ c, x, y: pdfium.getValue(out + 8, 'double'), size: m.FPDFText_GetFontSize(text, i) });
    }
  } finally {
    pdfium.wasmExports.free(out);
  }
  chars.sort((a, b) => b.y - a.y);
  const lines: Array<typeof chars> = [];
  for (const char of chars) {
    const line = lines.at(-1);
    const last = line?.at(-1);
    // Lines are further apart than a line's lifted marks are from its baseline.
    if (line && last && last.y - char.y < 0.6 * Math.max(char.size, last.size)) line.push(char);
    else lines.push([char]);
  }
  return lines
    .map((line) => line.sort((a, b) => b.x - a.x).map((char) => char.c).join(''))
    .map((line) => line.replace(ltrRun, (run) => [...run].reverse().join('')))
    .join('\n');
}

/**
 * Pages of a PDF, read: each page's text, the right-to-left ones rebuilt; a read that includes the
 * first page also carries the bookmarks' titles and the `BriefpackRevision` info entry. A large PDF is
 * read in runs on several threads at once (read-back-thread.ts), then put together (`pdfText`).
 * Between pages that are not neighbours stands `pageGap`.
 */
export interface PdfPagesText {
  pages: string[];
  rtlPages: string[];
  headings?: string[];
  revision?: string | null;
}

/**
 * Which pages to read: run `part` (0-based) of `parts` even runs, or the first and last `ends` pages
 * (where a brief shows its facts and stamp, and a deck its facts and closing slide).
 */
export type PageSelection = { part: number; parts: number } | { ends: number };

/** The runs of pages [from, to) a selection reads of `count`. */
function selectedRuns(count: number, selection: PageSelection): Array<[number, number]> {
  if ('ends' in selection) return count <= 2 * selection.ends ? [[0, count]] : [[0, selection.ends], [count - selection.ends, count]];
  const size = Math.ceil(count / selection.parts);
  return [[selection.part * size, Math.min(count, (selection.part + 1) * size)]];
}

/** The selected pages of a PDF, read (every page by default). */
export function readPdfPages(data: Uint8Array, selection: PageSelection = { part: 0, parts: 1 }): Promise<PdfPagesText> {
  return withPdf(data, (m, doc) => {
    const { pdfium } = m;
    const pages: string[] = [];
    const rtlPages: string[] = [];
    const count = m.FPDF_GetPageCount(doc);
    const runs = selectedRuns(count, selection);
    for (const [i, [from, to]] of runs.entries()) {
      if (i > 0) pages.push(pageGap), rtlPages.push(pageGap);
      for (let n = from; n < to; n++) {
        const page = m.FPDF_LoadPage(doc, n);
        const text = m.FPDFText_LoadPage(page);
        const chars = m.FPDFText_CountChars(text);
        const buffer = pdfium.wasmExports.malloc((chars + 1) * 2);
        m.FPDFText_GetText(text, 0, chars, buffer);
        pages.push(pdfium.UTF16ToString(buffer));
        pdfium.wasmExports.free(buffer);
        if (rtlLetter.test(pages.at(-1)!)) rtlPages.push(rightToLeftLines(m, text));
        m.FPDFText_ClosePage(text);
        m.FPDF_ClosePage(page);
      }
    }
    if (runs[0]?.[0] !== 0) return { pages, rtlPages };
    // Chromium makes a bookmark of every heading it printed: the PDF's headings.
    const headings = bookmarks(m, doc).map((item) => collapse(utf16(m, (buffer, length) => m.FPDFBookmark_GetTitle(item, buffer, length))));
    const revision = utf16(m, (buffer, length) => m.FPDF_GetMetaText(doc, 'BriefpackRevision', buffer, length)) || null;
    return { pages, rtlPages, headings, revision };
  });
}

/** A PDF's text from its runs of pages, in order (see `readPdfPages`). */
export function pdfText(runs: readonly PdfPagesText[]): OutputText {
  const pages = runs.flatMap((run) => run.pages);
  const rtlPages = runs.flatMap((run) => run.rtlPages);
  // Printed by a page that could load nothing, from sanitised HTML: its links are the content's own.
  // A read that left pages out has right-to-left lines even when none of its pages is right to left:
  // a brief in such a language is then compared as its whole would be, by those lines (failing safe:
  // the whole PDF is read), not by text of pages that the whole's comparison would not look at.
  const rtl = rtlPages.some((page) => page !== pageGap) || pages.includes(pageGap);
  return { text: readerText(pages.join('\n')), revision: runs[0]?.revision ?? null, headings: runs[0]?.headings ?? [], hazards: [], scripts: [], ...(rtl ? { rtlLines: rtlPages.join('\n') } : {}) };
}

/** Text of every page of a PDF, its bookmarks' titles and its `BriefpackRevision` info entry. */
export async function readPdf(data: Uint8Array): Promise<OutputText> {
  return pdfText([await readPdfPages(data)]);
}

/** A PDF's page count and the 1-based page each bookmark points at, depth first (0 for one without a page). */
export function pdfOutline(data: Uint8Array): Promise<{ pageCount: number; bookmarkPages: number[] }> {
  return withPdf(data, (m, doc) => ({
    pageCount: m.FPDF_GetPageCount(doc),
    bookmarkPages: bookmarks(m, doc).map((item) => {
      const dest = m.FPDFBookmark_GetDest(doc, item) || m.FPDFAction_GetDest(doc, m.FPDFBookmark_GetAction(item));
      return dest ? m.FPDFDest_GetDestPageIndex(doc, dest) + 1 : 0;
    }),
  }));
}
