import { createHash } from 'node:crypto';
import { fileStem, slugify, slugOf } from '../content/slug.js';
import { BriefpackError } from '../errors.js';
import { canonicalLang, isKnownLang, type Lang } from '../locale.js';
import type { PackDefinition } from './definition.js';

/** One file of content/: a brief's main file (`iom.md`) or one of its language editions (`iom.en.md`). */
export interface BriefEntry {
  file: string;
  /** Its output folder: `iom`, `iom.en`. */
  slug: string;
  /** The brief it is an edition of: `iom`. */
  base: string;
  /** The edition's language when the file name carries one; null for the main file. */
  edition: Lang | null;
}

/** A file's entry: its slug made from its name (`İç_Göç.md` -> `ic-goc`, see slugify), the edition's suffix kept. */
export function briefEntry(file: string): BriefEntry {
  const stem = fileStem(file);
  const match = /^(.+)\.([^.]+)$/.exec(stem);
  const suffix = match?.[2];
  const edition = suffix !== undefined && isKnownLang(suffix) ? canonicalLang(suffix) : null;
  const slug = slugOf(file);
  return { file, slug, base: edition ? slugify(match![1]!) : slug, edition };
}

/**
 * The pack's briefs in pack order, each main file followed by its editions: the order pack.yaml
 * gives, or by slug. A brief pack.yaml names but content/ lacks is an error.
 */
export function orderBriefs(files: readonly string[], pack: PackDefinition): BriefEntry[] {
  const entries = files.map(briefEntry).sort((a, b) => (a.base === b.base ? (a.edition ?? '').localeCompare(b.edition ?? '') : a.base.localeCompare(b.base)));
  if (!pack.briefs) return entries;
  const known = new Set(entries.map((e) => e.base));
  const missing = pack.briefs.filter((slug) => !known.has(slug));
  if (missing.length > 0) throw new BriefpackError('CONFIG', `pack.yaml lists ${missing.map((m) => `"${m}"`).join(', ')}, but content/ has no such brief`, { file: pack.file ?? 'pack.yaml' });
  return pack.briefs.flatMap((slug) => entries.filter((e) => e.base === slug));
}

/** Which of `count` shards builds a brief: by a hash of its slug, so adding a brief moves no other. */
export function shardOf(base: string, count: number): number {
  return createHash('sha256').update(base).digest().readUInt32BE(0) % count;
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new BriefpackError('USAGE', `--shard takes K/N with 1 <= K <= N, like 2/3; got "${text}"`);
  return { index, count };
}
