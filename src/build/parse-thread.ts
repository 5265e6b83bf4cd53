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
export async function parseBriefOnThread(source: string, sourcePath: string, options: ParseOptions): Promise<ParsedBrief> {
  try {
    return await thread.ask<ParsedBrief>({ source, sourcePath, options } satisfies Omit<ParseRequest, 'id'>);
  } finally {
    // Parsing a long brief leaves the thread holding its garbage (half a gigabyte for 5 MB) until
    // it collects it; ending the thread, once it has nothing else to parse, frees it for the browser
    // and the PDFs.
    if (source.length >= longSource) holdsLongParse = true;
    if (holdsLongParse && thread.stopIfIdle()) holdsLongParse = false;
  }
}

/** A brief this long (in characters) is parsed by a thread that then ends. */
const longSource = 500_000;
/** Whether the thread parsed a long brief since it started. */
let holdsLongParse = false;
