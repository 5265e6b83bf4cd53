import { printPdf } from '../browser/browser.js';
import type { BriefMeta } from '../model.js';
import { safe } from '../render/templates.js';
import type { Format } from './format.js';
import { trace } from '../trace.js';

// Loaded on first use, or early by prepare(): an HTML-only build never pays for it.
// pdf-lib is CommonJS: bundled, its exports arrive as `default`.
const loadPdfLib = async (): Promise<typeof import('pdf-lib')> => {
  const mod = await import('pdf-lib');
  return (mod as unknown as { default?: typeof mod }).default ?? mod;
};

export interface PdfMetadata {
  meta: BriefMeta;
  creator: string;
  date: Date;
}

/**
 * Chromium writes only the Title; this adds Author, Subject, Keywords, language and fixed dates,
 * keeping Chromium's tags and bookmarks (pdf-lib copies every object it does not touch).
 */
export async function setPdfMetadata(pdf: Uint8Array, { meta, creator, date }: PdfMetadata): Promise<Uint8Array> {
  const { PDFDocument } = await loadPdfLib();
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(meta.subtitle ? `${meta.title} — ${meta.subtitle}` : meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.summary);
  doc.setKeywords(meta.keywords);
  doc.setLanguage(meta.lang);
  doc.setCreator(creator);
  doc.setProducer(`${creator} (Chromium, pdf-lib)`);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return doc.save({ useObjectStreams: false });
}

/** The print-ready A4 brief, printed by Chromium from the brief template. */
export const pdfBrief: Format = {
  id: 'pdf',
  fileName: 'brief.pdf',
  needsBrowser: true,
  prepare: loadPdfLib,
  async render({ render, context, fonts, browser, doc, builtOn, warn }) {
    // The page fetches the few font files it uses from memory instead of parsing every one inlined.
    const html = render('brief', { ...context, styles: { ...context.styles, fonts: safe(fonts.servedCss) } });
    const printed = await printPdf(await browser(), html, {
      serve: fonts.files,
      onBlocked: (url) => warn(`brief.pdf: refused a request to ${url}: outputs may load only what the build inlines`),
    });
    trace('pdf printed');
    return setPdfMetadata(printed, { meta: doc.meta, creator: context.generator, date: builtOn });
  },
};
