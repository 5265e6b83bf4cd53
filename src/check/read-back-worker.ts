// The read-back thread's entry: reads outputs as the build's main thread asks (see read-back-thread.ts).
import { parentPort } from 'node:worker_threads';
import type { ReadRequest, ReadResponse } from './read-back-thread.js';
import { readOutput } from './read-outputs.js';
import { bookmarkPages, loadPdfium, readPdf } from './read-pdf.js';

const answer = (request: ReadRequest): Promise<unknown> =>
  request.kind === 'bookmark-pages' ? bookmarkPages(request.data) : readOutput(request.kind, request.data);

let warm = false;

/**
 * PDFium's code runs slowly the first time (WebAssembly compiled for a quick start first): the first
 * PDF asked about only for its bookmarks (a first print, where columns cannot tell the pages) is read
 * whole once more, unasked, after the answer, so the first PDF output is read at full speed.
 */
function warmUp(request: ReadRequest) {
  if (warm || request.kind !== 'bookmark-pages') return;
  warm = true;
  readPdf(request.data).catch(() => {});
}

// PDFium compiles while the first requests are on their way.
void loadPdfium();
parentPort!.on('message', (request: ReadRequest) => {
  answer(request).then(
    (result) => {
      parentPort!.postMessage({ id: request.id, result } satisfies ReadResponse);
      warmUp(request);
    },
    (error: Error) => parentPort!.postMessage({ id: request.id, error: error.message } satisfies ReadResponse),
  );
});
