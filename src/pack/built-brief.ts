import type { Format } from '../formats/format.js';
import type { BriefDocument } from '../model.js';
import type { BriefEntry } from './briefs.js';

/** A brief edition as parsed: what pack.pdf is made from. */
export interface PackBrief {
  entry: BriefEntry;
  doc: BriefDocument;
  /** The revision stamp its outputs carry. */
  stamp: string;
}

/** One output of a built brief. */
export interface BuiltFile {
  format: Format;
  data: Uint8Array;
  /** Its SHA-256 in hex, for the manifest. */
  sha256: string;
}

/** A brief edition as built: what the pack's other files are made from. */
export interface BuiltBrief extends PackBrief {
  outputs: readonly BuiltFile[];
}
