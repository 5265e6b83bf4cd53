import type { PDFDocument } from 'pdf-lib';

type PdfLib = typeof import('pdf-lib');

// pdf-lib is loaded on first use, or early by a format's prepare(): an HTML-only build never pays for it.
// It is CommonJS: bundled, its exports arrive as `default`.
export async function loadPdfLib(): Promise<PdfLib> {
  const mod = await import('pdf-lib');
  const lib = (mod as unknown as { default?: typeof mod }).default ?? mod;
  poolFaster(lib);
  return lib;
}

const pooledFaster = new WeakSet<object>();

/**
 * pdf-lib keeps one PDFName per name and one PDFRef per object number, found by a string it builds
 * each time: a name's escapes decoded by a regexp, a reference's "12 0 R". A tagged PDF of 2,000
 * pages holds some 130,000 objects, most of them small structure elements full of names and
 * references, so finding them took a third of reading it. Looked up by what they are called with
 * instead, they are the same objects (pdf-lib's own, asked once each): reading a 30 MB PDF 1.8 s ->
 * 1.1 s, the same bytes written.
 */
function poolFaster({ PDFName, PDFRef }: PdfLib): void {
  if (pooledFaster.has(PDFName)) return;
  pooledFaster.add(PDFName);
  const nameOf = PDFName.of.bind(PDFName);
  const names = new Map<string, ReturnType<typeof nameOf>>();
  PDFName.of = (name: string) => {
    let found = names.get(name);
    if (found === undefined) names.set(name, (found = nameOf(name)));
    return found;
  };
  const refOf = PDFRef.of.bind(PDFRef);
  const refs: Array<ReturnType<typeof refOf>> = [];
  PDFRef.of = (objectNumber: number, generationNumber = 0) => {
    if (generationNumber !== 0 || !Number.isInteger(objectNumber) || objectNumber < 0) return refOf(objectNumber, generationNumber);
    return (refs[objectNumber] ??= refOf(objectNumber, 0));
  };
}

/**
 * Reads a PDF in one go. pdf-lib by default pauses for a timer every 100 objects (for browsers'
 * sake): a millisecond or more each time, which made reading pack.pdf four times slower.
 */
export async function loadPdf(data: Uint8Array): Promise<PDFDocument> {
  const { PDFDocument, ParseSpeeds } = await loadPdfLib();
  return PDFDocument.load(data, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/** Writes a PDF in one go (see `loadPdf`), every object on its own, as Chromium wrote them. */
export const savePdf = (doc: PDFDocument): Promise<Uint8Array> => doc.save({ useObjectStreams: false, objectsPerTick: Infinity });

/**
 * Loads pdf-lib and runs its reader and writer once on a small document, while Chromium starts: code
 * runs several times slower the first time, and a lone brief's PDF would otherwise pay for that.
 */
export async function warmPdfLib(): Promise<void> {
  const { PDFDocument } = await loadPdfLib();
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let i = 0; i < 3; i++) doc.addPage();
  doc.setTitle('warm-up');
  await savePdf(await loadPdf(await savePdf(doc)));
}
