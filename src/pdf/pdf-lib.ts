// pdf-lib is loaded on first use, or early by a format's prepare(): an HTML-only build never pays for it.
// It is CommonJS: bundled, its exports arrive as `default`.
export async function loadPdfLib(): Promise<typeof import('pdf-lib')> {
  const mod = await import('pdf-lib');
  return (mod as unknown as { default?: typeof mod }).default ?? mod;
}
