import { deckFactValues, deckHeadings } from './deck-headings.js';
import { defineFormat } from './format.js';
import { pdfBrief } from './pdf-brief.js';

/** The 16:9 PDF deck: one slide a page, printed from the page the slides were fitted on. */
export const slidesPdf = defineFormat({
  id: 'slides',
  fileName: 'slides.pdf',
  label: { tr: 'Sunum (PDF)', en: 'Slides (PDF)', de: 'Folien (PDF)', fr: 'Diaporama (PDF)', es: 'Diapositivas (PDF)', ru: 'Слайды (PDF)', ar: 'العرض التقديمي (PDF)', zh: '演示文稿（PDF）', 'zh-Hant': '投影片（PDF）' },
  needsBrowser: true,
  compressed: true,
  prepare: pdfBrief.prepare,
  async render(input) {
    const [{ print }, { finishOnThread }] = await Promise.all([input.deck(), import('../pdf/finish-thread.js')]);
    if (!print) throw new Error('the deck was fitted without printing, for a build that asked for slides.pdf');
    const { parts, join, printed, ahead } = print;
    const { meta } = input.doc;
    return finishOnThread(parts, join, { meta, creator: input.context.generator, date: input.builtOn, revision: input.context.revision.stamp }, printed, ahead);
  },
  reads: 'pdf',
  headings: deckHeadings,
  factValues: deckFactValues,
});
