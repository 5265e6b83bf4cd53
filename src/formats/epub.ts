import { bookFiles } from './epub/book.js';
import { zipBook } from './epub/zip.js';
import type { Format } from './format.js';

/** The EPUB 3 edition for tablets and e-readers: XHTML from the document model, zipped. No browser. */
export const epub: Format = {
  id: 'epub',
  fileName: 'brief.epub',
  needsBrowser: false,
  async render(input) {
    return zipBook(bookFiles(input), input.builtOn);
  },
  async readBack(data) {
    const { readEpub } = await import('../check/read-outputs.js');
    return readEpub(data);
  },
};
