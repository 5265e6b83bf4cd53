import { PDFDocument } from 'pdf-lib';
import { printPdf } from '../browser/browser.js';
import type { BriefMeta } from '../model.js';
import type { Format } from './format.js';

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
  async render({ render, context, browser, doc, builtOn }) {
    const printed = await printPdf(await browser(), render('brief', context));
    return setPdfMetadata(printed, { meta: doc.meta, creator: context.generator, date: builtOn });
  },
};
