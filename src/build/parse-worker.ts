// The parse thread's entry: parses briefs as the build's main thread asks (see parse-thread.ts).
import { parentPort } from 'node:worker_threads';
import { parseBrief } from '../content/parse-brief.js';
import { BriefpackError, BriefpackErrors } from '../errors.js';
import type { ParseAnswer, ParseRequest, ThrownError } from './parse-thread.js';

/** An error as plain data, so that the main thread can throw the same kind of error. */
function thrown(error: unknown): ThrownError {
  if (error instanceof BriefpackErrors) return { kind: 'errors', diagnostics: [...error.diagnostics] };
  if (error instanceof BriefpackError) return { kind: 'briefpack', code: error.code, message: error.message, place: error.place };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', name: e.name, message: e.message, stack: e.stack };
}

parentPort!.on('message', ({ id, source, sourcePath, options }: ParseRequest) => {
  let response: ParseAnswer;
  try {
    response = { id, result: parseBrief(source, sourcePath, options) };
  } catch (error) {
    response = { id, error: thrown(error) };
  }
  parentPort!.postMessage(response);
});
