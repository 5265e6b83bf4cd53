import type { BriefDocument, Fact, TocEntry } from '../model.js';
import { labelsOf, type Labels } from '../locale.js';
import type { Revision } from './revision.js';
import { safe, type TemplateSet } from './templates.js';

export interface TocNode extends TocEntry {
  children: TocNode[];
}

/** Nests the flat heading list: `###` entries under the `##` before them. */
export function nestToc(entries: readonly TocEntry[]): TocNode[] {
  const roots: TocNode[] = [];
  const stack: TocNode[] = [];
  for (const entry of entries) {
    const node: TocNode = { ...entry, children: [] };
    while (stack.length > 0 && stack.at(-1)!.depth >= node.depth) stack.pop();
    (stack.at(-1)?.children ?? roots).push(node);
    stack.push(node);
  }
  return roots;
}

/** Everything a layout may use. Built once per brief and shared by every format. */
export interface RenderContext {
  meta: BriefDocument['meta'];
  facts: Fact[];
  toc: TocNode[];
  body: ReturnType<typeof safe>;
  labels: Labels;
  revision: Revision;
  /** CSS by file name (`theme/theme.css`, `brief.css`...), plus `fonts`: the inlined @font-face rules. */
  styles: Record<string, ReturnType<typeof safe>>;
  generator: string;
}

/**
 * CSS that cannot end the <style> element it is inlined in: a theme may come from content/ (pack.yaml
 * names it), and `</style><script>` in it would otherwise start a script. Only `</style` can end the
 * element (any case); `\3c ` is `<` to CSS in a string, a URL or a comment alike, and outside them
 * `</style` is no CSS at all. Other `<` (`@media (width < 600px)`) stay as written.
 */
export const cssForStyleElement = (css: string): string => css.replace(/<(?=\/style)/gi, '\\3c ');

/** Every stylesheet of the template set by its base name (`theme`, `brief`...), and `fonts`, ready to inline. */
export function templateStyles(templates: TemplateSet, fontsCss: string): RenderContext['styles'] {
  const styles: RenderContext['styles'] = { fonts: safe(fontsCss) };
  for (const [name, text] of templates.files) if (name.endsWith('.css')) styles[name.replace(/^.*\//, '').replace(/\.css$/, '')] = safe(cssForStyleElement(text));
  return styles;
}

export function renderContext(doc: BriefDocument, revision: Revision, templates: TemplateSet, fontsCss: string): RenderContext {
  const styles = templateStyles(templates, fontsCss);
  return {
    meta: doc.meta,
    facts: doc.facts,
    toc: nestToc(doc.toc),
    body: safe(doc.html),
    labels: labelsOf(doc.meta.lang),
    revision,
    styles,
    generator: `briefpack ${revision.version}`,
  };
}
