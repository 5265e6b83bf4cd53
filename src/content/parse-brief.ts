import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { toHtml } from 'hast-util-to-html';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import './micromark-edit-map.js';
import { BriefpackError, BriefpackErrors, type Diagnostic } from '../errors.js';
import type { BriefDocument } from '../model.js';
import { labelsOf } from '../locale.js';
import { checkFreshness, type FreshnessOptions } from './fact-freshness.js';
import type { FrontMatterDefaults } from './front-matter.js';
import remarkCheckLanguage from './plugins/remark-check-language.js';
import remarkFactDirective from './plugins/remark-fact-directive.js';
import remarkFrontMatter from './plugins/remark-front-matter.js';
import remarkSlideDirectives, { slideDirectives } from './plugins/remark-slide-directives.js';
import remarkMarkdownInHtml from './plugins/remark-markdown-in-html.js';
import remarkNestingLimit, { precheck } from './plugins/remark-nesting-limit.js';
import remarkNoLinksInLinks from './plugins/remark-no-links-in-links.js';
import remarkUnusedFootnotes from './plugins/remark-unused-footnotes.js';
import remarkTypographicQuotes from './plugins/remark-typographic-quotes.js';
import remarkUnknownDirectives from './plugins/remark-unknown-directives.js';
import rehypeCollectToc from './plugins/rehype-collect-toc.js';
import rehypeContentModel from './plugins/rehype-content-model.js';
import rehypeFootnoteLabels from './plugins/rehype-footnote-labels.js';
import rehypeHyphenate from './plugins/rehype-hyphenate.js';
import rehypeIsolateLtrRuns from './plugins/rehype-isolate-ltr-runs.js';
import rehypeLabelTaskItems from './plugins/rehype-label-task-items.js';
import rehypeMarkBareLinks from './plugins/rehype-mark-bare-links.js';
import rehypeNameEmptyLinks from './plugins/rehype-name-empty-links.js';
import rehypeRawWhereRaw from './plugins/rehype-raw-where-raw.js';
import rehypeRelinkClobbered from './plugins/rehype-relink-clobbered.js';
import rehypeSectionLevels from './plugins/rehype-section-levels.js';
import rehypeSlideView from './plugins/rehype-slide-view.js';
import rehypeUnwrapWrappers from './plugins/rehype-unwrap-wrappers.js';
import { splitSections } from './sections.js';
import { slideSections } from './slide-sections.js';
import { slugOf } from './slug.js';

/** Directive names some plugin handles; the rest are treated as prose. */
export const knownDirectives = ['fact', ...(Object.keys(slideDirectives) as Array<keyof typeof slideDirectives>)] as const;

const clobberPrefix = defaultSchema.clobberPrefix ?? 'user-content-';
/** The deepest a node may sit below the root (remark-nesting-limit). */
const maxDepth = 100;
// GitHub's schema, plus the harmless elements real documents use that it lacks (asides, figures,
// marks...), less what could make an output load something (<source srcset>, an image's
// longdesc) or act (`action`), plus the one marker the slide directives need to reach
// rehype-slide-view, which removes it: `data-bp-slides` with its four values, on div and hr only. A
// <style> goes with its text (kept, the CSS would read as prose).
const extraTags = ['aside', 'figure', 'figcaption', 'caption', 'mark', 'small', 'abbr', 'cite', 'dfn', 'u', 'bdi', 'bdo', 'wbr', 'time'];
const { source: _source, ...attributes } = defaultSchema.attributes ?? {};
const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []).filter((tag) => tag !== 'source'), ...extraTags],
  strip: [...(defaultSchema.strip ?? []), 'style'],
  attributes: {
    ...attributes,
    '*': (attributes['*'] ?? []).filter((a) => a !== 'action'),
    img: (attributes.img ?? []).filter((a) => a !== 'longDesc'),
    div: [...(attributes.div ?? []), ['dataBpSlides', 'notes', 'only', 'never']],
    hr: [...(attributes.hr ?? []), ['dataBpSlides', 'break']],
  },
};

// Raw HTML is parsed (so harmless tags like <sup> survive) and then sanitised with GitHub's schema:
// no script, no event handlers, no iframes, no javascript: URLs.
const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkFrontMatter)
  .use(remarkCheckLanguage)
  .use(remarkGfm)
  .use(remarkDirective)
  .use(remarkMarkdownInHtml)
  .use(remarkNoLinksInLinks)
  .use(remarkFactDirective)
  .use(remarkSlideDirectives)
  .use(remarkUnknownDirectives, { known: knownDirectives })
  .use(remarkNestingLimit, { maxDepth })
  .use(remarkUnusedFootnotes)
  // Every directive and fact is text by now: quotes as the language writes them, front matter too.
  .use(remarkTypographicQuotes)
  // ^ back to the reference, as Wikipedia has it: every text font has it (Noto Sans has no ↩ or ↑,
  // which would fall back to a font of the machine).
  .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '', footnoteBackContent: '^' })
  .use(rehypeFootnoteLabels, { labels: labelsOf })
  .use(rehypeRawWhereRaw)
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeContentModel)
  // Every output's links and checkboxes have a name a screen reader can say.
  .use(rehypeNameEmptyLinks)
  .use(rehypeLabelTaskItems)
  .use(rehypeMarkBareLinks)
  .use(rehypeIsolateLtrRuns)
  .use(rehypeUnwrapWrappers)
  .use(rehypeSectionLevels)
  .use(rehypeRelinkClobbered, { prefix: clobberPrefix })
  .use(rehypeSlideView)
  .use(rehypeSlug)
  .use(rehypeCollectToc)
  // Last: the deck's tree is split off, headings and their ids are made (see the plugin for why).
  .use(rehypeHyphenate)
  .freeze();

export interface ParsedBrief {
  doc: BriefDocument;
  warnings: Diagnostic[];
}

const toDiagnostic = (m: VFileMessage, file: string): Diagnostic => ({
  severity: m.fatal ? 'error' : 'warning',
  message: m.reason,
  place: { file, line: m.line ?? undefined, column: m.column ?? undefined },
  rule: m.source && m.ruleId ? `${m.source}:${m.ruleId}` : (m.ruleId ?? undefined),
});

/**
 * `today` defaults to now: pass the build's date to keep parsing pure and reproducible. `defaults`:
 * the config's values for what a brief's front matter does not say.
 */
export type ParseOptions = Partial<FreshnessOptions> & { defaults?: FrontMatterDefaults };

/** Markdown read into its syntax tree, as a brief's is (for a part of a long one: markdown-parts.ts). */
export function parseMarkdown(text: string): MdastRoot {
  return processor.parse(text);
}

/**
 * Whether the whole text passes the check that the parse of each part makes of that part alone
 * (remark-nesting-limit's `precheck`): its counts run on across a heading that ends a paragraph.
 */
export function passesNestingCheck(text: string): boolean {
  try {
    precheck(text, new VFile({ value: text }), maxDepth);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses one brief into the document model. Pure: no I/O. Content problems throw a BriefpackError
 * naming file, line and column; warnings come back with the document. `markdown`: the source's
 * syntax tree, when it was read already (in parts, on several threads: parse-worker.ts).
 */
export function parseBrief(source: string, sourcePath: string, options: ParseOptions = {}, markdown?: MdastRoot): ParsedBrief {
  const today = options.today ?? new Date();
  const file = new VFile({ value: source, path: sourcePath });
  file.data.frontMatterDefaults = { ...options.defaults, today: today.toISOString().slice(0, 10) };
  let tree: HastRoot;
  try {
    tree = processor.runSync(markdown ?? processor.parse(file), file) as HastRoot;
  } catch (error) {
    if (error instanceof VFileMessage) {
      // Every problem found before the failure is told, errors first (the front matter's are all found).
      const all = file.messages.includes(error) ? file.messages : [...file.messages, error];
      const diagnostics = all.map((m) => toDiagnostic(m, sourcePath)).sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'));
      if (diagnostics.length > 1) throw new BriefpackErrors(diagnostics);
      throw new BriefpackError('CONTENT', diagnostics[0]!.message, diagnostics[0]!.place, { cause: error });
    }
    // Raw HTML nested thousands of elements deep gets past the Markdown's nesting limit.
    if (error instanceof RangeError) throw new BriefpackError('CONTENT', 'the brief nests its elements too deeply to be laid out: flatten its HTML or lists', { file: sourcePath }, { cause: error });
    throw error;
  }
  checkFreshness(file, { today, maxAgeMonths: options.maxAgeMonths ?? 12 });
  const fm = file.data.frontMatter!;
  const slug = slugOf(sourcePath);
  const doc: BriefDocument = {
    sourcePath,
    source,
    meta: {
      slug,
      title: fm.title,
      subtitle: fm.subtitle ?? null,
      organisation: fm.organisation,
      author: fm.author,
      lang: fm.lang,
      asOf: fm.asOf,
      summary: fm.summary,
      keywords: fm.keywords,
    },
    facts: fm.facts.map((f) => ({ key: f.key, label: f.label, value: f.value, source: f.source ?? null, asOf: f.asOf ?? null })),
    toc: file.data.toc ?? [],
    sections: splitSections(tree),
    tree,
    html: toHtml(tree),
    slides: slideSections(file.data.slideTree!),
  };
  return { doc, warnings: file.messages.map((m) => toDiagnostic(m, sourcePath)) };
}
