import type { FormatId } from '../config.js';
import { epub } from './epub.js';
import type { Format } from './format.js';
import { htmlOnePager } from './html-one-pager.js';
import { pdfBrief } from './pdf-brief.js';

/** Every output briefpack can make, in build order. */
export const formats: readonly Format[] = [pdfBrief, htmlOnePager, epub];

export function formatsFor(ids: readonly FormatId[]): Format[] {
  return formats.filter((f) => ids.includes(f.id));
}
