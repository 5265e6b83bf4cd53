import { startFinishThread } from '../pdf/finish-thread.js';
import { defineFormat } from './format.js';

/** The print-ready A4 brief, printed by Chromium from the brief template, its contents numbered. */
export const pdfBrief = defineFormat({
  id: 'pdf',
  fileName: 'brief.pdf',
  label: { tr: 'PDF brifing', en: 'PDF brief', de: 'Briefing (PDF)', fr: 'Note (PDF)', es: 'Nota informativa (PDF)', ru: 'Справка (PDF)', ar: 'المذكرة (PDF)', zh: '简报（PDF）', 'zh-Hant': '簡報（PDF）' },
  needsBrowser: true,
  compressed: true,
  // The PDF thread starts, and pdf-lib on it loads and warms up, while Chromium starts.
  prepare: async () => startFinishThread(),
  async render({ render, context, fonts, browser, doc, builtOn, warn }) {
    const [{ printPaged }, { briefPrintHtml }] = await Promise.all([import('../pdf/print-paged.js'), import('./brief-print-html.js')]);
    return printPaged(
      await browser(),
      briefPrintHtml(render, context, fonts),
      { meta: doc.meta, creator: context.generator, date: builtOn, revision: context.revision.stamp },
      {
        serve: fonts.files,
        onBlocked: (url) => warn(`brief.pdf: refused a request to ${url}: outputs may load only what the build inlines`),
        warn: (message) => warn(`brief.pdf: ${message}`),
      },
    );
  },
  reads: 'pdf',
});
