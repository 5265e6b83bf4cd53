import { subsetCovers, subsetFontSet } from './font-subset.js';
import { loadFonts, type FontSet, type FontSpec } from './fonts.js';
import { createRenderer, loadTemplateSet, type Renderer, type TemplateSet, type TemplateSources } from './templates.js';

/** What every brief of a build, and the pack's own files, render with: loaded once. */
export interface RenderAssets {
  templates: TemplateSet;
  render: Renderer;
  /** Every face of the configured fonts: the pack's own files, and briefs the subsets do not cover. */
  fonts: FontSet;
  /** The same faces cut to briefpack's repertoire, made on first use; undefined when the templates' own text needs more. */
  subsetFonts?: () => Promise<FontSet>;
}

/** A project's templates and fonts (a `Project` is one). */
export interface RenderAssetsOptions {
  templates: TemplateSources;
  config: { fonts: readonly FontSpec[]; fontSubsets: readonly string[] };
}

export async function loadRenderAssets({ templates: sources, config }: RenderAssetsOptions): Promise<RenderAssets> {
  const [templates, fonts] = await Promise.all([loadTemplateSet(sources), loadFonts(config.fonts, config.fontSubsets)]);
  let subsets: Promise<FontSet> | undefined;
  const subsetFonts = subsetCovers([...templates.files.values()].join('')) ? () => (subsets ??= subsetFontSet(fonts)) : undefined;
  return { templates, render: createRenderer(templates), fonts, subsetFonts };
}
