import type { BriefDocument } from '../model.js';
import type { BriefEntry } from './briefs.js';
import type { PackDefinition } from './definition.js';

export interface EditionOf {
  entry: BriefEntry;
  doc: BriefDocument;
}

const isDigit = (c: number) => /\p{Nd}/u.test(String.fromCodePoint(c));

/**
 * A decimal digit of any script as 0-9: `١٩٥١` (Arabic-Indic) is 1951. Unicode gives every script's
 * digits as a run of ten from zero, so a digit's value is its distance from its run's start.
 */
export function asciiDigits(text: string): string {
  // 0-9 are left as they are: a long text is mostly those, and a call apiece cost seconds in a 5 MB brief.
  return text.replace(/[^\P{Nd}0-9]/gu, (d) => {
    const code = d.codePointAt(0)!;
    let start = code;
    while (isDigit(start - 1)) start--;
    return String((code - start) % 10);
  });
}

/** The numbers in a text, in order, whatever its digits: what must not change from one language to another. */
const numbersIn = (text: string) => [...asciiDigits(text).matchAll(/\d+/g)].map((m) => m[0]).join(' ');

/** "1.1. IOM'in Amaçları" -> "1.1.": the numbering a translation keeps. */
const headingNumber = (title: string) => /^\s*(\d+(\.\d+)*\.?)\s/.exec(asciiDigits(title))?.[1] ?? '';

/**
 * Where a language edition disagrees with its main file: other fact keys, other numbers or dates in
 * a fact value, another section structure, or an older as-of date (a stale translation).
 */
export function editionProblems(main: BriefDocument, edition: BriefDocument): string[] {
  const problems: string[] = [];
  const keys = (d: BriefDocument) => d.facts.map((f) => f.key).join(', ');
  if (keys(main) !== keys(edition)) problems.push(`facts are [${keys(edition)}], the main edition's [${keys(main)}]`);
  for (const fact of main.facts) {
    const other = edition.facts.find((f) => f.key === fact.key);
    if (!other) continue;
    if (numbersIn(fact.value) !== numbersIn(other.value)) problems.push(`fact ${fact.key} has the numbers [${numbersIn(other.value)}], the main edition [${numbersIn(fact.value)}]`);
    if (fact.asOf !== other.asOf) problems.push(`fact ${fact.key} is as of ${other.asOf ?? 'the brief'}, in the main edition ${fact.asOf ?? 'the brief'}`);
  }
  const structure = (d: BriefDocument) => d.toc.map((t) => `${'#'.repeat(t.depth)} ${headingNumber(t.title)}`.trim()).join(' | ');
  if (structure(main) !== structure(edition)) problems.push(`sections are [${structure(edition)}], the main edition's [${structure(main)}]`);
  if (main.meta.asOf && !edition.meta.asOf) problems.push(`no asOf, the main edition is as of ${main.meta.asOf}: add its asOf`);
  else if (main.meta.asOf && edition.meta.asOf! < main.meta.asOf) problems.push(`stale: as of ${edition.meta.asOf}, the main edition of ${main.meta.asOf}`);
  return problems;
}

/** Editions pack.yaml asks for that a brief lacks. */
export function missingEditions(briefs: readonly EditionOf[], pack: PackDefinition): string[] {
  const problems: string[] = [];
  for (const base of new Set(briefs.map((b) => b.entry.base))) {
    const langs = new Set(briefs.filter((b) => b.entry.base === base).map((b) => b.doc.meta.lang));
    for (const lang of pack.editions) if (!langs.has(lang)) problems.push(`brief "${base}" has no ${lang} edition (content/${base}.${lang}.md), which pack.yaml asks for`);
  }
  return problems;
}
