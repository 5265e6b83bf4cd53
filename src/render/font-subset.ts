import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { rangesClass, type CodeRanges } from './font-cmap.js';
import { fontFamilies, fontSet, type FontFace, type FontSet, type FontSpec } from './fonts.js';

/**
 * The characters briefpack's own subsets of the fonts carry: Latin-1 and Latin Extended-A (Turkish,
 * English and the other languages of Europe written in Latin letters), Romanian's comma letters,
 * combining accents (lower-casing İ outside Turkish gives i and a combining dot), general punctuation
 * and a few signs. fontsource's latin-ext files also carry Vietnamese and rarer
 * letters: most of their weight, which every self-contained output (one-pager, deck, EPUB) inlines.
 */
export const repertoireRanges: CodeRanges = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
  [0x218, 0x21b],
  [0x2bb, 0x2bc],
  [0x2c6, 0x2c6],
  [0x2da, 0x2da],
  [0x2dc, 0x2dc],
  [0x300, 0x36f],
  [0x2000, 0x206f],
  [0x20ac, 0x20ac],
  [0x2122, 0x2122],
  [0x2190, 0x2193],
  [0x2212, 0x2212],
];
const repertoire = repertoireRanges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i))).join('');
// Only the repertoire, white space and controls (which need no glyph): one pass of the regexp engine.
const onlyRepertoire = new RegExp(`^[${rangesClass(repertoireRanges)}\\s\\p{Cc}\\p{Cf}]*$`, 'u');

/**
 * Whether every character of a text, in upper and lower case by Turkish and by English rules (CSS
 * may transform either way), is in the subsets' repertoire. White space and controls do not count.
 */
export function subsetCovers(text: string): boolean {
  const forms = [text, text.toLocaleUpperCase('tr'), text.toLocaleLowerCase('tr'), text.toUpperCase(), text.toLowerCase()];
  return forms.every((form) => onlyRepertoire.test(form));
}

// Subsetting and WOFF2 compression take about a second for the usual ten faces: each cut is kept on
// disk by a hash of the font, the characters and the tools' versions, so that only the first build
// pays. The faces cut to one brief's characters (its Cyrillic, Arabic or Han) are kept so too: a
// rebuild of an unchanged brief cuts nothing.
const cacheDir = path.join(packageRoot, 'node_modules', '.cache', 'briefpack', 'font-subsets');
const require = createRequire(import.meta.url);
const toolVersion = () => ['subset-font', 'fontverter', 'wawoff2'].map((name) => `${name}@${(require(`${name}/package.json`) as { version: string }).version}`).join(' ');

export interface CutFont {
  /** A hash of what was cut from what, by which tools: names the cut. */
  key: string;
  data: Uint8Array;
}

/** A WOFF2 font cut to the glyphs of some characters (and what its layout features reach from them). */
export async function cutFont(data: Uint8Array, chars: string): Promise<CutFont> {
  const key = createHash('sha256').update(toolVersion()).update(chars).update(data).digest('hex').slice(0, 32);
  const file = path.join(cacheDir, `${key}.woff2`);
  const cached = await readFile(file).catch(() => undefined);
  // A WOFF2 file starts "wOF2"; anything else in the cache is made again.
  if (cached?.subarray(0, 4).toString('latin1') === 'wOF2') return { key, data: new Uint8Array(cached) };
  const { default: subsetFont } = await import('subset-font');
  const cut = new Uint8Array(await subsetFont(Buffer.from(data), chars, { targetFormat: 'woff2' }));
  // A cache that cannot be written (a read-only install) only costs time.
  const temporary = `${file}.${process.pid}.tmp`;
  await mkdir(cacheDir, { recursive: true })
    .then(() => writeFile(temporary, cut))
    .then(() => rename(temporary, file))
    .catch(() => {});
  return { key, data: cut };
}

/**
 * The base faces cut to the repertoire, as a font set of their own (files named `*.subset.woff2`,
 * so a browser page never takes one for the other). A brief uses it when the characters those faces
 * draw for it are all in the repertoire.
 */
export async function repertoireFontSet(faces: readonly FontFace[], read: (face: FontFace) => Promise<Uint8Array>): Promise<FontSet> {
  const files = faces.map((face) => ({ block: face.block, url: face.url.replace(/\.woff2$/, '.subset.woff2') }));
  const data = await Promise.all(faces.map(async (face) => (await cutFont(await read(face), repertoire)).data));
  return fontSet(files, new Map(files.map((face, i) => [face.url, data[i]!])));
}

/**
 * Makes the default fonts' subsets ahead of any build (npm runs this on install, through
 * `scripts/compile.mjs`), so that no build pays for them.
 */
export async function prepareFontSubsets(config: { fonts: readonly FontSpec[]; fontSubsets: readonly string[] }): Promise<number> {
  const families = fontFamilies(config.fonts.filter((font) => !font.onlyWhereUsed), config.fontSubsets);
  const base = (await Promise.all(families.map((family) => family.faces()))).flat().filter((face) => face.base);
  return (await repertoireFontSet(base, async (face) => new Uint8Array(await readFile(face.file)))).files.size;
}
