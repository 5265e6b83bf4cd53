import { z } from 'zod';
import { langTag, type Lang } from '../locale.js';
import { didYouMean } from './did-you-mean.js';

const isoDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};

const isoDate = z
  .string({ error: 'must be a date written YYYY-MM-DD, like 2026-11-30' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD, like 2026-11-30')
  .refine(isoDay, 'is not a real calendar date: write the day as YYYY-MM-DD, like 2026-11-30');

/**
 * A day, from what the tools write: `2016-07-31`, a datetime (Jekyll's `2016-07-31 10:00:00 +0300`,
 * Hugo's `2016-07-31T10:00:00Z`: its day as written), a YAML timestamp, or Quarto's `today`,
 * `now` and `last-modified`: the build's day.
 */
const dayOf = (today: string) =>
  z.preprocess((v) => {
    if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
    if (typeof v !== 'string') return v;
    if (/^(today|now|last-modified)$/.test(v.trim())) return today;
    return /^(\d{4}-\d{2}-\d{2})(?:[T ]\d.*)?$/.exec(v.trim())?.[1] ?? v;
  }, isoDate);

// A key with nothing after it (`title:`) reads as null: empty, as far as the author is concerned.
const text = (what: string, required = false) =>
  z
    .preprocess((v) => v ?? '', z.union([z.string(), z.number()], { error: `${what} must be text` }))
    .transform((v) => String(v).trim())
    .pipe(z.string().min(1, `${what} must not be empty: write it${required ? '' : ', or remove the key'}`));

export const factSchema = z.strictObject({
  key: z
    .string({ error: 'fact key must be text' })
    .regex(/^[a-z][a-z0-9-]*$/, 'fact key must be lower-case letters, digits and dashes, like "director-general"'),
  label: text('fact label', true),
  value: text('fact value', true),
  /** Where the value comes from: a publication, a URL. */
  source: text('fact source').optional(),
  /** The date the value was true on, when it differs from the brief's; it ages on its own. */
  asOf: isoDate.optional(),
});

/** A person's name as Quarto writes it: `name: Ada Lovelace`, or `name: {given: Ada, family: Lovelace}`. */
const personName = z.union([
  text('author'),
  z.object({ name: text('author name') }).transform((a) => a.name),
  z.object({ name: z.object({ literal: text('author name') }) }).transform((a) => a.name.literal),
  z.object({ name: z.object({ given: text('given name'), family: text('family name') }) }).transform((a) => `${a.name.given} ${a.name.family}`),
], { error: 'author must be a name, a list of names, or a list of `- name: ...` as Quarto writes them' });

/** Who issues the brief: one name, or a list (Pandoc's, or Quarto's of `{name, affiliations}`), joined. */
const authors = z.union([personName, z.array(personName).min(1, 'author must list at least one name')]).transform((a) => (Array.isArray(a) ? a.join(', ') : a));

/** Keywords: a list, or one string of them (`a, b`; Jekyll's tags are separated by spaces). */
const keywordList = (separator: RegExp) =>
  z.union([z.string().transform((s) => s.split(separator)), z.array(z.union([z.string(), z.number()], { error: 'a keyword must be text' }).transform(String))], {
    error: 'keywords must be a list, like [migration, IOM]',
  }).transform((list) => list.map((k) => k.trim()).filter(Boolean));

/** Every value briefpack reads, by its own name. */
const fields = (today: string) => ({
  title: text('title'),
  subtitle: text('subtitle'),
  organisation: text('organisation'),
  author: authors,
  lang: langTag('lang'),
  asOf: dayOf(today),
  // Quarto's abstract is often a `|` block: its line breaks are the source's, not the summary's.
  summary: text('summary').transform((v) => v.replace(/\s+/g, ' ')),
  keywords: keywordList(/,/),
  facts: z.array(factSchema, { error: 'facts must be a list of `- key: ..., label: ..., value: ...`' }),
});
type Field = keyof ReturnType<typeof fields>;

/**
 * The names other tools give the same things (Pandoc, Quarto, Jekyll, Hugo), in the order they are
 * taken when several are given: the first present wins, except keywords, which are all joined.
 */
const aliases: ReadonlyArray<{ key: string; field: Field; schema?: z.ZodType }> = [
  { key: 'authors', field: 'author' },
  { key: 'language', field: 'lang' },
  { key: 'date', field: 'asOf' },
  { key: 'description', field: 'summary' },
  { key: 'abstract', field: 'summary' },
  { key: 'tags', field: 'keywords', schema: keywordList(/[,\s]+/) },
  { key: 'categories', field: 'keywords', schema: keywordList(/[,\s]+/) },
];

const frontMatterKeys: readonly string[] = [...Object.keys(fields('')), ...aliases.map((a) => a.key)];

/** The front matter, every value in briefpack's terms; a value not given is null (the build's defaults fill title and lang). */
export interface FrontMatter {
  title: string | null;
  subtitle: string | null;
  organisation: string | null;
  author: string | null;
  lang: Lang | null;
  asOf: string | null;
  summary: string | null;
  keywords: string[];
  facts: Array<z.infer<typeof factSchema>>;
}

export interface FrontMatterIssue {
  severity: 'error' | 'warning';
  message: string;
  /** The YAML path of the value it is about, for its line. */
  path: Array<string | number>;
  rule: string;
}

/** The value at a path of what the YAML gave. */
const at = (value: unknown, path: ReadonlyArray<string | number>): unknown => path.reduce<unknown>((v, p) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined), value);

/** A zod issue as what to do, at its value's path; unknown keys of a fact one by one, each at its line. */
const describeIssue = (issue: z.core.$ZodIssue, key: string, given: Record<string, unknown>): Array<Omit<FrontMatterIssue, 'severity' | 'rule'>> => {
  const path = [key, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  const inFact = path[0] === 'facts' && typeof path[1] === 'number' ? `fact ${path[1] + 1}` : undefined;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => {
      const meant = didYouMean(k, Object.keys(factSchema.shape));
      const fix = meant ? `did you mean \`${meant}\`?` : 'a fact has key, label, value, source and asOf';
      return { message: `${inFact ?? 'front matter'} has a key briefpack does not know, \`${k}\`: ${fix}`, path: [...path, k] };
    });
  }
  if (at(given, path) === undefined) {
    const name = String(path.at(-1));
    return [{ message: `${inFact ?? 'front matter'} lacks \`${name}\`: add \`${name}: ...\``, path }];
  }
  return [{ message: `front matter \`${path.join('.')}\`: ${issue.message}`, path }];
};

/**
 * Reads front matter as written for briefpack or another tool, finding every problem at once: each
 * value that is wrong is an error of its own; keys briefpack does not read are ignored with a warning,
 * one for a likely misspelling of a known key, one for all the rest.
 */
export function readFrontMatter(raw: unknown, today: string): { data: FrontMatter; issues: FrontMatterIssue[]; keyOf: (field: string) => string } {
  const data: FrontMatter = { title: null, subtitle: null, organisation: null, author: null, lang: null, asOf: null, summary: null, keywords: [], facts: [] };
  const issues: FrontMatterIssue[] = [];
  // The key each value was read from (`date` for asOf, in a Jekyll post), for the lines of later messages.
  const from = new Map<string, string>();
  const keyOf = (field: string) => from.get(field) ?? field;
  if (raw === null || raw === undefined) return { data, issues, keyOf };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push({ severity: 'error', message: 'front matter must be keys and values, one a line, like `title: My brief`', path: [], rule: 'front-matter' });
    return { data, issues, keyOf };
  }
  const given = raw as Record<string, unknown>;
  const schemas = fields(today);
  const read = (key: string, field: Field, schema: z.ZodType = schemas[field]) => {
    const result = schema.safeParse(given[key]);
    if (result.success) return result.data;
    for (const issue of result.error.issues) issues.push(...describeIssue(issue, key, given).map((d) => ({ severity: 'error' as const, rule: 'front-matter', ...d })));
    return undefined;
  };
  for (const field of Object.keys(schemas) as Field[]) {
    if (field in given) (data as unknown as Record<Field, unknown>)[field] = read(field, field) ?? (data[field] as unknown);
  }
  for (const alias of aliases) {
    if (!(alias.key in given)) continue;
    const value = read(alias.key, alias.field, alias.schema);
    if (value === undefined) continue;
    if (alias.field === 'keywords') data.keywords = [...new Set([...data.keywords, ...(value as string[])])];
    else if (data[alias.field] === null) {
      (data as unknown as Record<Field, unknown>)[alias.field] = value;
      from.set(alias.field, alias.key);
    }
  }
  const seen = new Set<string>();
  data.facts.forEach((f, i) => {
    if (seen.has(f.key)) issues.push({ severity: 'error', message: `fact key "${f.key}" is used twice: give each fact its own key`, path: ['facts', i, 'key'], rule: 'front-matter' });
    seen.add(f.key);
  });

  const unknown = Object.keys(given).filter((k) => !frontMatterKeys.includes(k));
  const others: string[] = [];
  for (const key of unknown) {
    const meant = didYouMean(key, frontMatterKeys);
    if (meant) issues.push({ severity: 'warning', message: `front matter key \`${key}\` is not one briefpack reads: did you mean \`${meant}\`? Rename it, or it is ignored`, path: [key], rule: 'front-matter-key' });
    else others.push(key);
  }
  if (others.length > 0) {
    const listed = others.map((k) => `\`${k}\``).join(', ');
    issues.push({ severity: 'warning', message: `front matter ${others.length === 1 ? 'key' : 'keys'} ${listed} ${others.length === 1 ? 'is' : 'are'} not read by briefpack and ignored: remove ${others.length === 1 ? 'it' : 'them'} if no other tool needs ${others.length === 1 ? 'it' : 'them'}`, path: [others[0]!], rule: 'front-matter-key' });
  }
  return { data, issues, keyOf };
}

/** What a brief's front matter leaves unsaid comes from the project's config (`lang`, `author`, `organisation`). */
export interface FrontMatterDefaults {
  lang?: string;
  author?: string;
  organisation?: string;
}

/** The front matter with the defaults in: every brief has a title and a language. */
export type BriefFrontMatter = Omit<FrontMatter, 'title' | 'lang'> & { title: string; lang: Lang };
