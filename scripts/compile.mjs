// Bundles src/ into lib/ with esbuild: one file per entry plus lazily loaded chunks. Node loads a
// bundle several times faster than hundreds of small ES modules, and start-up is most of a build.
// Type checking is `npm run typecheck` (tsc), not this.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { unnamedVisitors } from './unnamed-visitors.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function compile() {
  await rm(`${root}lib`, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    // The read-back, parse and PDF workers are threads' own scripts: lib/read-back-worker.js, lib/parse-worker.js, lib/finish-worker.js.
    entryPoints: ['src/cli.ts', 'src/index.ts', 'src/read-back/read-back-worker.ts', 'src/build/parse-worker.ts', 'src/pdf/finish-worker.ts'],
    entryNames: '[name]',
    outdir: 'lib',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // @puppeteer/browsers is only loaded to look in puppeteer's download cache for a browser;
    // PDFium's and HarfBuzz's WebAssembly are read from their packages, next to their loaders.
    external: ['@puppeteer/browsers', '@embedpdf/pdfium', 'subset-font'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [unnamedVisitors],
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await compile();
  // On install (npm's prepare), make the default fonts' subsets, so that the first build need not.
  try {
    const { loadConfig, prepareFontSubsets } = await import(new URL('../lib/index.js', import.meta.url).href);
    await prepareFontSubsets(loadConfig(root));
  } catch (error) {
    console.warn(`briefpack: font subsets not prepared ahead (${error.message}); the first build makes them`);
  }
}
