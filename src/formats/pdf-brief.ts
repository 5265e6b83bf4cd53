import { readBackOutput } from '../check/read-back-thread.js';
import { loadPdfLib } from '../pdf/pdf-lib.js';
import type { Format } from './format.js';

/** The print-ready A4 brief, printed by Chromium from the brief template, its contents numbered. */
export const pdfBrief: Format = {
  id: 'pdf',
  fileName: 'brief.pdf',
  needsBrowser: true,
  // pdf-lib for the metadata loads while Chromium starts.
  prepare: loadPdfLib,
  async render({ render, context, fonts, browser, doc, builtOn, warn }) {
    const [{ printPaged }, { safe }] = await Promise.all([import('../pdf/print-paged.js'), import('../render/templates.js')]);
    // The page fetches the few font files it uses from memory instead of parsing every one inlined.
    const html = render('brief', { ...context, styles: { ...context.styles, fonts: safe(fonts.servedCss) } });
    return printPaged(
      await browser(),
      html,
      { meta: doc.meta, creator: context.generator, date: builtOn, revision: context.revision.stamp },
      {
        serve: fonts.files,
        onBlocked: (url) => warn(`brief.pdf: refused a request to ${url}: outputs may load only what the build inlines`),
        warn: (message) => warn(`brief.pdf: ${message}`),
      },
    );
  },
  readBack: (data) => readBackOutput('pdf', data),
};
