import type { FormatId } from '../config.js';
import { epub } from './epub.js';
import type { Format } from './format.js';
import { htmlOnePager } from './html-one-pager.js';
import { pdfBrief } from './pdf-brief.js';
import { slidesHtml } from './slides-html.js';
import { slidesPdf } from './slides-pdf.js';

/** Every output briefpack can make, in build order. Formats sharing an id are selected together. */
export const formats: readonly Format[] = [pdfBrief, htmlOnePager, slidesPdf, slidesHtml, epub];

export function formatsFor(ids: readonly FormatId[]): Format[] {
  return formats.filter((f) => ids.includes(f.id));
}
