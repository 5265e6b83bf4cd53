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
