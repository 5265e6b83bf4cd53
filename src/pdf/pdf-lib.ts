// pdf-lib is loaded on first use, or early by a format's prepare(): an HTML-only build never pays for it.
// It is CommonJS: bundled, its exports arrive as `default`.
export async function loadPdfLib(): Promise<typeof import('pdf-lib')> {
  const mod = await import('pdf-lib');
  return (mod as unknown as { default?: typeof mod }).default ?? mod;
}

/**
 * Loads pdf-lib and runs its reader and writer once on a small document, while Chromium starts: code
 * runs several times slower the first time, and a lone brief's PDF would otherwise pay for that.
 */
export async function warmPdfLib(): Promise<void> {
  const { PDFDocument } = await loadPdfLib();
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let i = 0; i < 3; i++) doc.addPage();
  doc.setTitle('warm-up');
  await (await PDFDocument.load(await doc.save({ useObjectStreams: false }), { updateMetadata: false })).save({ useObjectStreams: false });
}
