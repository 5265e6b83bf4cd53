import { fontLibrary, type FontLibrary } from './font-library.js';
import { subsetCovers } from './font-subset.js';
import type { FontSpec } from './fonts.js';
import { createRenderer, loadTemplateSet, type Renderer, type TemplateSet, type TemplateSources } from './templates.js';

/** What every brief of a build, and the pack's own files, render with: loaded once. */
export interface RenderAssets {
  templates: TemplateSet;
  render: Renderer;
  /** The configured fonts: which faces a text needs, and those faces as a font set. */
  fonts: FontLibrary;
}

/** A project's templates and fonts (a `Project` is one). */
export interface RenderAssetsOptions {
  templates: TemplateSources;
  config: { fonts: readonly FontSpec[]; fontSubsets: readonly string[] };
}

export async function loadRenderAssets({ templates: sources, config }: RenderAssetsOptions): Promise<RenderAssets> {
  const templates = await loadTemplateSet(sources);
  // Templates whose own text needs more than the repertoire keep the base faces whole.
  const fonts = fontLibrary(config, { cutToRepertoire: subsetCovers([...templates.files.values()].join('')) });
  return { templates, render: createRenderer(templates), fonts };
}
