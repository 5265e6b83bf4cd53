import type { PDFDict as PdfDict, PDFDocument, PDFName as PdfName } from 'pdf-lib';
import { loadPdfLib } from './pdf-lib.js';

/** PDF 1.7's limit on a name's length in bytes (ISO 32000-1, C.2); longer ones readers warn about. */
const NAME_LIMIT = 127;

/**
 * Chromium names a link's destination after its target's id, percent-encoded and then escaped as a
 * PDF name: an Arabic heading's id grows sixfold, past the length readers accept. Such names are
 * renamed `d1`, `d2`… in the catalogue's destinations and in every link that names them.
 */
export async function shortenDestinationNames(doc: PDFDocument): Promise<void> {
  const { PDFArray, PDFDict, PDFName } = await loadPdfLib();
  const dests = doc.catalog.lookup(PDFName.of('Dests'));
  if (!(dests instanceof PDFDict)) return;
  const renamed = new Map<PdfName, PdfName>();
  let count = 0;
  for (const [name, dest] of dests.entries()) {
    if (name.asString().length - 1 <= NAME_LIMIT) continue;
    let short: PdfName;
    do short = PDFName.of(`d${++count}`);
    while (dests.has(short));
    renamed.set(name, short);
    dests.delete(name);
    dests.set(short, dest);
  }
  if (renamed.size === 0) return;
  for (const page of doc.getPages()) {
    const annotations = page.node.lookup(PDFName.of('Annots'));
    if (!(annotations instanceof PDFArray)) continue;
    for (const ref of annotations.asArray()) {
      const annotation = doc.context.lookup(ref);
      const dest = annotation instanceof PDFDict ? annotation.get(PDFName.of('Dest')) : undefined;
      const short = dest instanceof PDFName ? renamed.get(dest) : undefined;
      if (short) (annotation as PdfDict).set(PDFName.of('Dest'), short);
    }
  }
}
