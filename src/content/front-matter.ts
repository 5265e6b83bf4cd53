import { z } from 'zod';
import { langTag } from '../locale.js';

const isoDate = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'is not a real calendar date');

const text = (what: string) =>
  z.string({ error: `${what} must be text` }).trim().min(1, `${what} must not be empty`);

export const factSchema = z.strictObject({
  key: z
    .string({ error: 'fact key must be text' })
    .regex(/^[a-z][a-z0-9-]*$/, 'fact key must be lower-case letters, digits and dashes, like "director-general"'),
  label: text('fact label'),
  value: z.union([z.string(), z.number()]).transform(String).pipe(text('fact value')),
  /** Where the value comes from: a publication, a URL. */
  source: text('fact source').optional(),
  /** The date the value was true on, when it differs from the brief's; it ages on its own. */
  asOf: isoDate.optional(),
});

/** The YAML front matter of a brief. Unknown keys are errors: a typo must not pass silently. */
export const frontMatterSchema = z
  .strictObject({
    title: text('title'),
    subtitle: text('subtitle').optional(),
    organisation: text('organisation'),
    author: text('author'),
    lang: langTag('lang'),
    // YAML reads an unquoted 2016-07-31 as a string with the yaml package's core schema.
    asOf: isoDate,
    summary: text('summary'),
    keywords: z.array(text('keyword')).default([]),
    facts: z.array(factSchema).min(1, 'facts must list at least one fact'),
  })
  .superRefine((fm, ctx) => {
    const seen = new Set<string>();
    fm.facts.forEach((f, i) => {
      if (seen.has(f.key)) ctx.addIssue({ code: 'custom', message: `fact key "${f.key}" is used twice`, path: ['facts', i, 'key'] });
      seen.add(f.key);
    });
  });

export type FrontMatter = z.infer<typeof frontMatterSchema>;
