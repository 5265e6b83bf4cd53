import type { BrowserSession } from '../browser/browser.js';
import type { Diagnostic } from '../errors.js';
import { nearest, type Lang } from '../locale.js';
import type { BriefDocument } from '../model.js';
import { readBackOutput } from '../read-back/read-back-thread.js';
import { readOutput } from '../read-back/read-outputs.js';
import type { OutputKind, OutputText } from '../read-back/output-text.js';
import type { RenderContext } from '../render/context.js';
import type { FontSet } from '../render/fonts.js';
import type { Renderer } from '../render/templates.js';
import type { FittedDeck } from '../slides/build-deck.js';

export interface FormatInput {
  doc: BriefDocument;
  context: RenderContext;
  render: Renderer;
  /** The build's fonts; `context.styles.fonts` has them inlined. */
  fonts: FontSet;
  /** The build's one browser, started on first use. */
  browser: () => Promise<BrowserSession>;
  /** The brief's deck, fitted and printed once for every format that shows it (made on the first call). */
  deck: () => Promise<FittedDeck>;
  /** The build's date, for metadata that must match the revision stamp. */
  builtOn: Date;
  /** Reports a warning without failing the build: text (on the brief's file) or a diagnostic with its line. */
  warn: (warning: string | Diagnostic) => void;
}

/** One output of a brief: everything about it is here; adding a format is its file and a line in the registry. */
export interface Format<Id extends string = string> {
  /** What `--format` and the config call it; formats sharing an id are made together. */
  id: Id;
  /** File name inside `<out>/<slug>/`. */
  fileName: string;
  /** Its name on the pack's landing page; English stands in for a language not given. */
  label: { en: string } & Record<string, string>;
  needsBrowser: boolean;
  /** Already compressed (a PDF, a zip): the pack's archive stores it as it is instead of deflating it. */
  compressed: boolean;
  /** Loads what render will need (libraries, say) while the browser starts; optional. */
  prepare?(): Promise<unknown>;
  render(input: FormatInput): Promise<Uint8Array>;
  /** How it is read back (`briefpack check`, and the build before writing it): as a kind of file the read-back threads know. */
  reads: OutputKind;
  /** The inline scripts it ships, each by the sha256 (base64) of its text; any other script in it fails the build. None if absent. */
  scripts?(doc: BriefDocument): Promise<readonly string[]>;
  /** The document's headings it shows, which reading it back must find; every heading of the document if absent. */
  headings?(doc: BriefDocument): Promise<readonly string[]>;
  /** What it shows of each fact's value, in the document's order, which reading it back must find; the whole values if absent. */
  factValues?(doc: BriefDocument): Promise<readonly string[]>;
}

/** What reading an output back must find in it, and may: see `verifyOutput`. */
export async function formatPromises(format: Format, doc: BriefDocument): Promise<{ headings?: readonly string[]; scripts?: readonly string[]; factValues?: readonly string[] }> {
  const [headings, scripts, factValues] = await Promise.all([format.headings?.(doc), format.scripts?.(doc), format.factValues?.(doc)]);
  return { headings, scripts, factValues };
}

/** A format, its id kept as a literal type: the registry derives the `FormatId` type from them. */
export const defineFormat = <const Id extends string>(format: Format<Id>): Format<Id> => format;

export const formatLabel = (format: Format, lang: Lang): string => nearest(format.label, lang) ?? format.label.en;

/**
 * What an output says, read back. A kind the read-back thread knows is read there when `onThread`
 * says so (the build: all, to keep its own thread for rendering), else on this thread. `enough`: see
 * `readBackOutput` (a long PDF read at its ends first).
 */
export function readFormat(
  format: Format,
  data: Uint8Array,
  onThread: (kind: OutputKind) => boolean = () => true,
  enough?: (text: OutputText) => boolean | Promise<boolean>,
): Promise<OutputText> {
  return onThread(format.reads) ? readBackOutput(format.reads, data, enough) : readOutput(format.reads, data);
}
