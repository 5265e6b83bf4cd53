import type { BriefDocument, Lang } from '../model.js';
import { collapse, type OutputText } from './read-outputs.js';

/** Case and spacing do not count: a deck may upper-case a title, a PDF may break a value over lines. */
const normal = (s: string, lang: Lang) => collapse(s).replace(/[’‘]/g, "'").toLocaleLowerCase(lang);

/**
 * What an output fails to say of its brief: a fact value, a section heading, or the revision stamp of
 * the source it should have been built from. Empty when the output agrees with the source.
 */
export function verifyOutput(doc: BriefDocument, expectedRevision: string, output: OutputText): string[] {
  const lang = doc.meta.lang;
  const text = normal(output.text, lang);
  const problems: string[] = [];
  for (const fact of doc.facts) {
    if (!text.includes(normal(fact.value, lang))) problems.push(`fact "${fact.label}" (${fact.key}) lacks its value "${collapse(fact.value)}"`);
  }
  const headings = new Set(output.headings.map((h) => normal(h, lang)));
  for (const entry of doc.toc) {
    if (!headings.has(normal(entry.title, lang))) problems.push(`heading "${entry.title}" is missing`);
  }
  if (output.revision !== expectedRevision) {
    problems.push(output.revision ? `revision ${output.revision} is not the source's ${expectedRevision}` : `no revision stamp (the source's is ${expectedRevision})`);
  } else if (!text.includes(normal(expectedRevision, lang))) {
    problems.push(`revision ${expectedRevision} is in the metadata but not shown to readers`);
  }
  return problems;
}
