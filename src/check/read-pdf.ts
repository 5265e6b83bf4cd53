import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import { collapse, type OutputText } from './read-outputs.js';

let engine: Promise<WrappedPdfiumModule> | undefined;

/**
 * PDFium (Chromium's own PDF engine, as WebAssembly): reads a brief's text in a few milliseconds and
 * loads in a twentieth of a second. pdf.js was three times slower here and, in its Node build, replaced
 * JSON.parse and Array.prototype.push for the whole process with slow polyfills.
 */
export function loadPdfium(): Promise<WrappedPdfiumModule> {
  return (engine ??= (async () => {
    const [{ init }, wasmBinary] = await Promise.all([
      import('@embedpdf/pdfium'),
      readFile(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm')),
    ]);
    const module = await init({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) });
    module.PDFiumExt_Init();
    return module;
  })());
}

/** Text of every page of a PDF, its bookmarks' titles and its `BriefpackRevision` info entry. */
export async function readPdf(data: Uint8Array): Promise<OutputText> {
  const m = await loadPdfium();
  const { pdfium } = m;
  // PDFium reads from its own memory; the document borrows the bytes until it is closed.
  const bytes = pdfium.wasmExports.malloc(data.byteLength);
  pdfium.HEAPU8.set(data, bytes);
  const doc = m.FPDF_LoadMemDocument(bytes, data.byteLength, '');
  /** Calls a PDFium getter that fills a UTF-16 buffer and answers the bytes it needs. */
  const utf16 = (get: (buffer: number, length: number) => number) => {
    const length = get(0, 0);
    if (length <= 2) return '';
    const buffer = pdfium.wasmExports.malloc(length);
    try {
      get(buffer, length);
      return pdfium.UTF16ToString(buffer);
    } finally {
      pdfium.wasmExports.free(buffer);
    }
  };
  try {
    if (!doc) throw new Error(`not a readable PDF (PDFium error ${m.FPDF_GetLastError()})`);
    const pages: string[] = [];
    for (let n = 0, count = m.FPDF_GetPageCount(doc); n < count; n++) {
      const page = m.FPDF_LoadPage(doc, n);
      const text = m.FPDFText_LoadPage(page);
      const chars = m.FPDFText_CountChars(text);
      const buffer = pdfium.wasmExports.malloc((chars + 1) * 2);
      m.FPDFText_GetText(text, 0, chars, buffer);
      pages.push(pdfium.UTF16ToString(buffer));
      pdfium.wasmExports.free(buffer);
      m.FPDFText_ClosePage(text);
      m.FPDF_ClosePage(page);
    }
    // Chromium makes a bookmark of every heading it printed: the PDF's headings.
    const headings: string[] = [];
    const walk = (parent: number) => {
      for (let item = m.FPDFBookmark_GetFirstChild(doc, parent); item; item = m.FPDFBookmark_GetNextSibling(doc, item)) {
        headings.push(collapse(utf16((buffer, length) => m.FPDFBookmark_GetTitle(item, buffer, length))));
        walk(item);
      }
    };
    walk(0);
    const revision = utf16((buffer, length) => m.FPDF_GetMetaText(doc, 'BriefpackRevision', buffer, length));
    return { text: collapse(pages.join('\n')), revision: revision || null, headings };
  } finally {
    if (doc) m.FPDF_CloseDocument(doc);
    pdfium.wasmExports.free(bytes);
  }
}
