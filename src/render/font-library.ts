import { readFile } from 'node:fs/promises';
import { inRanges, intersectRanges, mergeRanges, rangesClass, woff2CodePoints, type CodeRanges } from './font-cmap.js';
import { fallbackOrder, placePoints, shownForms, textPoints } from './font-choice.js';
import { cutFont, repertoireFontSet, repertoireRanges } from './font-subset.js';
import { fontFamilies, fontSet, withUnicodeRange, type FontFace, type FontFamily, type FontSet, type FontSpec } from './fonts.js';

/** The faces a text needs beyond the base faces, and what no face has. */
export interface FontChoice {
  /** The faces only some outputs carry (a text font's Cyrillic, Arabic, emoji, Han), each with the characters it is to draw. */
  faces: ReadonlyMap<FontFace, readonly number[]>;
  /** The glyphless format characters of the text (joiners, U+FE0F): a cut face keeps them to shape its glyphs. */
  joiners: string;
  /** The text's clusters of several characters: a face cut for one keeps the others, for its ligatures. */
  clusters: readonly string[];
  /** Whether the characters the base faces draw are all in the repertoire, so that those faces may be cut to it. */
  baseInRepertoire: boolean;
  /** The characters no face has, sorted. */
  missing: readonly number[];
}

export interface FontLibrary {
  /** The faces a text in a language (BCP 47) needs, as the theme's stacks would take them. */
  choose(text: string, lang: string): Promise<FontChoice>;
  /**
   * The base faces and the chosen ones as a font set. `cut` (self-contained outputs): each chosen face
   * cut to its characters, the base faces to the repertoire where they may be. Else whole (pages the
   * build prints: Chromium embeds only the glyphs a page shows).
   */
  fontSet(choices: readonly FontChoice[], options: { cut: boolean }): Promise<FontSet>;
}

const none: FontChoice = { faces: new Map(), joiners: '', clusters: [], baseInRepertoire: true, missing: [] };

/**
 * The configured fonts, read as briefs ask for them: style sheets when a family is first needed, a
 * face's file and cmap when a text first has a character in its unicode-range, cuts once per face
 * and characters. `cutToRepertoire` is false when the templates' own text needs more than the
 * repertoire.
 */
export function fontLibrary(config: { fonts: readonly FontSpec[]; fontSubsets: readonly string[] }, { cutToRepertoire }: { cutToRepertoire: boolean }): FontLibrary {
  const families = fontFamilies(config.fonts, config.fontSubsets);
  const textFamilies = families.filter((family) => !family.fallback);
  const fallbacks = families.filter((family) => family.fallback);

  const files = new Map<string, Promise<Uint8Array>>();
  const read = (face: FontFace) => files.get(face.file) ?? set(files, face.file, readFile(face.file).then((data) => new Uint8Array(data)));
  // What a face really draws: its unicode-range, less what its file lacks.
  const coverage = new Map<FontFace, CodeRanges>();
  const covering = new Map<FontFace, Promise<void>>();
  const cover = (faces: readonly FontFace[]) =>
    Promise.all(faces.map((face) => covering.get(face) ?? set(covering, face, read(face).then((data) => void coverage.set(face, intersectRanges(face.range, woff2CodePoints(data)))))));
  const has = (face: FontFace, point: number) => inRanges(face.range, point) && inRanges(coverage.get(face) ?? [], point);
  // Faces in the stacks' order, for a font set that is the same whatever order briefs ask in.
  const order = new Map<FontFace, number>();
  const familyFaces = async (family: FontFamily) => {
    const faces = await family.faces();
    faces.forEach((face, i) => order.set(face, families.indexOf(family) * 100_000 + i));
    return faces;
  };
  // A family's faces, those whose unicode-range holds one of the points with their coverage known.
  const facesFor = async (family: FontFamily, points: readonly number[]) => {
    const faces = await familyFaces(family);
    await cover(faces.filter((face) => points.some((point) => inRanges(face.range, point))));
    return faces;
  };

  const baseFaces = once(async () => (await Promise.all(textFamilies.map(familyFaces))).flat().filter((face) => face.base));
  const wholeBase = once(async () => {
    const faces = await baseFaces();
    return fontSet(faces, new Map(await Promise.all(faces.map(async (face) => [face.url, await read(face)] as const))));
  });
  const repertoireBase = once(async () => repertoireFontSet(await baseFaces(), read));
  // A text whose every character, upper-cased too, is in the repertoire and drawn by the body font's
  // base faces (most briefs) needs nothing more: one regexp makes its choice.
  const onlyBase = once(async () => {
    const faces = (await familyFaces(textFamilies[0]!)).filter((face) => face.base);
    await cover(faces);
    const drawn = mergeRanges(faces.flatMap((face) => intersectRanges(coverage.get(face)!, repertoireRanges)));
    return new RegExp(`^[${rangesClass(drawn)}\\s\\p{Cc}\\p{Cf}]*$`, 'u');
  });
  // Read while the build starts its browser; a failure is reported where a choice awaits it.
  onlyBase().catch(() => {});

  const cuts = new Map<string, Promise<{ url: string; data: Uint8Array }>>();
  const cut = (face: FontFace, chars: string) =>
    cuts.get(`${face.url} ${chars}`) ??
    set(cuts, `${face.url} ${chars}`, read(face).then(async (data) => {
      const { key, data: cutData } = await cutFont(data, chars);
      return { url: face.url.replace(/\.woff2$/, `.${key.slice(0, 12)}.woff2`), data: cutData };
    }));
  const sets = new Map<string, FontSet>();

  return {
    async choose(text, lang) {
      const only = await onlyBase();
      if (shownForms(text, lang).every((form) => inPieces(form).every((piece) => only.test(piece)))) return none;
      const { points, emoji, joiners, clusters } = textPoints(text, lang);
      const placed = new Map<FontFace, number[]>();
      // Every text font draws what it has (headings, code); what the body font lacks, or shows as
      // emoji, goes to the first fallback font that has it, as the stacks (text font, body font,
      // fallbacks) would take it.
      let bodyLacks: number[] = [];
      const textFontHas = new Set<number>();
      for (const [i, family] of textFamilies.entries()) {
        const result = placePoints(await facesFor(family, points), points, has);
        result.faces.forEach((drawn, face) => placed.set(face, drawn));
        result.faces.forEach((drawn) => drawn.forEach((point) => textFontHas.add(point)));
        if (i === 0) bodyLacks = result.left;
      }
      let left = [...new Set([...bodyLacks, ...emoji])].sort((a, b) => a - b);
      for (const family of fallbackOrder(fallbacks, lang)) {
        if (left.length === 0) break;
        const result = placePoints(await facesFor(family, left), left, has);
        result.faces.forEach((drawn, face) => placed.set(face, drawn));
        left = result.left;
      }
      const inRepertoire = (point: number) => inRanges(repertoireRanges, point);
      return {
        faces: new Map([...placed].filter(([face]) => !face.base)),
        joiners,
        clusters,
        baseInRepertoire: [...placed].every(([face, drawn]) => !face.base || drawn.every(inRepertoire)),
        // Left, and in no text font either: one only the heading or code font has (its stack draws
        // it there) is not missing.
        missing: left.filter((point) => !textFontHas.has(point)),
      };
    },

    async fontSet(choices, options) {
      const cutBase = options.cut && cutToRepertoire && choices.every((choice) => choice.baseInRepertoire);
      const base = cutBase ? await repertoireBase() : await wholeBase();
      const chosen = new Map<FontFace, Set<number>>();
      for (const choice of choices) for (const [face, drawn] of choice.faces) chosen.set(face, new Set([...(chosen.get(face) ?? []), ...drawn]));
      // Sets are kept per selection, so briefs using the same faces share one (most: the base faces alone).
      if (chosen.size === 0) return base;
      const joiners = [...new Set(choices.flatMap((choice) => [...choice.joiners]))].join('');
      const clusters = [...new Set(choices.flatMap((choice) => choice.clusters))];
      const faces = [...chosen.keys()].sort((a, b) => order.get(a)! - order.get(b)!);
      const extra = await Promise.all(
        faces.map(async (face) => {
          if (!options.cut) return { block: face.block, url: face.url, data: await read(face) };
          // Cut to its characters, and claiming those alone: a browser never takes it for one it lost,
          // nor for one an overlapping slice of its font was chosen to draw.
          // A cluster it draws the start of is shaped in it whole (👩‍🎓: one glyph), so it keeps and
          // claims the cluster's other characters it has, and its joiners.
          const own = chosen.get(face)!;
          const ligatures = clusters.filter((cluster) => own.has(cluster.codePointAt(0)!));
          const companions = [...ligatures.join(''), ...joiners].map((c) => c.codePointAt(0)!).filter((p) => has(face, p));
          const points = [...new Set([...own, ...companions])].sort((a, b) => a - b);
          return { block: withUnicodeRange(face.block, mergeRanges(points.map((p) => [p, p] as const))), ...(await cut(face, String.fromCodePoint(...points) + joiners)) };
        }),
      );
      const key = [cutBase, ...extra.map((face) => face.url)].join(' ');
      return (
        sets.get(key) ??
        set(sets, key, fontSet([...base.faces, ...extra], new Map([...base.files, ...extra.map((face) => [face.url, face.data] as const)])))
      );
    },
  };
}

function set<K, V>(map: Map<K, V>, key: K, value: V): V {
  map.set(key, value);
  return value;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/**
 * A long text in pieces of at most 64K UTF-16 units, never between a surrogate pair: a regexp with
 * astral ranges over megabytes exhausts the stack (a 5 MB brief did).
 */
export function inPieces(text: string, size = 65_536): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + size);
    if (end < text.length && /[\udc00-\udfff]/.test(text[end]!)) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
