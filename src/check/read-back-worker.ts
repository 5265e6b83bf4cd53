// The read-back thread's entry: reads outputs as the build's main thread asks (see read-back-thread.ts).
import { parentPort } from 'node:worker_threads';
import type { ReadRequest, ReadResponse } from './read-back-thread.js';
import { readEpub, readHtml } from './read-outputs.js';
import { bookmarkPages, loadPdfium, readPdf } from './read-pdf.js';

const decoder = new TextDecoder();

async function answer(request: ReadRequest): Promise<unknown> {
  switch (request.kind) {
    case 'pdf':
      return readPdf(request.data);
    case 'bookmark-pages':
      return bookmarkPages(request.data);
    case 'html':
      return readHtml(decoder.decode(request.data));
    case 'epub':
      return readEpub(request.data);
  }
}

// PDFium compiles while the first requests are on their way.
void loadPdfium();
parentPort!.on('message', (request: ReadRequest) => {
  answer(request).then(
    (result) => parentPort!.postMessage({ id: request.id, result } satisfies ReadResponse),
    (error: Error) => parentPort!.postMessage({ id: request.id, error: error.message } satisfies ReadResponse),
  );
});
