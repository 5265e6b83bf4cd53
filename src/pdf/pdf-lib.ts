import type { PDFDocument } from 'pdf-lib';

// pdf-lib is loaded on first use, or early by a format's prepare(): an HTML-only build never pays for it.
// It is CommonJS: bundled, its exports arrive as `default`.
export async function loadPdfLib(): Promise<typeof import('pdf-lib')> {
  const mod = await import('pdf-lib');
  return (mod as unknown as { default?: typeof mod }).default ?? mod;
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
