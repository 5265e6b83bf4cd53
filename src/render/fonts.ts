import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FontSpec } from '../config.js';

const require = createRequire(import.meta.url);

/**
 * @font-face rules for the configured @fontsource fonts with every woff2 inlined as a data: URL, so
 * outputs need no system font and make no request. Only the wanted subsets are kept; their
 * unicode-range rules let the browser (and so the PDF) use just the files a text needs.
 */
export async function inlineFontFaces(fonts: readonly FontSpec[], subsets: readonly string[]): Promise<string> {
  const files = fonts.flatMap((font) => font.weights.map((weight) => require.resolve(`${font.package}/${weight}.css`)));
  const sheets = await Promise.all(files.map(async (cssFile) => inlineSheet(cssFile, await readFile(cssFile, 'utf8'), subsets)));
  return sheets.join('\n');
}

async function inlineSheet(cssFile: string, css: string, subsets: readonly string[]): Promise<string> {
  // fontsource sheets are a list of `/* family-subset-weight-style */ @font-face {...}` blocks.
  const blocks = css.split(/(?=\/\* )/).filter((b) => b.includes('@font-face'));
  const wanted = blocks.filter((b) => {
    const name = /\/\* ([^*]+) \*\//.exec(b)?.[1] ?? '';
    return subsets.some((s) => new RegExp(`-${s}-\\d{3}-(normal|italic)$`).test(name.trim()));
  });
  const inlined = await Promise.all(
    wanted.map(async (block) => {
      const woff2 = /url\(([^)]+\.woff2)\)/.exec(block)?.[1];
      if (!woff2) return '';
      const data = await readFile(path.resolve(path.dirname(cssFile), woff2));
      return block.replace(/src:[^;]+;/, `src: url(data:font/woff2;base64,${data.toString('base64')}) format('woff2');`).replace('font-display: swap;', 'font-display: block;');
    }),
  );
  return inlined.join('\n');
}
