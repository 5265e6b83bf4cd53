import { labelsOf } from '../locale.js';
import type { BriefDocument } from '../model.js';

/** Planned once a document: the three deck formats ask, and a 5,500-slide plan takes half a second. */
const planned = new WeakMap<BriefDocument, Promise<readonly string[]>>();

/**
 * The headings every deck format shows, which reading them back must find: planned from the document
 * as the build plans the deck (no footnotes, nothing kept off slides).
 */
export function deckHeadings(doc: BriefDocument): Promise<readonly string[]> {
  let headings = planned.get(doc);
  if (!headings) planned.set(doc, (headings = import('../slides/plan.js').then(({ deckHeadings: plannedHeadings }) => plannedHeadings(doc, labelsOf(doc.meta.lang)))));
  return headings;
}

/** What both deck formats show of each fact's value, in the document's order: a long one shortened, as planned. */
export async function deckFactValues(doc: BriefDocument): Promise<readonly string[]> {
  const { deckFactValue } = await import('../slides/plan.js');
  return doc.facts.map((f) => deckFactValue(f.value, doc.meta.lang));
}
