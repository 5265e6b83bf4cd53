import type { Format } from './format.js';
import { pdfBrief } from './pdf-brief.js';

/** The 16:9 PDF deck: one slide a page, printed from the page the slides were fitted on. */
export const slidesPdf: Format = {
  id: 'slides',
  fileName: 'slides.pdf',
  needsBrowser: true,
  prepare: pdfBrief.prepare,
  async render(input) {
    const [{ fittedDeck }, { finishPdf }] = await Promise.all([import('../slides/build-deck.js'), import('../pdf/print-paged.js')]);
    const { pdf, headings } = await fittedDeck(input);
    const { meta } = input.doc;
    return finishPdf(pdf, { meta, creator: input.context.generator, date: input.builtOn, revision: input.context.revision.stamp }, headings);
  },
  reads: 'pdf',
};
