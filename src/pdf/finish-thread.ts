import { sharedBytes, workerThread } from '../worker-thread.js';
import type { PdfMetadata, PrintedPage } from './finish-pdf.js';
import type { JoinOptions } from './join-pdfs.js';

export interface FinishRequest {
  id: number;
  parts: Uint8Array[];
  join: JoinOptions;
  metadata: PdfMetadata;
  printed: PrintedPage;
  /** The parts' keys among those sent ahead for the document (`PartsAhead`): none for one sent with the request. */
  ahead?: { group: number; keys: Array<number | undefined> };
}

/** A part sent ahead (`PartsAhead.send`), read on the PDF thread while the others print. */
export interface AheadRequest {
  id: number;
  group: number;
  key: number;
  part: Uint8Array;
}

const thread = workerThread({ name: 'pdf-finish', module: 'pdf/finish-worker', rethrow: (message: string) => new Error(message) });

/** Starts the thread that finishes PDFs, so that pdf-lib loads (and warms) while Chromium starts. */
export const startFinishThread = (): void => thread.start();

let lastGroup = 0;
let lastKey = 0;

/**
 * A long document's parts, each sent to the PDF thread as soon as it is printed: read there, and its
 * page furniture marked as artifacts, while the others print, so that what is left once the last
 * part prints (the join, the tagging, the saving) is a fraction of the work. A part printed again
 * (its page numbers moved) is sent again; the PDF thread keeps what it read of the document until
 * `finishOnThread` takes it.
 */
export class PartsAhead {
  private readonly group = ++lastGroup;
  private readonly keys = new Map<Uint8Array, number>();

  /** Sends a part ahead, in shared memory (as `finishOnThread` then names it): the same bytes are the part. */
  send(part: Uint8Array): Uint8Array {
    const shared = sharedBytes(part);
    const key = ++lastKey;
    this.keys.set(shared, key);
    // A part the thread fails to read fails its document's finishing, which reports it; one a restarted thread never saw is read then.
    thread.ask({ group: this.group, key, part: shared } satisfies Omit<AheadRequest, 'id'>).catch(() => {});
    return shared;
  }

  /** What `finishOnThread` tells the thread of these parts. */
  of(parts: readonly Uint8Array[]): NonNullable<FinishRequest['ahead']> {
    return { group: this.group, keys: parts.map((part) => this.keys.get(part)) };
  }
}

/**
 * `finishPdfParts` on the PDF thread: the parts Chromium printed joined, tagged and titled there
 * (pdf-lib, seconds for a long document) while this thread renders and reads back the other outputs.
 * Parts sent `ahead` are taken as read there already.
 */
export const finishOnThread = (parts: Uint8Array[], join: JoinOptions, metadata: PdfMetadata, printed: PrintedPage, ahead?: PartsAhead): Promise<Uint8Array> =>
  thread.ask<Uint8Array>({ parts, join, metadata, printed, ahead: ahead?.of(parts) } satisfies Omit<FinishRequest, 'id'>);
