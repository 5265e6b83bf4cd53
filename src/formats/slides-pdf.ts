import { fittedDeck } from '../slides/build-deck.js';
import type { Format } from './format.js';
import { pdfBrief, setPdfMetadata } from './pdf-brief.js';

/** The 16:9 PDF deck: one slide a page, printed from the page the slides were fitted on. */
export const slidesPdf: Format = {
  id: 'slides',
  fileName: 'slides.pdf',
  needsBrowser: true,
  prepare: pdfBrief.prepare,
  async render(input) {
    const { pdf } = await fittedDeck(input);
    return setPdfMetadata(pdf, { meta: input.doc.meta, creator: input.context.generator, date: input.builtOn });
  },
};
