import type { VFile } from 'vfile';
import { formatDate } from '../locale.js';
import './data.js';

export interface FreshnessOptions {
  /** The day the brief is built on. */
  today: Date;
  /** How old, in months, a brief or a dated fact may be before the build warns. */
  maxAgeMonths: number;
}

const ageLimit = (today: Date, months: number) => {
  const d = new Date(today);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

/**
 * Warns where a brief, or a fact with its own `asOf`, is older than the allowed age, so stale numbers
 * (a member count, a director's name) are seen before a pack goes out.
 */
export function checkFreshness(file: VFile, options: FreshnessOptions): void {
  const fm = file.data.frontMatter;
  const place = file.data.frontMatterPlace;
  if (!fm || !place) return;
  const limit = ageLimit(options.today, options.maxAgeMonths);
  const age = `older than ${options.maxAgeMonths} months`;
  if (fm.asOf && fm.asOf < limit) {
    file.message(`the brief is as of ${formatDate(fm.asOf, 'en')}, ${age}: review it and update its date (asOf)`, place(['asOf']), 'briefpack:stale');
  }
  fm.facts.forEach((fact, i) => {
    if (fact.asOf && fact.asOf < limit) {
      file.message(`fact "${fact.label}" (${fact.key}) is as of ${formatDate(fact.asOf, 'en')}, ${age}: check it and update its asOf`, place(['facts', i, 'asOf']), 'briefpack:stale');
    }
  });
}
