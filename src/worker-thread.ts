import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from './package-root.js';

/** What a worker answers a request `{ id, ... }` with. */
export type ThreadAnswer<E> = { id: number; result: unknown; error?: undefined } | { id: number; result?: undefined; error: E };

export interface ThreadOptions<E> {
  /** In messages: `parse`, `read-back`. */
  name: string;
  /** The worker's module under src/, without extension (`build/parse-worker`); lib/ has it by its base name. */
  module: string;
  /** The error an answer's `error` becomes on this thread. */
  rethrow: (error: E) => Error;
}

export interface WorkerThread {
  /** Starts the thread, so that it loads its machinery while the build does other work. */
  start(): void;
  /** Sends a request (copied, but for bytes in shared memory: `sharedBytes`) and waits for its answer. */
  ask<T>(request: object): Promise<T>;
  /** Ends the thread if it has nothing to answer, its memory with it (the next request starts another); whether it did. */
  stopIfIdle(): boolean;
}

/**
 * Bytes that go to other threads, in shared memory: a message then passes them without a copy. A
 * 5 MB brief's printed parts and PDFs went to two or three threads each, some 300 MB of copies,
 * each in memory the receiving thread touched for the first time.
 */
export function sharedBytes(data: Uint8Array): Uint8Array {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const shared = new Uint8Array(new SharedArrayBuffer(data.byteLength));
  shared.set(data);
  return shared;
}

/** What a thread may hand over rather than copy when it answers with `bytes`: their buffer, where they are all of it. */
export const handOver = (bytes: Uint8Array): ArrayBuffer[] =>
  bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer] : [];

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The worker's script: the bundle's in lib/, or, running from src/ (the tests), a bootstrap that
 * registers tsx and imports the TypeScript (a worker takes no `--import`).
 */
function workerScript(module: string): URL {
  if (import.meta.url.endsWith('.ts')) {
    const tsx = pathToFileURL(path.join(packageRoot, 'node_modules/tsx/dist/esm/api/index.mjs')).href;
    const script = new URL(`./${module}.ts`, import.meta.url).href;
    return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(script)});`)}`);
  }
  return pathToFileURL(path.join(packageRoot, 'lib', `${path.basename(module)}.js`));
}

/**
 * One worker thread for the process, started on first use and restarted if it dies; idle, it does
 * not keep the process alive.
 */
export function workerThread<E>(options: ThreadOptions<E>): WorkerThread {
  let shared: { worker: Worker; pending: Map<number, Pending>; next: number } | undefined;
  const start = () => {
    const worker = new Worker(workerScript(options.module));
    const started = { worker, pending: new Map<number, Pending>(), next: 1 };
    worker.on('message', (answer: ThreadAnswer<E>) => {
      const job = started.pending.get(answer.id);
      if (!job) return;
      started.pending.delete(answer.id);
      if (started.pending.size === 0) worker.unref();
      if (answer.error !== undefined) job.reject(options.rethrow(answer.error));
      else job.resolve(answer.result);
    });
    const fail = (error: Error) => {
      if (shared === started) shared = undefined;
      for (const job of started.pending.values()) job.reject(new Error(`the ${options.name} thread stopped: ${error.message}`));
      started.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    // Unref after the listeners, which would ref it again.
    worker.unref();
    return started;
  };
  return {
    start: () => void (shared ??= start()),
    stopIfIdle() {
      if (!shared || shared.pending.size > 0) return false;
      const { worker } = shared;
      shared = undefined;
      worker.removeAllListeners();
      // An error it sent before it ended is nobody's now, and must not go unheard (it would end the process).
      worker.on('error', () => {});
      void worker.terminate();
      return true;
    },
    ask<T>(request: object) {
      const t = (shared ??= start());
      const id = t.next++;
      return new Promise<T>((resolve, reject) => {
        t.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        t.worker.ref();
        t.worker.postMessage({ ...request, id });
      });
    },
  };
}
