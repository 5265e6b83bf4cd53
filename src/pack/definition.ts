import path from 'node:path';
import { z } from 'zod';
import { formatIds, projectPath, type BriefpackConfig, type FormatId } from '../config.js';
import { parseYamlWithSchema } from '../content/yaml-schema.js';
import { BriefpackError } from '../errors.js';
import { readProjectFileIfAny } from '../project-fs.js';
import { decodeSource } from '../decode-source.js';
import { defaultLang, labelsOf, langTag, type Lang } from '../locale.js';

const lang = langTag('a language');

const packSchema = z.strictObject({
  /** The pack's cover title and the landing page's heading. */
  title: z.string().trim().min(1),
  subtitle: z.string().trim().min(1).optional(),
  /** Names the archive: `<slug>-<version>.zip`. */
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes').default('pack'),
  /** The release this pack is; the archive's name carries it. */
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]*$/, 'must be letters, digits, dots, dashes').optional(),
  /** The pack's language: its labels, and which edition of each brief pack.pdf holds. */
  lang: lang.default(defaultLang),
  /** Brief slugs in pack order (`iom`, not `iom.en`); every brief in content/ by slug when absent. */
  briefs: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a brief slug like "iom"')).min(1).optional(),
  /** Editions every brief must have, beside its main file (`content/iom.en.md` is the `en` edition). */
  editions: z.array(lang).default([]),
  /** Outputs of each brief; the config's formats when absent. */
  formats: z.array(z.enum(formatIds)).min(1).optional(),
  /** A theme CSS file for the whole pack, in the project. */
  theme: z.string().optional(),
});

export interface PackDefinition {
  title: string;
  subtitle: string | null;
  slug: string;
  version: string | null;
  lang: Lang;
  briefs: string[] | null;
  editions: Lang[];
  formats: FormatId[] | null;
  theme: string | null;
  /** Where it was read from, for messages; null for the default pack. */
  file: string | null;
}

export const packFileName = 'pack.yaml';

/** `content/pack.yaml`, or the default pack (every brief, the config's formats) when there is none. */
export async function loadPackDefinition(config: BriefpackConfig): Promise<PackDefinition> {
  const file = path.join(projectPath(config.root, config.content, 'content'), packFileName);
  const shown = path.relative(config.root, file);
  const bytes = await readProjectFileIfAny(file, { root: config.root, what: packFileName, code: 'CONFIG' });
  if (bytes === undefined) {
    return { title: labelsOf(defaultLang).pack, subtitle: null, slug: 'pack', version: null, lang: defaultLang, briefs: null, editions: [], formats: null, theme: null, file: null };
  }
  const result = parseYamlWithSchema(decodeSource(bytes, shown).text, packSchema, packFileName);
  if (!result.ok) throw new BriefpackError('CONFIG', result.reason, { file: shown, ...result.place });
  const d = result.data;
  if (d.theme) projectPath(config.root, d.theme, 'pack theme');
  return {
    title: d.title,
    subtitle: d.subtitle ?? null,
    slug: d.slug,
    version: d.version ?? null,
    lang: d.lang,
    briefs: d.briefs ?? null,
    editions: d.editions,
    formats: d.formats ?? null,
    theme: d.theme ?? null,
    file: shown,
  };
}
