import { promisify } from 'node:util';
import { deflate, inflateSync } from 'node:zlib';
import pLimit from 'p-limit';
import type { PDFDict, PDFDocument, PDFObject, PDFRawStream } from 'pdf-lib';
import { markArtifacts } from './content-stream.js';
import { loadPdfLib } from './pdf-lib.js';

const deflateAsync = promisify(deflate);
/** Room for a page's whole content stream as Chromium writes it (some 70 kB of a long brief's), in one piece. */
const inflatedChunk = 1 << 18;

/**
 * Marks what Chromium paints outside the document's tagged content as artifacts, in every page's
 * content streams and in the forms that carry structure of their own (a translucent element is drawn
 * as one): running headers and footers, page backgrounds, leaders. A reader then skips them, and a
 * checker finds no content that is neither tagged nor an artifact (PDF/UA's first rule). A form
 * without structure drawn outside tagged content becomes an artifact whole.
 */
export async function markPageArtifacts(doc: PDFDocument): Promise<void> {
  const { PDFArray, PDFDict: Dict, PDFName, PDFRawStream: RawStream, PDFRef } = await loadPdfLib();
  const FLATE = PDFName.of('FlateDecode');
  // A form with StructParents holds tagged marked content of its own; one with StructParent is tagged
  // whole. Neither is an artifact; only the first is read for artifacts inside.
  /** The forms among `resources`' XObjects that carry structure, by resource name. */
  const taggedForms = (resources: PDFDict | undefined) => {
    const xobjects = resources?.lookup(PDFName.of('XObject'));
    const forms = new Map<string, { ref: PDFObject; read: boolean }>();
    if (xobjects instanceof Dict) {
      for (const [name, ref] of xobjects.entries()) {
        const form = doc.context.lookup(ref);
        if (!(form instanceof RawStream)) continue;
        const read = form.dict.has(PDFName.of('StructParents'));
        if (read || form.dict.has(PDFName.of('StructParent'))) forms.set(name.decodeText(), { ref, read });
      }
    }
    return forms;
  };
  const seen = new Set<PDFObject>();
  const limit = pLimit(8);
  // zlib's own threads compress, a few streams at once (not all: a long deck's pages would all be in
  // memory), while this thread reads the operators. A stream is inflated here, in one piece: on zlib's
  // threads each of its 16 kB pieces was a trip there and back, and the trips of a 2,000-page brief
  // cost this thread more than the inflating (1.5 s).
  const rewrite = async (ref: PDFObject, resources: PDFDict | undefined): Promise<void> => {
    if (!(ref instanceof PDFRef) || seen.has(ref)) return;
    seen.add(ref);
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof RawStream)) return;
    const forms = taggedForms(resources);
    const nested = [...forms.values()].filter((form) => form.read).map(({ ref: form }) => rewrite(form, (doc.context.lookup(form) as PDFRawStream).dict.lookup(PDFName.of('Resources')) as PDFDict | undefined));
    const filter = stream.dict.get(PDFName.of('Filter'));
    // Chromium deflates every stream; another filter (never seen) is left as it is.
    const flate = filter === FLATE || (filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === FLATE);
    const own =
      flate || filter === undefined
        ? limit(async () => {
            const bytes = flate ? inflateSync(stream.contents, { chunkSize: inflatedChunk }) : stream.contents;
            const marked = markArtifacts(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), { taggedXObject: (name) => forms.has(name) });
            if (marked === undefined) return;
            const dict = stream.dict.clone(doc.context);
            dict.set(PDFName.of('Filter'), FLATE);
            dict.delete(PDFName.of('DecodeParms'));
            doc.context.assign(ref, RawStream.of(dict, await deflateAsync(Buffer.from(marked, 'latin1'))) as PDFRawStream);
          })
        : undefined;
    // Awaited together: a stream that fails leaves no other's failure unheard (that would end the thread).
    await Promise.all([own, ...nested]);
  };
  await Promise.all(
    doc.getPages().flatMap((page) => {
      const contents = page.node.get(PDFName.of('Contents'));
      const resolved = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
      const streams = resolved instanceof PDFArray ? resolved.asArray() : contents ? [contents] : [];
      return streams.map((ref) => rewrite(ref, page.node.Resources()));
    }),
  );
}
