import type { BrowserSession } from '../browser/browser.js';
import type { FrontMatterDefaults } from '../content/front-matter.js';
import type { Diagnostic } from '../errors.js';
import type { Format } from '../formats/format.js';
import type { FormatId } from '../formats/registry.js';
import type { BriefDocument } from '../model.js';
import type { RenderAssets } from '../render/assets.js';
import { renderContext, type RenderContext } from '../render/context.js';
import type { FontSet } from '../render/fonts.js';
import { missingGlyphWarnings } from '../render/missing-glyphs.js';
import { printedText } from '../render/printed-text.js';
import { revisionOf, type Revision } from '../render/revision.js';
import type { FittedDeck } from '../slides/build-deck.js';
import { verifyFormat } from '../check/verify-format.js';
import { version } from '../version.js';
import { inlineImages } from './inline-images.js';
import { parseBriefOnThread } from './parse-thread.js';
import { trace } from '../trace.js';
import { collectGarbageWhenIdle } from './collect-garbage.js';

export interface RenderedOutput {
  format: Format<FormatId>;
  data: Uint8Array;
  ms: number;
  /** What the output, read back, fails to say of its source (`briefpack check`); empty when it agrees. */
  problems: string[];
}

export interface PrepareBriefInput {
  source: string;
  /** The brief's file, for images next to it. */
  file: string;
  root: string;
  /** The brief's path as messages show it. */
  shown: string;
  assets: RenderAssets;
  builtOn: Date;
  maxFactAgeMonths: number;
  /** The config's values for what the front matter does not say. */
  defaults?: FrontMatterDefaults;
}

/** A brief parsed and ready to render: what every format renders from, and what the pack needs. */
export interface PreparedBrief {
  doc: BriefDocument;
  revision: Revision;
  context: RenderContext;
  /** Its fonts: the faces its characters need, cut to them (the base faces to the repertoire where they may be). */
  fonts: FontSet;
  /** Warnings so far; rendering adds its own. */
  warnings: Diagnostic[];
  shown: string;
}

/** One parse of a brief, its images inlined, its revision and template context made. Writes nothing. */
export async function prepareBrief(input: PrepareBriefInput): Promise<PreparedBrief> {
  const { assets, builtOn } = input;
  const { doc, warnings } = await parseBriefOnThread(input.source, input.shown, { today: builtOn, maxAgeMonths: input.maxFactAgeMonths, defaults: input.defaults });
  warnings.push(...(await inlineImages(doc, { root: input.root, briefFile: input.file, shown: input.shown })));
  trace(`${input.shown} parsed`);
  const revision = revisionOf({ source: input.source, templatesFingerprint: assets.templates.fingerprint, version, builtOn });
  // The self-contained outputs inline their fonts: only the faces its characters need (its own, and
  // the labels and dates the templates print), cut to them. A brief in the repertoire (most) inlines
  // the base faces alone, at a quarter of their bytes. The choice is the brief's own, so a shard
  // builds it as a whole build does. A character no bundled font has is a warning at its first place.
  const printed = printedText(doc, revision.builtOn);
  const choice = await assets.fonts.choose(`${input.source}\n${printed}`, doc.meta.lang);
  warnings.push(...missingGlyphWarnings(choice.missing, input.source, input.shown, printed));
  const fonts = await assets.fonts.fontSet([choice], { cut: true });
  const context = renderContext(doc, revision, assets.templates, fonts.inlineCss);
  return { doc, revision, context, fonts, warnings, shown: input.shown };
}

export interface RenderFormatsInput {
  assets: RenderAssets;
  formats: readonly Format<FormatId>[];
  browser: () => Promise<BrowserSession>;
  builtOn: Date;
  /** Told of each output as soon as it is made, before it is read back: the preview shows it at once. */
  onRendered?: (output: { format: Format<FormatId>; data: Uint8Array; ms: number }) => void;
}

/** A source this long leaves garbage worth collecting early (see collectGarbageWhenIdle). */
const longSource = 500_000;

/** Every format rendered from the same document model, in parallel, each read back as it is made. Writes nothing. */
export async function renderFormats(brief: PreparedBrief, input: RenderFormatsInput): Promise<RenderedOutput[]> {
  const { doc, context, warnings, fonts } = brief;
  const { assets, builtOn } = input;
  // A string is a warning on the brief's file; a format that knows the line passes a diagnostic.
  const warn = (w: string | Diagnostic) => void warnings.push(typeof w === 'string' ? { severity: 'warning', message: w, place: { file: brief.shown } } : w);
  // Every deck format shows one deck: fitted in the browser by whichever asks first, and printed there
  // once when the PDF deck is among the formats.
  let deck: Promise<FittedDeck> | undefined;
  const print = input.formats.some((format) => format.id === 'slides');
  const fittedDeck = () =>
    (deck ??= import('../slides/build-deck.js').then(({ fitDeck }) => fitDeck({ doc, context, render: assets.render, fonts, browser: input.browser, warn, print })));
  return Promise.all(
    input.formats.map(async (format) => {
      const start = performance.now();
      const data = await format.render({ doc, context, render: assets.render, fonts, browser: input.browser, deck: fittedDeck, builtOn, warn });
      const ms = performance.now() - start;
      trace(`${brief.shown}: ${format.fileName} made`);
      input.onRendered?.({ format, data, ms });
      // Read back as soon as it is made, on the read-back thread, while the browser still works on the other formats.
      const { problems } = await verifyFormat(format, data, doc, brief.revision.id);
      trace(`${brief.shown}: ${format.fileName} read back`);
      if (doc.source.length >= longSource) collectGarbageWhenIdle();
      return { format, data, ms, problems };
    }),
  );
}
