import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { FrontMatterDefaults } from './content/front-matter.js';
import { BriefpackError } from './errors.js';
import { formatIds, type FormatId } from './formats/registry.js';
import { langTag } from './locale.js';
import { isInside, realProjectPathSync } from './project-fs.js';

export { formatIds, type FormatId };

const fontSchema = z.strictObject({
  /** An @fontsource package, e.g. "@fontsource/noto-sans". */
  package: z.string().regex(/^@fontsource(-variable)?\/[a-z0-9-]+$/, 'must be an @fontsource package name'),
  /** Its weight files: "400", "400-italic", "700"... */
  weights: z.array(z.string().regex(/^\d{3}(-italic)?$/)).min(1),
  /**
   * A fallback font: every face of it, whatever `fontSubsets` says, each inlined only into the outputs
   * of a brief whose characters the text fonts lack and it has, cut to them (an emoji font: two
   * megabytes in all, a few kilobytes where used; a CJK font: 70, and some 50 kB a weight where used).
   */
  onlyWhereUsed: z.boolean().optional(),
  /** BCP 47 tags of the languages it is the first fallback for among those with a `lang` (the CJK fonts): as the theme's `:lang()` rules say. */
  lang: z.array(z.string().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag')).optional(),
});

const configSchema = z.strictObject({
  /** Where the briefs (`*.md`) are. */
  content: z.string().default('content'),
  /** Where outputs go: `<out>/<slug>/brief.pdf`... */
  out: z.string().default('dist'),
  /** A folder whose files replace the built-in templates of the same name (partials/, *.hbs, *.css). */
  templates: z.string().nullable().default(null),
  /** A CSS file replacing the built-in theme (templates/theme/theme.css). */
  theme: z.string().nullable().default(null),
  /** Which outputs `build` makes when --format is not given. */
  formats: z.array(z.enum(formatIds)).min(1).default([...formatIds]),
  /**
   * Fonts inlined into the outputs, in the order of the theme's font stacks, which name their families:
   * the text fonts (the first is the body font, second in every stack), then the fallback fonts.
   */
  fonts: z.array(fontSchema).default([
    { package: '@fontsource/noto-sans', weights: ['400', '400-italic', '600', '700'] },
    { package: '@fontsource/noto-serif', weights: ['700'] },
    { package: '@fontsource/noto-sans-mono', weights: ['400'] },
    { package: '@fontsource/noto-sans-arabic', weights: ['400', '600', '700'], onlyWhereUsed: true },
    { package: '@fontsource/noto-sans-hebrew', weights: ['400', '600', '700'], onlyWhereUsed: true },
    { package: '@fontsource/noto-emoji', weights: ['400'], onlyWhereUsed: true },
    // Han in any language but these: Simplified Chinese's forms.
    { package: '@fontsource/noto-sans-sc', weights: ['400', '600', '700'], onlyWhereUsed: true, lang: ['zh'] },
    { package: '@fontsource/noto-sans-tc', weights: ['400', '600', '700'], onlyWhereUsed: true, lang: ['zh-Hant', 'zh-TW', 'zh-HK', 'zh-MO'] },
    { package: '@fontsource/noto-sans-jp', weights: ['400', '600', '700'], onlyWhereUsed: true, lang: ['ja'] },
    { package: '@fontsource/noto-sans-kr', weights: ['400', '600', '700'], onlyWhereUsed: true, lang: ['ko'] },
  ]),
  /** The language of a brief whose front matter and file name give none (any BCP 47 tag). */
  lang: langTag('lang').default('en'),
  /** Who issues the briefs, for those whose front matter names no author. */
  author: z.string().trim().min(1).optional(),
  /** What the briefs are about, for those whose front matter names no organisation. */
  organisation: z.string().trim().min(1).optional(),
  /** A brief, or a fact with its own asOf, older than this many months gives a build warning. */
  maxFactAgeMonths: z.number().int().positive().default(12),
  /** Warnings fail the build, as errors do: for release builds (`--strict` on the command line). */
  strict: z.boolean().default(false),
  /** The text fonts' Unicode subsets every output carries (latin-ext has ğ, ş, İ); their others (Cyrillic, Greek...) only where used. */
  fontSubsets: z.array(z.string()).default(['latin', 'latin-ext']),
});

export type BriefpackConfig = z.infer<typeof configSchema> & { root: string };

/** The config's values for what a brief's front matter does not say. */
export const briefDefaults = (config: BriefpackConfig): FrontMatterDefaults => ({ lang: config.lang, author: config.author, organisation: config.organisation });

export const configFileName = 'briefpack.config.json';

/** A path in the project, refusing anything outside it: content and config may be untrusted. */
export function projectPath(root: string, p: string, what: string): string {
  const resolved = path.resolve(root, p);
  if (!isInside(root, resolved)) {
    throw new BriefpackError('CONFIG', `${what} "${p}" is outside the project (${root}); keep it inside`);
  }
  return resolved;
}

/** Reads `briefpack.config.json` from the project root if there is one; defaults otherwise. */
export function loadConfig(root: string, overrides: Partial<z.input<typeof configSchema>> = {}): BriefpackConfig {
  const real = realProjectPathSync(path.join(root, configFileName), { root, what: configFileName, code: 'CONFIG' });
  let raw: unknown = {};
  if (real !== undefined) {
    try {
      raw = JSON.parse(readFileSync(real, 'utf8'));
    } catch (error) {
      throw new BriefpackError('CONFIG', `${configFileName} is not valid JSON: ${(error as Error).message}`, { file: configFileName });
    }
  }
  const result = configSchema.safeParse({ ...(raw as object), ...stripUndefined(overrides) });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new BriefpackError('CONFIG', `config \`${issue.path.join('.')}\`: ${issue.message}`, { file: configFileName });
  }
  const config = { ...result.data, root };
  for (const [key, value] of [['content', config.content], ['templates', config.templates], ['theme', config.theme]] as const) {
    if (value) projectPath(root, value, key);
  }
  return config;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
