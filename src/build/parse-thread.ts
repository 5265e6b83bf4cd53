import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseOptions, ParsedBrief } from '../content/parse-brief.js';
import { BriefpackError, BriefpackErrors, type Diagnostic, type ErrorCode, type SourcePlace } from '../errors.js';
import { packageRoot } from '../package-root.js';

export interface ParseRequest {
  id: number;
  source: string;
  sourcePath: string;
  options: ParseOptions;
}
export type ThrownError =
  | { kind: 'errors'; diagnostics: Diagnostic[] }
  | { kind: 'briefpack'; code: ErrorCode; message: string; place: SourcePlace | undefined }
  | { kind: 'other'; name: string; message: string; stack?: string };
export type ParseResponse = { id: number; parsed: ParsedBrief; error?: undefined } | { id: number; parsed?: undefined; error: ThrownError };

interface Pending {
  resolve: (value: ParsedBrief) => void;
  reject: (error: Error) => void;
}

// Process-wide: one parse thread, started on first use and restarted if it dies.
let sharedThread: { worker: Worker; pending: Map<number, Pending>; next: number } | undefined;

/**
 * The worker's script: the bundle's in lib/, or, running from src/ (the tests), a bootstrap that
 * registers tsx and imports the TypeScript (a worker takes no `--import`).
 */
function workerScript(): URL {
  if (import.meta.url.endsWith('.ts')) {
    const tsx = pathToFileURL(path.join(packageRoot, 'node_modules/tsx/dist/esm/api/index.mjs')).href;
    const script = new URL('./parse-worker.ts', import.meta.url).href;
    return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(script)});`)}`);
  }
  return pathToFileURL(path.join(packageRoot, 'lib', 'parse-worker.js'));
}

function rethrown(error: ThrownError): Error {
  if (error.kind === 'errors') return new BriefpackErrors(error.diagnostics);
  if (error.kind === 'briefpack') return new BriefpackError(error.code, error.message, error.place);
  const e = new Error(error.message);
  e.name = error.name;
  if (error.stack) e.stack = error.stack;
  return e;
}

function start() {
  const worker = new Worker(workerScript());
  const started = { worker, pending: new Map<number, Pending>(), next: 1 };
  worker.on('message', (response: ParseResponse) => {
    const job = started.pending.get(response.id);
    if (!job) return;
    started.pending.delete(response.id);
    if (started.pending.size === 0) worker.unref();
    if (response.error !== undefined) job.reject(rethrown(response.error));
    else job.resolve(response.parsed);
  });
  const fail = (error: Error) => {
    if (sharedThread === started) sharedThread = undefined;
    for (const job of started.pending.values()) job.reject(new Error(`the parse thread stopped: ${error.message}`));
    started.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
  // Idle, the thread does not keep the process alive (unref after the listeners, which would ref it again).
  worker.unref();
  return started;
}

/** Starts the parse thread, so that it loads the Markdown machinery while the build does other work. */
export function startParseThread(): void {
  sharedThread ??= start();
}

/**
 * `parseBrief` on the parse thread. A large brief takes seconds to parse; on the main thread that
 * would leave the browser's messages unanswered (and its start unwatched) all that time, and the
 * briefs already parsed unrendered. The document comes back as a copy.
 */
export function parseBriefOnThread(source: string, sourcePath: string, options: ParseOptions): Promise<ParsedBrief> {
  const t = (sharedThread ??= start());
  const id = t.next++;
  return new Promise<ParsedBrief>((resolve, reject) => {
    t.pending.set(id, { resolve, reject });
    t.worker.ref();
    t.worker.postMessage({ id, source, sourcePath, options } satisfies ParseRequest);
  });
}
