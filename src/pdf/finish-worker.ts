// The PDF thread's entry: finishes PDFs as the build's main thread asks (see finish-thread.ts).
import { parentPort } from 'node:worker_threads';
import type { PDFDocument } from 'pdf-lib';
import { handOver, type ThreadAnswer } from '../worker-thread.js';
import { finishPdfParts, readPart } from './finish-pdf.js';
import type { AheadRequest, FinishRequest } from './finish-thread.js';
import { warmPdfLib } from './pdf-lib.js';

// pdf-lib's code runs several times slower the first time: warmed while the first PDF is printing.
void warmPdfLib().catch(() => {});
/** Parts sent ahead, read or being read, by document (`group`) and part (`key`), until the document is finished. */
const ahead = new Map<number, Map<number, Promise<PDFDocument>>>();
const answer = (id: number, work: Promise<Uint8Array | null>) =>
  work.then(
    // The finished PDF is the main thread's alone from here: handed over, not copied.
    (result) => parentPort!.postMessage({ id, result } satisfies ThreadAnswer<string>, result ? handOver(result) : []),
    (error: Error) => parentPort!.postMessage({ id, error: error.message } satisfies ThreadAnswer<string>),
  );
parentPort!.on('message', (request: FinishRequest | AheadRequest) => {
  if ('key' in request) {
    const read = readPart(request.part);
    const parts = ahead.get(request.group) ?? new Map<number, Promise<PDFDocument>>();
    ahead.set(request.group, parts.set(request.key, read));
    return void answer(request.id, read.then(() => null));
  }
  const { id, parts, join, metadata, printed } = request;
  const read = request.ahead && ahead.get(request.ahead.group);
  if (request.ahead) ahead.delete(request.ahead.group);
  const docs = parts.map((part, k) => {
    const key = request.ahead?.keys[k];
    return (key !== undefined && read?.get(key)) || part;
  });
  void answer(id, finishPdfParts(docs, join, metadata, printed));
});
