import { sharedBytes, workerThread, type ThreadAnswer } from '../worker-thread.js';
import { pageGap, type OutputKind, type OutputText } from './output-text.js';
import { pdfText, type PageSelection, type PdfPagesText } from './read-pdf.js';

export type ReadKind = OutputKind | 'pdf-outline' | 'pdf-pages';
export interface ReadRequest {
  id: number;
  kind: ReadKind;
  data: Uint8Array;
  /** For `pdf-pages`: which of its pages. */
  pages?: PageSelection;
}
export type ReadAnswer = ThreadAnswer<string>;

// Two threads: a large PDF is read on both at once, half its pages each (PDFium reads a page of
// text in a few milliseconds; a 2,000-page brief takes seconds). The second starts with the first
// large PDF: loading PDFium on it costs a small build a tenth of a second of its two cores.
const threads = [1, 2].map(() => workerThread({ name: 'read-back', module: 'read-back/read-back-worker', rethrow: (message: string) => new Error(message) }));

/**
 * Starts the thread that reads outputs back (PDFium, the HTML parser), so that it loads while the
 * build does other work. Reading back is a good part of a build's work; on a thread of its own it
 * runs beside the rendering instead of after it.
 */
export const startReadBackThread = (): void => threads[0]!.start();

// A copy: the caller keeps its bytes to write them.
const ask = <T>(request: Omit<ReadRequest, 'id'>, thread = threads[0]!) => thread.ask<T>(request);

/** A PDF this large is read in halves on both threads. */
const splitBytes = 1_000_000;
/** A long PDF is read at its first and last pages this many each first (see `readBackOutput`). */
const endPages = 12;

/**
 * What an output says, read on the read-back threads. `enough`, given, says whether a text already
 * says all that is asked of the output: a long PDF's first and last pages are read first, and its
 * other pages only when those do not say enough (a 5 MB brief's 13,000 pages took some 40 seconds of
 * CPU to read, to find the facts and stamp its first and last pages show). The text answered then
 * lacks those pages, `pageGap` in their place.
 */
export async function readBackOutput(kind: OutputKind, data: Uint8Array, enough?: (text: OutputText) => boolean | Promise<boolean>): Promise<OutputText> {
  if (kind !== 'pdf' || data.byteLength < splitBytes) return ask<OutputText>({ kind, data });
  // Both threads read the one copy.
  const shared = sharedBytes(data);
  if (enough) {
    const ends = await ask<PdfPagesText>({ kind: 'pdf-pages', data: shared, pages: { ends: endPages } });
    const text = pdfText([ends]);
    // A short PDF's ends are all of it.
    if (!ends.pages.includes(pageGap) || (await enough(text))) return text;
  }
  return pdfText(await Promise.all(threads.map((thread, part) => ask<PdfPagesText>({ kind: 'pdf-pages', data: shared, pages: { part, parts: threads.length } }, thread))));
}

/** A PDF's page count and the 1-based page each bookmark points at, read on a read-back thread. */
export const readPdfOutline = (data: Uint8Array) => ask<{ pageCount: number; bookmarkPages: number[] }>({ kind: 'pdf-outline', data });
