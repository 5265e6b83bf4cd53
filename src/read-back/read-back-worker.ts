// The read-back thread's entry: reads outputs as the build's main thread asks (see read-back-thread.ts).
import { parentPort } from 'node:worker_threads';
import type { ReadAnswer, ReadRequest } from './read-back-thread.js';
import { readOutput } from './read-outputs.js';
import { loadPdfium, pdfOutline, readPdfPages } from './read-pdf.js';

const answer = (request: ReadRequest): Promise<unknown> =>
  request.kind === 'pdf-outline'
    ? pdfOutline(request.data)
    : request.kind === 'pdf-pages'
      ? readPdfPages(request.data, request.pages)
      : readOutput(request.kind, request.data);

// PDFium compiles while the first requests are on their way.
void loadPdfium();
parentPort!.on('message', (request: ReadRequest) => {
  answer(request).then(
    (result) => parentPort!.postMessage({ id: request.id, result } satisfies ReadAnswer),
    (error: Error) => parentPort!.postMessage({ id: request.id, error: error.message } satisfies ReadAnswer),
  );
});
