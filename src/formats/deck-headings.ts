import { labelsOf } from '../locale.js';
import type { BriefDocument } from '../model.js';

/**
 * The headings every deck format shows, which reading them back must find: planned from the document
 * as the build plans the deck (no footnotes, nothing kept off slides).
 */
export async function deckHeadings(doc: BriefDocument): Promise<readonly string[]> {
  const { deckHeadings: plannedHeadings } = await import('../slides/plan.js');
  return plannedHeadings(doc, labelsOf(doc.meta.lang));
}

/** What both deck formats show of each fact's value, in the document's order: a long one shortened, as planned. */
export async function deckFactValues(doc: BriefDocument): Promise<readonly string[]> {
  const { deckFactValue } = await import('../slides/plan.js');
  return doc.facts.map((f) => deckFactValue(f.value, doc.meta.lang));
}
