import { workerThread } from '../worker-thread.js';
import type { PdfMetadata, PrintedPage } from './finish-pdf.js';
import type { JoinOptions } from './join-pdfs.js';

export interface FinishRequest {
  id: number;
  parts: Uint8Array[];
  join: JoinOptions;
  metadata: PdfMetadata;
  printed: PrintedPage;
}

const thread = workerThread({ name: 'pdf-finish', module: 'pdf/finish-worker', rethrow: (message: string) => new Error(message) });

/** Starts the thread that finishes PDFs, so that pdf-lib loads (and warms) while Chromium starts. */
export const startFinishThread = (): void => thread.start();

/**
 * `finishPdfParts` on the PDF thread: the parts Chromium printed joined, tagged and titled there
 * (pdf-lib, seconds for a long document) while this thread renders and reads back the other outputs.
 */
export const finishOnThread = (parts: Uint8Array[], join: JoinOptions, metadata: PdfMetadata, printed: PrintedPage): Promise<Uint8Array> =>
  thread.ask<Uint8Array>({ parts, join, metadata, printed } satisfies Omit<FinishRequest, 'id'>);
