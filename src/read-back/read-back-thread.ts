import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../package-root.js';
import type { OutputKind, OutputText } from './output-text.js';

export type ReadKind = OutputKind | 'bookmark-pages';
export interface ReadRequest {
  id: number;
  kind: ReadKind;
  data: Uint8Array;
}
export type ReadResponse = { id: number; result: unknown; error?: undefined } | { id: number; result?: undefined; error: string };

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

// Process-wide: one read-back thread, started on first use and restarted if it dies.
let sharedThread: { worker: Worker; pending: Map<number, Pending>; next: number } | undefined;

/**
 * The worker's script: the bundle's in lib/, or, running from src/ (the tests), a bootstrap that
 * registers tsx and imports the TypeScript (a worker takes no `--import`).
 */
function workerScript(): URL {
  if (import.meta.url.endsWith('.ts')) {
    const tsx = pathToFileURL(path.join(packageRoot, 'node_modules/tsx/dist/esm/api/index.mjs')).href;
    const script = new URL('./read-back-worker.ts', import.meta.url).href;
    return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(script)});`)}`);
  }
  return pathToFileURL(path.join(packageRoot, 'lib', 'read-back-worker.js'));
}

function start() {
  const worker = new Worker(workerScript());
  const started = { worker, pending: new Map<number, Pending>(), next: 1 };
  worker.on('message', (response: ReadResponse) => {
    const job = started.pending.get(response.id);
    if (!job) return;
    started.pending.delete(response.id);
    if (started.pending.size === 0) worker.unref();
    if (response.error !== undefined) job.reject(new Error(response.error));
    else job.resolve(response.result);
  });
  const fail = (error: Error) => {
    if (sharedThread === started) sharedThread = undefined;
    for (const job of started.pending.values()) job.reject(new Error(`the read-back thread stopped: ${error.message}`));
    started.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
  // Idle, the thread does not keep the process alive (unref after the listeners, which would ref it again).
  worker.unref();
  return started;
}

/**
 * Starts the thread that reads outputs back (PDFium, the HTML parser), so that it loads while the
 * build does other work. Reading back is a good part of a build's work; on its own thread it runs
 * beside the rendering instead of after it.
 */
export function startReadBackThread(): void {
  sharedThread ??= start();
}

function ask<T>(kind: ReadKind, data: Uint8Array): Promise<T> {
  const t = (sharedThread ??= start());
  const id = t.next++;
  return new Promise<T>((resolve, reject) => {
    t.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    t.worker.ref();
    // A copy: the caller keeps its bytes to write them.
    t.worker.postMessage({ id, kind, data } satisfies ReadRequest);
  });
}

/** What an output says, read on the read-back thread. */
export const readBackOutput = (kind: OutputKind, data: Uint8Array) => ask<OutputText>(kind, data);

/** The 1-based page each bookmark of a PDF points at, depth first, read on the read-back thread. */
export const readBookmarkPages = (data: Uint8Array) => ask<number[]>('bookmark-pages', data);
