import { defineFormat } from './format.js';

/**
 * The EPUB 3 edition for tablets and e-readers: XHTML from the document model, zipped. The browser
 * draws its cover as PNG, the thumbnail reading systems show on their shelves.
 */
export const epub = defineFormat({
  id: 'epub',
  fileName: 'brief.epub',
  label: { tr: 'E-kitap (EPUB)', en: 'E-book (EPUB)', de: 'E-Book (EPUB)', fr: 'Livre numérique (EPUB)', es: 'Libro electrónico (EPUB)', ru: 'Электронная книга (EPUB)', ar: 'كتاب إلكتروني (EPUB)', zh: '电子书（EPUB）', 'zh-Hant': '電子書（EPUB）' },
  needsBrowser: true,
  compressed: true,
  async render(input) {
    const [{ bookFiles, coverOf }, { zipBook }, { coverPng }] = await Promise.all([import('./epub/book.js'), import('./epub/zip.js'), import('./epub/cover-png.js')]);
    // Two thirds of the cover's size, 800 by 1200 pixels: sharp on a shelf, some 90 kB, quick to draw.
    const cover = await coverPng(await input.browser(), coverOf(input), input.fonts, 2 / 3);
    return zipBook(bookFiles(input, cover), input.builtOn);
  },
  reads: 'epub',
});
