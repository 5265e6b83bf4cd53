import type { BrowserSession } from '../browser/browser.js';
import { projectPath, type BriefpackConfig } from '../config.js';
import { parseBrief } from '../content/parse-brief.js';
import type { Diagnostic } from '../errors.js';
import type { Format } from '../formats/format.js';
import type { BriefDocument } from '../model.js';
import { renderContext, type RenderContext } from '../render/context.js';
import { subsetCovers, subsetFontSet } from '../render/font-subset.js';
import { loadFonts, type FontSet } from '../render/fonts.js';
import { revisionOf, type Revision } from '../render/revision.js';
import { createRenderer, loadTemplateSet, type Renderer, type TemplateSet } from '../render/templates.js';
import { readBackOutput } from '../check/read-back-thread.js';
import { verifyOutput } from '../check/verify.js';
import { version } from '../version.js';
import { inlineImages } from './inline-images.js';
import { trace } from '../trace.js';

/** What every brief of a build renders with, loaded once. */
export interface RenderAssets {
  templates: TemplateSet;
  render: Renderer;
  /** Every face of the configured fonts: the pack's own files, and briefs the subsets do not cover. */
  fonts: FontSet;
  /** The same faces cut to briefpack's repertoire, made on first use; undefined when the templates' own text needs more. */
  subsetFonts?: () => Promise<FontSet>;
}

export async function loadRenderAssets(config: BriefpackConfig): Promise<RenderAssets> {
  const [templates, fonts] = await Promise.all([
    loadTemplateSet({
      overlayDir: config.templates ? projectPath(config.root, config.templates, 'templates') : null,
      themeFile: config.theme ? projectPath(config.root, config.theme, 'theme') : null,
    }),
    loadFonts(config.fonts, config.fontSubsets),
  ]);
  let subsets: Promise<FontSet> | undefined;
  const subsetFonts = subsetCovers([...templates.files.values()].join('')) ? () => (subsets ??= subsetFontSet(fonts)) : undefined;
  return { templates, render: createRenderer(templates), fonts, subsetFonts };
}

export interface RenderedOutput {
  format: Format;
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
}

/** A brief parsed and ready to render: what every format renders from, and what the pack needs. */
export interface PreparedBrief {
  doc: BriefDocument;
  revision: Revision;
  context: RenderContext;
  /** Its fonts: the subsets when they carry every character it has, else every face. */
  fonts: FontSet;
  /** Warnings so far; rendering adds its own. */
  warnings: Diagnostic[];
  shown: string;
}

/** One parse of a brief, its images inlined, its revision and template context made. Writes nothing. */
export async function prepareBrief(input: PrepareBriefInput): Promise<PreparedBrief> {
  const { assets, builtOn } = input;
  const { doc, warnings } = parseBrief(input.source, input.shown, { today: builtOn, maxAgeMonths: input.maxFactAgeMonths });
  warnings.push(...(await inlineImages(doc, { root: input.root, briefFile: input.file, shown: input.shown })));
  trace(`${input.shown} parsed`);
  const revision = revisionOf({ source: input.source, templatesFingerprint: assets.templates.fingerprint, version, builtOn });
  // The self-contained outputs inline their fonts: a brief in the subsets' repertoire (most) inlines
  // a quarter of the bytes. The decision is the brief's own, so a shard builds it as a whole build does.
  const fonts = assets.subsetFonts && subsetCovers(input.source) ? await assets.subsetFonts() : assets.fonts;
  const context = renderContext(doc, revision, assets.templates, fonts.inlineCss);
  return { doc, revision, context, fonts, warnings, shown: input.shown };
}

export interface RenderFormatsInput {
  assets: RenderAssets;
  formats: readonly Format[];
  browser: () => Promise<BrowserSession>;
  builtOn: Date;
}

/** Every format rendered from the same document model, in parallel, each read back as it is made. Writes nothing. */
export async function renderFormats(brief: PreparedBrief, input: RenderFormatsInput): Promise<RenderedOutput[]> {
  const { doc, context, warnings, fonts } = brief;
  const { assets, builtOn } = input;
  // A string is a warning on the brief's file; a format that knows the line passes a diagnostic.
  const warn = (w: string | Diagnostic) => void warnings.push(typeof w === 'string' ? { severity: 'warning', message: w, place: { file: brief.shown } } : w);
  return Promise.all(
    input.formats.map(async (format) => {
      const start = performance.now();
      const data = await format.render({ doc, context, render: assets.render, fonts, browser: input.browser, builtOn, warn });
      const ms = performance.now() - start;
      // Read back as soon as it is made, while the browser still works on the other formats.
      const problems = verifyOutput(doc, brief.revision.id, await readBackOutput(format.reads, data));
      return { format, data, ms, problems };
    }),
  );
}
