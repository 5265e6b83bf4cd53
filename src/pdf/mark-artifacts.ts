import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { deflate, inflate } from 'node:zlib';
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
  // zlib's own threads (de)compress, a few pages at once (not all: a long deck's pages would all be
  // in memory), while this thread reads the operators.
  const rewrite = async (ref: unknown) => {
    if (!(ref instanceof PDFRef)) return;
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof RawStream)) return;
    const filter = stream.dict.get(PDFName.of('Filter'));
    // Chromium deflates every stream; another filter (never seen) is left as it is.
    const flate = filter === FLATE || (filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === FLATE);
    if (!flate && filter !== undefined) return;
    const bytes = flate ? await inflateAsync(stream.contents) : stream.contents;
    const marked = markArtifacts(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
    if (marked === undefined) return;
    const contents = await deflateAsync(Buffer.from(marked, 'latin1'));
    const dict = stream.dict.clone(doc.context);
    dict.set(PDFName.of('Filter'), FLATE);
    dict.delete(PDFName.of('DecodeParms'));
    doc.context.assign(ref, RawStream.of(dict, contents) as PDFRawStream);
  };
  const streams = doc.getPages().flatMap((page) => {
    const contents = page.node.get(PDFName.of('Contents'));
    const resolved = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
    return resolved instanceof PDFArray ? resolved.asArray() : [contents];
  });
  const limit = pLimit(8);
  await Promise.all(streams.map((ref) => limit(() => rewrite(ref))));
}

const inflateAsync = promisify(inflate);
const deflateAsync = promisify(deflate);
