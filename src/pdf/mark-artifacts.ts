import { deflateSync, inflateSync } from 'node:zlib';
import type { PDFDocument, PDFRawStream } from 'pdf-lib';
import { markArtifacts } from './content-stream.js';
import { loadPdfLib } from './pdf-lib.js';

/**
 * Marks what Chromium paints outside the document's tagged content as artifacts, in every page's
 * content streams: running headers and footers, page backgrounds, leaders. A reader then skips them,
 * and a checker finds no content that is neither tagged nor an artifact (PDF/UA's first rule).
 */
export async function markPageArtifacts(doc: PDFDocument): Promise<void> {
  const { PDFArray, PDFName, PDFRawStream: RawStream, PDFRef } = await loadPdfLib();
  const FLATE = PDFName.of('FlateDecode');
  const rewrite = (ref: unknown) => {
    if (!(ref instanceof PDFRef)) return;
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof RawStream)) return;
    const filter = stream.dict.get(PDFName.of('Filter'));
    // Chromium deflates every stream; another filter (never seen) is left as it is.
    const flate = filter === FLATE || (filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === FLATE);
    if (!flate && filter !== undefined) return;
    const bytes = flate ? inflateSync(stream.contents) : stream.contents;
    const marked = markArtifacts(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
    if (marked === undefined) return;
    const contents = deflateSync(Buffer.from(marked, 'latin1'));
    const dict = stream.dict.clone(doc.context);
    dict.set(PDFName.of('Filter'), FLATE);
    dict.delete(PDFName.of('DecodeParms'));
    doc.context.assign(ref, RawStream.of(dict, contents) as PDFRawStream);
  };
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const resolved = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
    if (resolved instanceof PDFArray) resolved.asArray().forEach(rewrite);
    else rewrite(contents);
  }
}
