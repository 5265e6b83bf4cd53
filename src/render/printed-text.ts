import { formatDate, labelsOf } from '../locale.js';
import type { BriefDocument } from '../model.js';

/**
 * What a brief's outputs print besides its source, for choosing their fonts: its HTML (character
 * references resolved, images' alt text standing in; less inlined images' data, which is no text),
 * the labels of its language and its dates as they are written out.
 */
export function printedText(doc: BriefDocument, builtOn: string): string {
  const { lang } = doc.meta;
  const dates = [doc.meta.asOf, builtOn, ...doc.facts.map((fact) => fact.asOf)].flatMap((date) => (date ? [formatDate(date, lang)] : []));
  return [doc.html.replace(/data:[^"'\s)]*/g, ''), JSON.stringify(labelsOf(lang)), ...dates].join('\n');
}
