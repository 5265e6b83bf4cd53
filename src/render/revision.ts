import { createHash } from 'node:crypto';
import { directionOf, formatDate, type Lang } from '../locale.js';

export interface Revision {
  /** First 8 hex digits of the SHA-256 of the source and the templates/theme it is rendered with. */
  hash: string;
  /** briefpack's version from package.json. */
  version: string;
  /** ISO date of the build (SOURCE_DATE_EPOCH when set). */
  builtOn: string;
  /** `r1a2b3c4d · v0.1.0`: what the source and the templates make; any build of them has it. */
  id: string;
  /** `r1a2b3c4d · v0.1.0 · 2026-11-25`: the id and the build date, the same in every output of one build (in metadata; `printedStamp` for readers). */
  stamp: string;
}

export interface RevisionInput {
  source: string;
  /** Fingerprint of the templates and theme in use: a layout change is a new revision too. */
  templatesFingerprint: string;
  version: string;
  builtOn: Date;
}

export function revisionOf(input: RevisionInput): Revision {
  const hash = createHash('sha256').update(input.source).update('\0').update(input.templatesFingerprint).update('\0').update(input.version).digest('hex').slice(0, 8);
  const id = `r${hash} · v${input.version}`;
  const builtOn = input.builtOn.toISOString().slice(0, 10);
  return { hash, version: input.version, builtOn, id, stamp: `${id} · ${builtOn}` };
}

/**
 * A stamp (a brief's or a pack's) as readers see it: the id, then the build's date as the language
 * writes its dates (`r1a2b3c4d · v0.1.0 · 25 Kasım 2026`), as the brief's own date is printed. In a
 * right-to-left language a right-to-left mark keeps the date's day from joining the id's
 * left-to-right run (`v0.1.0 · 30`), which would set it apart from its month.
 */
export const printedStamp = (stamp: string, lang: Lang): string =>
  stamp.replace(/\d{4}-\d\d-\d\d$/, (iso) => `${directionOf(lang) === 'rtl' ? '\u200f' : ''}${formatDate(iso, lang)}`);

/** The build's date: SOURCE_DATE_EPOCH (seconds) when set, so rebuilds can be reproduced. */
export function buildDate(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return now();
}
