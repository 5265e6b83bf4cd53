import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { mergeRanges, type CodeRanges } from './font-cmap.js';

const require = createRequire(import.meta.url);

/** An @fontsource package and the weight files of it to use (the config's `fonts`). */
export interface FontSpec {
  /** `@fontsource/noto-sans`. */
  package: string;
  /** `400`, `400-italic`, `700`... */
  weights: string[];
  /**
   * A fallback font: all its faces, after every text font in the theme's stacks, each only in the
   * outputs of a brief whose characters the text fonts lack and it has (an emoji font, a script's).
   */
  onlyWhereUsed?: boolean;
  /**
   * BCP 47 tags of the languages for which it comes first of the fallback fonts that have a `lang`
   * (the CJK fonts, which all draw Han): as the theme's `:lang()` rules order them.
   */
  lang?: string[];
}

/** Fonts are addressed under this origin in pages the build prints; `.invalid` never resolves. */
export const fontOrigin = 'https://fonts.briefpack.invalid/';

/** One @font-face of an @fontsource package, as its style sheet gives it. */
export interface FontFace {
  /** fontsource's `@font-face` block for the face. */
  block: string;
  /** Its woff2 file on disk. */
  file: string;
  /** Its file's URL under `fontOrigin`. */
  url: string;
  /** Its unicode-range: what it is meant for, a superset of what it has. */
  range: CodeRanges;
  /** Its weight and style, `700 normal`: a character goes to one face of each (`placePoints`). */
  style: string;
  /** In every output (one of the config's `fontSubsets` of a text font); else only where its characters are used. */
  base: boolean;
}

/** The faces of one package, in the order of the theme's stacks. */
export interface FontFamily {
  package: string;
  /** A text font heads a stack; a fallback font comes after them all (`onlyWhereUsed`). */
  fallback: boolean;
  lang: readonly string[];
  faces: () => Promise<readonly FontFace[]>;
}

export interface FontSet {
  /** @font-face rules with every woff2 inlined as a data: URL: for self-contained files. */
  inlineCss: string;
  /** The same rules pointing at `fontOrigin`: for pages the build prints, which fetch only the faces they use. */
  servedCss: string;
  /** The woff2 files by their `fontOrigin` URL, for the browser session to answer from memory. */
  files: ReadonlyMap<string, Uint8Array>;
  /** Each face's fontsource rule and its file's URL. */
  faces: readonly FontFaceFile[];
}

export interface FontFaceFile {
  /** fontsource's `@font-face` block for the face. */
  block: string;
  /** Its file, under `fontOrigin`. */
  url: string;
}

/** A @font-face block claiming only the given characters: a face cut to them has no others. */
export function withUnicodeRange(block: string, ranges: CodeRanges): string {
  const range = `unicode-range: ${ranges.map(([from, to]) => (from === to ? hexPoint(from) : `${hexPoint(from)}-${to.toString(16).toUpperCase()}`)).join(',')};`;
  return /unicode-range:[^;]+;/.test(block) ? block.replace(/unicode-range:[^;]+;/, range) : block.replace(/\}\s*$/, `  ${range}\n}\n`);
}

const hexPoint = (point: number) => `U+${point.toString(16).toUpperCase()}`;

/** A font set of faces and their files: the rules inlined and served. */
export function fontSet(faces: readonly FontFaceFile[], files: ReadonlyMap<string, Uint8Array>): FontSet {
  const withSrc = (block: string, url: string) =>
    block.replace(/src:[^;]+;/, `src: url(${url}) format('woff2');`).replace('font-display: swap;', 'font-display: block;');
  const inline = faces.map((face) => withSrc(face.block, `data:font/woff2;base64,${Buffer.from(files.get(face.url)!).toString('base64')}`));
  const served = faces.map((face) => withSrc(face.block, face.url));
  return { inlineCss: inline.join('\n'), servedCss: served.join('\n'), files, faces };
}

/**
 * The configured @fontsource fonts as families of faces, from their style sheets: a text font's
 * `subsets` are its base faces, its other subsets (Cyrillic, Greek, Vietnamese...) and every face of
 * a fallback font are there for the briefs that use them. A fallback font's style sheets are read
 * when a brief first needs a fallback (the CJK fonts' run to a megabyte of unicode-ranges).
 */
export function fontFamilies(fonts: readonly FontSpec[], subsets: readonly string[]): FontFamily[] {
  return fonts.map((font) => {
    let faces: Promise<FontFace[]> | undefined;
    return {
      package: font.package,
      fallback: Boolean(font.onlyWhereUsed),
      lang: font.lang ?? [],
      faces: () => (faces ??= readFaces(font, font.onlyWhereUsed ? [] : subsets)),
    };
  });
}

async function readFaces(font: FontSpec, baseSubsets: readonly string[]): Promise<FontFace[]> {
  const sheets = await Promise.all(
    font.weights.map(async (weight) => {
      const cssFile = require.resolve(`${font.package}/${weight}.css`);
      return { cssFile, css: await readFile(cssFile, 'utf8') };
    }),
  );
  // fontsource sheets are a list of `/* family-subset-weight-style */ @font-face {...}` blocks.
  return sheets.flatMap(({ cssFile, css }) =>
    css
      .split(/(?=\/\* )/)
      .filter((block) => block.includes('@font-face'))
      .map((block) => {
        const name = /\/\* ([^*]+) \*\//.exec(block)?.[1]?.trim() ?? '';
        const file = path.resolve(path.dirname(cssFile), /url\(([^)]+\.woff2)\)/.exec(block)?.[1] ?? '');
        return {
          block,
          file,
          url: fontOrigin + path.basename(file),
          range: unicodeRange(block),
          style: `${/font-weight:\s*([^;]+);/.exec(block)?.[1]?.trim() ?? '400'} ${/font-style:\s*([^;]+);/.exec(block)?.[1]?.trim() ?? 'normal'}`,
          base: baseSubsets.some((s) => new RegExp(`-${s}-\\d{3}-(normal|italic)$`).test(name)),
        };
      }),
  );
}

/** A @font-face block's unicode-range as sorted, disjoint code point ranges (none given: all of Unicode). */
function unicodeRange(block: string): CodeRanges {
  const value = /unicode-range:([^;]+);/.exec(block)?.[1];
  if (!value) return [[0, 0x10ffff]];
  return mergeRanges(
    value.split(',').map((part) => {
      const [from, to = from] = part.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(from!, 16), parseInt(to!, 16)] as const;
    }),
  );
}
