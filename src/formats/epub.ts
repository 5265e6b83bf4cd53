import { defineFormat } from './format.js';

/** The EPUB 3 edition for tablets and e-readers: XHTML from the document model, zipped. No browser. */
export const epub = defineFormat({
  id: 'epub',
  fileName: 'brief.epub',
  label: { tr: 'E-kitap (EPUB)', en: 'E-book (EPUB)', de: 'E-Book (EPUB)', fr: 'Livre numérique (EPUB)', es: 'Libro electrónico (EPUB)', ru: 'Электронная книга (EPUB)', ar: 'كتاب إلكتروني (EPUB)', zh: '电子书（EPUB）', 'zh-Hant': '電子書（EPUB）' },
  needsBrowser: false,
  compressed: true,
  async render(input) {
    const [{ bookFiles }, { zipBook }] = await Promise.all([import('./epub/book.js'), import('./epub/zip.js')]);
    return zipBook(bookFiles(input), input.builtOn);
  },
  reads: 'epub',
});
