import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** An @fontsource package and the weight files of it to use (the config's `fonts`). */
export interface FontSpec {
  /** `@fontsource/noto-sans`. */
  package: string;
  /** `400`, `400-italic`, `700`... */
  weights: string[];
  /** All its faces, each only in the outputs of a brief that uses its characters (see `fontsFor`). */
  onlyWhereUsed?: boolean;
}

/** Fonts are addressed under this origin in pages the build prints; `.invalid` never resolves. */
export const fontOrigin = 'https://fonts.briefpack.invalid/';

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
  /** Set for a face of an `onlyWhereUsed` font: the code points it carries (its unicode-range). */
  onlyFor?: ReadonlyArray<readonly [number, number]>;
}

/** A font set of faces and their files: the rules inlined and served. */
export function fontSet(faces: readonly FontFaceFile[], files: ReadonlyMap<string, Uint8Array>): FontSet {
  const withSrc = (block: string, url: string) =>
    block.replace(/src:[^;]+;/, `src: url(${url}) format('woff2');`).replace('font-display: swap;', 'font-display: block;');
  const inline = faces.map((face) => withSrc(face.block, `data:font/woff2;base64,${Buffer.from(files.get(face.url)!).toString('base64')}`));
  const served = faces.map((face) => withSrc(face.block, face.url));
  return { inlineCss: inline.join('\n'), servedCss: served.join('\n'), files, faces };
}

/**
 * @font-face rules for the configured @fontsource fonts, limited to the wanted subsets, so outputs
 * need no system font and make no network request. fontsource's unicode-range rules stay, so a
 * browser loads just the files a text needs.
 */
export async function loadFonts(fonts: readonly FontSpec[], subsets: readonly string[]): Promise<FontSet> {
  const sheets = fonts.flatMap((font) => font.weights.map((weight) => ({ font, cssFile: require.resolve(`${font.package}/${weight}.css`) })));
  const faces = (
    await Promise.all(
      sheets.map(async ({ font, cssFile }) => {
        const css = await readFile(cssFile, 'utf8');
        // fontsource sheets are a list of `/* family-subset-weight-style */ @font-face {...}` blocks.
        return css
          .split(/(?=\/\* )/)
          .filter((block) => {
            const name = /\/\* ([^*]+) \*\//.exec(block)?.[1]?.trim() ?? '';
            return block.includes('@font-face') && (font.onlyWhereUsed || subsets.some((s) => new RegExp(`-${s}-\\d{3}-(normal|italic)$`).test(name)));
          })
          .map((block) => ({
            block,
            woff2: path.resolve(path.dirname(cssFile), /url\(([^)]+\.woff2)\)/.exec(block)?.[1] ?? ''),
            onlyFor: font.onlyWhereUsed ? unicodeRange(block) : undefined,
          }));
      }),
    )
  ).flat();
  const data = await Promise.all(faces.map((f) => readFile(f.woff2)));
  const withUrls = faces.map((face) => ({ block: face.block, url: fontOrigin + path.basename(face.woff2), ...(face.onlyFor ? { onlyFor: face.onlyFor } : {}) }));
  return fontSet(withUrls, new Map(withUrls.map((face, i) => [face.url, new Uint8Array(data[i]!)])));
}

/** A @font-face block's unicode-range as code point ranges (none given: all of Unicode). */
function unicodeRange(block: string): Array<readonly [number, number]> {
  const value = /unicode-range:([^;]+);/.exec(block)?.[1];
  if (!value) return [[0, 0x10ffff]];
  return value.split(',').map((part) => {
    const [from, to = from] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(from!, 16), parseInt(to!, 16)] as const;
  });
}

const selections = new WeakMap<FontSet, Map<string, FontSet>>();
// What a text shows as an emoji: a character presented so by default, one asking for it (U+FE0F),
// the symbols and dingbats blocks and the planes' pictographs. Not ©, ™ or arrows, which the text
// fonts draw (an emoji font's faces carry them too).
const shownAsEmoji = /\p{Emoji_Presentation}|.(?=\uFE0F)|[\u2600-\u27BF\u{1F000}-\u{1FAFF}]/gu;

/**
 * The set with only the `onlyWhereUsed` faces whose characters `text` has: what a brief's
 * self-contained outputs inline and its EPUB embeds. Sets are kept per selection, so briefs using
 * the same faces share one.
 */
export function fontsFor(set: FontSet, text: string): FontSet {
  const points = new Set<number>();
  for (const [char] of text.matchAll(shownAsEmoji)) points.add(char.codePointAt(0)!);
  const uses = (ranges: ReadonlyArray<readonly [number, number]>) => [...points].some((p) => ranges.some(([from, to]) => p >= from && p <= to));
  const faces = set.faces.filter((face) => !face.onlyFor || uses(face.onlyFor));
  if (faces.length === set.faces.length) return set;
  const key = faces.map((face) => face.url).join(' ');
  let cached = selections.get(set);
  if (!cached) selections.set(set, (cached = new Map()));
  let selected = cached.get(key);
  if (!selected) cached.set(key, (selected = fontSet(faces, set.files)));
  return selected;
}
