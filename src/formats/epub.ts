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
    const [{ bookFiles, coverPicture }, { zipBook }, { svgsAsPng }] = await Promise.all([import('./epub/book.js'), import('./epub/zip.js'), import('../browser/svg-as-png.js')]);
    const picture = coverPicture(input);
    const [cover] = await svgsAsPng(await input.browser(), [picture], picture.svg);
    return zipBook(bookFiles(input, cover!), input.builtOn);
  },
  reads: 'epub',
});
