import JSZip from 'jszip';
import type { Parts } from '../../read-back/zip-parts.js';

/**
 * pptxgenjs writes its package only through JSZip, which zips a 5,500-slide deck's 65 MB of XML in
 * JavaScript (3.5 s of the build's main thread), to be unzipped and zipped again by `finishPackage`.
 * Asked for this output type, the zip hands over its parts instead: what would have been zipped,
 * byte for byte. The parts come out through JSZip's own API, text as text (half the time of bytes).
 */
export const partsOutputType = 'briefpack-parts';

const generateAsync = JSZip.prototype.generateAsync;
JSZip.prototype.generateAsync = function (this: JSZip, options?: JSZip.JSZipGeneratorOptions, onUpdate?: JSZip.OnUpdateCallback) {
  if ((options?.type as string) !== partsOutputType) return generateAsync.call(this, options, onUpdate);
  return writtenParts(this);
} as typeof generateAsync;

/** A zip's files in its order, each as the zip would store it (text in UTF-8). */
async function writtenParts(zip: JSZip): Promise<Parts> {
  const files: JSZip.JSZipObject[] = [];
  zip.forEach((_, file) => void (file.dir || files.push(file)));
  // pptxgenjs adds its XML as strings and its pictures (and charts' workbooks) as base64.
  const contents = await Promise.all(files.map(async (file) => (/\.(xml|rels)$/.test(file.name) ? Buffer.from(await file.async('string'), 'utf8') : file.async('uint8array'))));
  return new Map(files.map((file, i) => [file.name, new Uint8Array(contents[i]!.buffer, contents[i]!.byteOffset, contents[i]!.byteLength)]));
}
