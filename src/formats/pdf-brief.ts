import type { Page } from 'puppeteer-core';
import { loadHtml, pdfOptions } from '../browser/browser.js';
import type { BriefMeta } from '../model.js';
import { outlineItems, retitleOutline } from '../pdf/outline.js';
import { loadPdfLib } from '../pdf/pdf-lib.js';
import { safe } from '../render/templates.js';
import { trace } from '../trace.js';
import type { Format } from './format.js';

export interface PdfMetadata {
  meta: BriefMeta;
  creator: string;
  date: Date;
  /** The build's revision stamp, kept in the document information as BriefpackRevision. */
  revision: string;
}

/** Chromium writes only the Title; this sets Author, Subject, Keywords, language and fixed dates. */
export async function setPdfMetadata(doc: import('pdf-lib').PDFDocument, { meta, creator, date, revision }: PdfMetadata): Promise<void> {
  const { PDFDict, PDFHexString, PDFName } = await loadPdfLib();
  doc.setTitle(meta.subtitle ? `${meta.title} — ${meta.subtitle}` : meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.summary);
  doc.setKeywords(meta.keywords);
  doc.setLanguage(meta.lang);
  doc.setCreator(creator);
  doc.setProducer(`${creator} (Chromium, pdf-lib)`);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.context.lookup(doc.context.trailerInfo.Info, PDFDict).set(PDFName.of('BriefpackRevision'), PDFHexString.fromText(revision));
}

interface Heading {
  id: string;
  text: string;
}

/** Every heading of the page in document order, as written (not as CSS upper-cases it). */
const pageHeadings = (page: Page): Promise<Heading[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => ({ id: h.id, text: (h.textContent ?? '').replace(/\s+/g, ' ').trim() })),
  );

/**
 * The print-ready A4 brief. Chromium prints it twice on one page: the first print's bookmarks tell
 * on which page each heading landed, the contents get those numbers (in space the layout already
 * reserved, so nothing moves), and the second print is the brief. pdf-lib then fixes the bookmark
 * titles and sets the metadata, keeping Chromium's tags.
 */
export const pdfBrief: Format = {
  id: 'pdf',
  fileName: 'brief.pdf',
  needsBrowser: true,
  // pdf-lib for the metadata, pdf.js for the read-back check: both load while Chromium starts.
  prepare: () => Promise.all([loadPdfLib(), import('../check/read-outputs.js').then((m) => m.loadPdfjs())]),
  async readBack(data) {
    const { readPdf } = await import('../check/read-outputs.js');
    return readPdf(data);
  },
  async render({ render, context, fonts, browser, doc, builtOn, warn }) {
    const { PDFDocument } = await loadPdfLib();
    // The page fetches the few font files it uses from memory instead of parsing every one inlined.
    const html = render('brief', { ...context, styles: { ...context.styles, fonts: safe(fonts.servedCss) } });
    const session = await browser();
    const { pdf, headings, tocPages } = await session.withPage(
      async (page) => {
        await loadHtml(page, html);
        const headings = await pageHeadings(page);
        const first = await page.pdf(pdfOptions);
        trace('pdf printed');
        const items = await outlineItems(await PDFDocument.load(first, { updateMetadata: false }));
        if (items.length !== headings.length) {
          warn(`brief.pdf: ${items.length} bookmarks for ${headings.length} headings; the contents show no page numbers`);
          return { pdf: first, headings, tocPages: [] };
        }
        const pageOf = Object.fromEntries(headings.map((h, i) => [h.id, items[i]!.page]));
        const filled = await page.evaluate((pages: Record<string, number>) => {
          const slots = [...document.querySelectorAll<HTMLElement>('[data-toc-page]')];
          for (const slot of slots) slot.textContent = String(pages[slot.dataset.tocPage!] ?? '');
          return slots.length;
        }, pageOf);
        if (filled === 0) return { pdf: first, headings, tocPages: [] };
        const second = await page.pdf(pdfOptions);
        trace('pdf printed with page numbers');
        return { pdf: second, headings, tocPages: items.map((i) => i.page) };
      },
      { serve: fonts.files, onBlocked: (url) => warn(`brief.pdf: refused a request to ${url}: outputs may load only what the build inlines`) },
    );
    const out = await PDFDocument.load(pdf, { updateMetadata: false });
    const items = await outlineItems(out);
    if (tocPages.length > 0 && items.some((item, i) => item.page !== tocPages[i])) {
      warn('brief.pdf: the page numbers moved headings to other pages; check the contents page');
    }
    await retitleOutline(items, headings.map((h) => h.text));
    await setPdfMetadata(out, { meta: doc.meta, creator: context.generator, date: builtOn, revision: context.revision.stamp });
    return out.save({ useObjectStreams: false });
  },
};
