import type { BriefDocument } from '../model.js';
import { printedStamp } from '../render/revision.js';
import { collapse, type OutputText } from '../read-back/output-text.js';
import { comparable as normal, textMatcher } from './comparable-text.js';

/**
 * What an output fails to say of its brief (a fact value, a heading it shows, or the revision of the
 * source it should have been built from, `revisionId`), and what in it would run or load something:
 * a hazard, or a script other than those its format ships (sha256 in base64). `promised.headings`:
 * the headings this output shows (a deck shows no footnotes), every heading of the brief if not given;
 * `promised.factValues`: what it shows of each fact's value (a deck, a long one's first sentence).
 * Empty when the output agrees with the source and is safe to open.
 */
export function verifyOutput(
  doc: BriefDocument,
  revisionId: string,
  output: OutputText,
  promised: { headings?: readonly string[]; scripts?: readonly string[]; factValues?: readonly string[] } = {},
): string[] {
  const lang = doc.meta.lang;
  const says = textMatcher(output, lang);
  const problems: string[] = [];
  doc.facts.forEach((fact, i) => {
    const value = promised.factValues?.[i] ?? fact.value;
    if (!says(value)) problems.push(`fact "${fact.label}" (${fact.key}) lacks its value "${collapse(value)}"`);
  });
  const headings = new Set(output.headings.map((h) => normal(h, lang)));
  for (const title of promised.headings ?? doc.toc.map((entry) => entry.title)) {
    if (!headings.has(normal(title, lang))) problems.push(`heading "${title}" is missing`);
  }
  for (const hazard of output.hazards) problems.push(`it would run or load something when opened: ${hazard}`);
  const unknownScripts = output.scripts.filter((hash) => !(promised.scripts ?? []).includes(hash)).length;
  if (unknownScripts > 0) problems.push(`it would run ${unknownScripts} script${unknownScripts === 1 ? '' : 's'} briefpack does not ship`);
  // The stamp is the revision id and the build date; the id must be the source's. Readers see the date
  // as the language writes it; a template of one's own may print the stamp as the metadata has it.
  if (!output.revision) problems.push(`no revision stamp (the source's is ${revisionId})`);
  else if (!`${output.revision} · `.startsWith(`${revisionId} · `)) problems.push(`revision ${output.revision} is not the source's ${revisionId}`);
  else if (!says(printedStamp(output.revision, lang)) && !says(output.revision)) problems.push(`revision ${output.revision} is in the metadata but not shown to readers`);
  return problems;
}
