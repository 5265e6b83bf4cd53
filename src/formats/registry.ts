import { epub } from './epub.js';
import type { Format } from './format.js';
import { htmlOnePager } from './html-one-pager.js';
import { pdfBrief } from './pdf-brief.js';
import { slidesHtml } from './slides-html.js';
import { slidesPdf } from './slides-pdf.js';
import { slidesPptx } from './slides-pptx.js';

/** Every output briefpack can make, in build order (and in each brief's order in the pack's zip). */
export const formats = [pdfBrief, htmlOnePager, slidesPdf, slidesHtml, epub, slidesPptx] as const;

export type FormatId = (typeof formats)[number]['id'];

/** What `--format` and the config accept: `pdf`, `html`, `slides`, `epub`, `pptx`. */
export const formatIds = [...new Set(formats.map((f) => f.id))] as [FormatId, ...FormatId[]];

export function formatsFor(ids: readonly FormatId[]): Format<FormatId>[] {
  return formats.filter((f) => ids.includes(f.id));
}

/** The format that writes a file name (`brief.pdf`), if any. */
export const formatOfFile = (fileName: string): Format<FormatId> | undefined => formats.find((f) => f.fileName === fileName);
