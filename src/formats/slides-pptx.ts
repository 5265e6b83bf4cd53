import { BriefpackError } from '../errors.js';
import { deckFactValues, deckHeadings } from './deck-headings.js';
import { defineFormat } from './format.js';

import type { Parts } from '../read-back/zip-parts.js';
import type { PptxGenJS } from './pptx/write-deck.js';

// pptxgenjs is some 400 kB of code: it loads when a build asks for the format, not with every build.
// Its types describe the CommonJS build; Node imports the ES build, whose default export is the class.
const loadPptxGen = async () => (await import('pptxgenjs')).default as unknown as PptxGenJS;

/**
 * The deck as a PowerPoint file: the slides both other deck formats show (fitted in the browser),
 * as editable text boxes, tables and pictures in the theme's colours and type, with speaker notes.
 */
export const slidesPptx = defineFormat({
  id: 'pptx',
  fileName: 'slides.pptx',
  label: { tr: 'Sunum (PowerPoint)', en: 'Slides (PowerPoint)', de: 'Folien (PowerPoint)', fr: 'Diaporama (PowerPoint)', es: 'Diapositivas (PowerPoint)', ru: 'Слайды (PowerPoint)', ar: 'العرض التقديمي (PowerPoint)', zh: '演示文稿（PowerPoint）', 'zh-Hant': '投影片（PowerPoint）' },
  needsBrowser: true,
  compressed: true,
  prepare: () => Promise.all([loadPptxGen(), import('./pptx/write-deck.js')]),
  async render(input) {
    const [PptxGenJS, { writeDeck }, { pptxTheme }, { finishPackage }, { svgFallbacks }, { partsOutputType }, { slides }] = await Promise.all([
      loadPptxGen(),
      import('./pptx/write-deck.js'),
      import('./pptx/theme.js'),
      import('./pptx/package.js'),
      import('./pptx/svg-fallbacks.js'),
      import('./pptx/written-parts.js'),
      input.deck(),
    ]);
    const themeCss = input.context.styles.theme?.toString();
    if (!themeCss) throw new BriefpackError('RENDER', 'slides.pptx needs theme.css, which is missing from the templates folder');
    const { pres, images } = writeDeck(PptxGenJS, slides, { context: input.context, theme: pptxTheme(themeCss, input.doc.meta.lang) });
    const [written, fallbacks] = await Promise.all([pres.write({ outputType: partsOutputType as 'uint8array' }) as unknown as Promise<Parts>, svgFallbacks(images, input.browser)]);
    return finishPackage(written, { builtOn: input.builtOn, revision: input.context.revision.stamp, svgFallbacks: fallbacks });
  },
  reads: 'pptx',
  headings: deckHeadings,
  factValues: deckFactValues,
});
