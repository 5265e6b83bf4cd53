// The PDF thread's entry: finishes PDFs as the build's main thread asks (see finish-thread.ts).
import { parentPort } from 'node:worker_threads';
import { handOver, type ThreadAnswer } from '../worker-thread.js';
import { finishPdfParts } from './finish-pdf.js';
import type { FinishRequest } from './finish-thread.js';
import { warmPdfLib } from './pdf-lib.js';

// pdf-lib's code runs several times slower the first time: warmed while the first PDF is printing.
void warmPdfLib().catch(() => {});
parentPort!.on('message', ({ id, parts, join, metadata, printed }: FinishRequest) => {
  finishPdfParts(parts, join, metadata, printed).then(
    // The finished PDF is the main thread's alone from here: handed over, not copied.
    (result) => parentPort!.postMessage({ id, result } satisfies ThreadAnswer<string>, handOver(result)),
    (error: Error) => parentPort!.postMessage({ id, error: error.message } satisfies ThreadAnswer<string>),
  );
});
