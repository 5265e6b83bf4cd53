// The parse thread's entry: parses briefs as the build's main thread asks (see parse-thread.ts). A
// long brief's Markdown is read in parts, the others on threads of this same script.
import { availableParallelism } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { Root } from 'mdast';
import { parseBrief, parseMarkdown, passesNestingCheck } from '../content/parse-brief.js';
import { BriefpackError, BriefpackErrors } from '../errors.js';
import { workerThread, type WorkerThread } from '../worker-thread.js';
import { markdownInParts } from './markdown-in-parts.js';
import type { ParseAnswer, ParseRequest, ThrownError } from './parse-thread.js';

/** An error as plain data, so that the main thread can throw the same kind of error. */
function thrown(error: unknown): ThrownError {
  if (error instanceof BriefpackErrors) return { kind: 'errors', diagnostics: [...error.diagnostics] };
  if (error instanceof BriefpackError) return { kind: 'briefpack', code: error.code, message: error.message, place: error.place };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', name: e.name, message: e.message, stack: e.stack };
}

/** A part's syntax tree, asked of this script on another thread. */
interface PartRequest {
  id: number;
  part: string;
}

// A thread reads some 600 kB a second. Another thread costs its start (a few tenths of a second) and
// the copy of its tree, and the other core is rarely idle while a build parses: parts of less than
// this gained nothing on two cores (a 1 MB brief is read whole; a 5 MB one in two parts, 8 s -> 5 s).
const charsPerPart = 750_000;
const partThreads: WorkerThread[] = [];
const partThread = (index: number) =>
  (partThreads[index] ??= workerThread({ name: 'markdown', module: 'build/parse-worker', rethrow: (error: ThrownError) => new Error(error.kind === 'other' ? error.message : error.kind) }));

/** The source's syntax tree read in parts at once, where it is long; else (or where its parts cannot be joined) none. */
async function markdownTree(source: string): Promise<Root | undefined> {
  const count = Math.min(availableParallelism(), 4, Math.floor(source.length / charsPerPart));
  // A text the check refuses is parsed whole, which refuses it at its line.
  if (count < 2 || !passesNestingCheck(source)) return undefined;
  try {
    // The part read here starts at once; each other waits for its thread to start and load the
    // parser, and its tree is copied back: so the first is a quarter longer (a 5 MB brief's even
    // halves ended 2.7-3.3 s apart on two cores; so cut, within 0.1 s).
    const read = await markdownInParts(source, count, { here: parseMarkdown, there: (part, index) => partThread(index).ask<Root>({ part }) }, 1.25);
    return 'tree' in read ? read.tree : undefined;
  } catch {
    // A part that fails to parse fails the whole as well, which says where: parseBrief reads it whole.
    return undefined;
  } finally {
    // A thread that read a part holds hundreds of megabytes until it collects them: the build needs them more.
    for (const thread of partThreads) thread?.stopIfIdle();
  }
}

parentPort!.on('message', async (request: ParseRequest | PartRequest) => {
  let response: ParseAnswer;
  try {
    if ('part' in request) response = { id: request.id, result: parseMarkdown(request.part) };
    else {
      const { id, source, sourcePath, options } = request;
      response = { id, result: parseBrief(source, sourcePath, options, await markdownTree(source)) };
    }
  } catch (error) {
    response = { id: request.id, error: thrown(error) };
  }
  parentPort!.postMessage(response);
});
