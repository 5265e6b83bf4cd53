import type { ParseOptions, ParsedBrief } from '../content/parse-brief.js';
import { BriefpackError, BriefpackErrors, type Diagnostic, type ErrorCode, type SourcePlace } from '../errors.js';
import { workerThread, type ThreadAnswer } from '../worker-thread.js';

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
export type ParseAnswer = ThreadAnswer<ThrownError>;

function rethrown(error: ThrownError): Error {
  if (error.kind === 'errors') return new BriefpackErrors(error.diagnostics);
  if (error.kind === 'briefpack') return new BriefpackError(error.code, error.message, error.place);
  const e = new Error(error.message);
  e.name = error.name;
  if (error.stack) e.stack = error.stack;
  return e;
}

const thread = workerThread({ name: 'parse', module: 'build/parse-worker', rethrow: rethrown });

/** Starts the parse thread, so that it loads the Markdown machinery while the build does other work. */
export const startParseThread = (): void => thread.start();

/**
 * `parseBrief` on the parse thread. A large brief takes seconds to parse; on the main thread that
 * would leave the browser's messages unanswered (and its start unwatched) all that time, and the
 * briefs already parsed unrendered. The document comes back as a copy.
 */
export function parseBriefOnThread(source: string, sourcePath: string, options: ParseOptions): Promise<ParsedBrief> {
  return thread.ask<ParsedBrief>({ source, sourcePath, options } satisfies Omit<ParseRequest, 'id'>);
}
