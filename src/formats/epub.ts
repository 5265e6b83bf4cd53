import { defineFormat } from './format.js';

/** The EPUB 3 edition for tablets and e-readers: XHTML from the document model, zipped. No browser. */
export const epub = defineFormat({
  id: 'epub',
  fileName: 'brief.epub',
  label: { tr: 'E-kitap (EPUB)', en: 'E-book (EPUB)' },
  needsBrowser: false,
  compressed: true,
  async render(input) {
    const [{ bookFiles }, { zipBook }] = await Promise.all([import('./epub/book.js'), import('./epub/zip.js')]);
    return zipBook(bookFiles(input), input.builtOn);
  },
  reads: 'epub',
});
