import { workerThread, type ThreadAnswer } from '../worker-thread.js';
import type { OutputKind, OutputText } from './output-text.js';

export type ReadKind = OutputKind | 'bookmark-pages';
export interface ReadRequest {
  id: number;
  kind: ReadKind;
  data: Uint8Array;
}
export type ReadAnswer = ThreadAnswer<string>;

const thread = workerThread({ name: 'read-back', module: 'read-back/read-back-worker', rethrow: (message: string) => new Error(message) });

/**
 * Starts the thread that reads outputs back (PDFium, the HTML parser), so that it loads while the
 * build does other work. Reading back is a good part of a build's work; on its own thread it runs
 * beside the rendering instead of after it.
 */
export const startReadBackThread = (): void => thread.start();

// A copy: the caller keeps its bytes to write them.
const ask = <T>(kind: ReadKind, data: Uint8Array) => thread.ask<T>({ kind, data } satisfies Omit<ReadRequest, 'id'>);

/** What an output says, read on the read-back thread. */
export const readBackOutput = (kind: OutputKind, data: Uint8Array) => ask<OutputText>(kind, data);

/** The 1-based page each bookmark of a PDF points at, depth first, read on the read-back thread. */
export const readBookmarkPages = (data: Uint8Array) => ask<number[]>('bookmark-pages', data);
