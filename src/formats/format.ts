import type { BrowserSession } from '../browser/browser.js';
import type { OutputKind } from '../check/read-outputs.js';
import type { FormatId } from '../config.js';
import type { Diagnostic } from '../errors.js';
import type { BriefDocument } from '../model.js';
import type { RenderContext } from '../render/context.js';
import type { FontSet } from '../render/fonts.js';
import type { Renderer } from '../render/templates.js';

export interface FormatInput {
  doc: BriefDocument;
  context: RenderContext;
  render: Renderer;
  /** The build's fonts; `context.styles.fonts` has them inlined. */
  fonts: FontSet;
  /** The build's one browser, started on first use. */
  browser: () => Promise<BrowserSession>;
  /** The build's date, for metadata that must match the revision stamp. */
  builtOn: Date;
  /** Reports a warning without failing the build: text (on the brief's file) or a diagnostic with its line. */
  warn: (warning: string | Diagnostic) => void;
}

/** One output of a brief: adding a format is one file and one line in the registry. */
export interface Format {
  id: FormatId;
  /** File name inside `<out>/<slug>/`. */
  fileName: string;
  needsBrowser: boolean;
  /** Loads what render will need (libraries, say) while the browser starts; optional. */
  prepare?(): Promise<unknown>;
  render(input: FormatInput): Promise<Uint8Array>;
  /** What kind of file it is, to read it back (`briefpack check`, and the build before writing it). */
  reads: OutputKind;
}
