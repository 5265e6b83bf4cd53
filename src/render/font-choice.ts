/**
 * Which faces draw which characters of a text: the browser's choice, made ahead of it. A browser
 * takes each character from the first family of the stack whose face (by unicode-range) has its
 * glyph; the theme's stacks are a text font (Noto Sans, Serif or Mono), the body font after it, then
 * the fallback fonts (a script's, the emoji font, the CJK fonts). Pure: what a face has is asked of
 * `has`, which the caller answers from the faces' unicode-ranges and cmaps.
 */

// What a text shows as an emoji: a character presented so by default, one asking for it (U+FE0F),
// the symbols and dingbats blocks and the planes' pictographs. Such a character is taken from a
// fallback font (the emoji font) even where a text font has it (© before U+FE0F).
const shownAsEmoji = /\p{Emoji_Presentation}|.(?=\uFE0F)|[\u2600-\u27BF\u{1F000}-\u{1FAFF}]/gu;
// Characters drawn with no glyph of their own: white space, controls, and format characters and
// variation selectors (joiners, bidi marks, U+FE0F), which a face keeps only to shape its neighbours.
const glyphless = /^[\s\p{Cc}\p{Cf}\p{Variation_Selector}]$/u;
// Clusters of several characters: a flag's two regional indicators, or a character with marks,
// variation selectors, skin tones or tags, or joined to the next (U+200D). A pattern, not
// Intl.Segmenter, whose segments each copy the whole text (quadratic in a long brief).
const cluster = /\p{Regional_Indicator}{2}|.(?:[\p{M}\p{Emoji_Modifier}\u{E0020}-\u{E007F}]|\u200D.)+/gsu;

export interface TextPoints {
  /** Every code point the text shows, sorted. */
  points: number[];
  /** Of them, those shown as emoji. */
  emoji: ReadonlySet<number>;
  /** The glyphless format characters it has (U+200D, U+FE0F...): kept in a cut face for shaping. */
  joiners: string;
  /**
   * Its clusters of several characters (👩‍🎓, 🇹🇷, a letter and its marks). A browser shapes a cluster
   * with the face of its first character, which may hold the others for a ligature outside its
   * unicode-range: a face cut for one of them keeps them all.
   */
  clusters: string[];
}

/** Upper case by a language's rules (CSS and the `upper` helper upper-case so), or Unicode's default for a tag ICU refuses. */
function upper(text: string, lang: string): string {
  try {
    return text.toLocaleUpperCase(lang);
  } catch {
    return text.toUpperCase();
  }
}

/** A text as it may show: as written, upper-cased by its language's rules and by Unicode's default (in a pack of another language). */
export const shownForms = (text: string, lang: string): string[] => [text, upper(text, lang), text.toUpperCase()];

/** The code points a text shows, in any of its `shownForms`. */
export function textPoints(text: string, lang: string): TextPoints {
  const seen = new Set<number>();
  const points: number[] = [];
  let joiners = '';
  for (const form of shownForms(text, lang)) {
    for (const char of form) {
      const point = char.codePointAt(0)!;
      if (seen.has(point)) continue;
      seen.add(point);
      if (!glyphless.test(char)) points.push(point);
      else if (/\p{Cf}|\p{Variation_Selector}/u.test(char)) joiners += char;
    }
  }
  const emoji = new Set([...text.matchAll(shownAsEmoji)].map(([char]) => char.codePointAt(0)!));
  const clusters = new Set([...text.matchAll(cluster)].map(([found]) => found));
  return { points: points.sort((a, b) => a - b), emoji, joiners, clusters: [...clusters] };
}

/** Whether `lang` is `tag` or a refinement of it, as CSS's :lang() matches: `zh-Hant` matches `zh-Hant-TW`, not `zh-TW`. */
export function langMatches(tag: string, lang: string): boolean {
  const t = tag.toLowerCase();
  const l = lang.toLowerCase();
  return l === t || l.startsWith(`${t}-`);
}

/**
 * The fallback families in the order the theme's stacks give them in a language. Those with a `lang`
 * (the CJK fonts, which all draw Han) stay together where the first of them is, in config order but
 * for the one that names the language, which comes first; of two that name it, the longer tag wins
 * (`zh-TW` is Traditional Chinese's, not `zh`'s).
 */
export function fallbackOrder<F extends { lang: readonly string[] }>(families: readonly F[], lang: string): F[] {
  const score = (family: F) => Math.max(0, ...family.lang.filter((tag) => langMatches(tag, lang)).map((tag) => tag.length));
  const first = families.findIndex((family) => family.lang.length > 0);
  const best = families.reduce<F | undefined>((top, family) => (score(family) > (top ? score(top) : 0) ? family : top), undefined);
  if (!best || first < 0) return [...families];
  const rest = families.filter((family) => family !== best);
  return [...rest.slice(0, first), best, ...rest.slice(first)];
}

export interface Placed<F> {
  /** The code points each face is to draw. */
  faces: Map<F, number[]>;
  /** Those the family has no face for: for the families after it. */
  left: number[];
}

/**
 * What one family draws of the given code points. A character goes to a face of each weight and
 * style that has it (it may be bold anywhere): one of every output (a base face) before one only
 * where used (a text font's Cyrillic), and of several (fontsource's slices overlap: Noto Serif's math
 * and Greek faces both have Σ), the first, so that the fewest faces are inlined.
 */
export function placePoints<F extends { base: boolean; style: string }>(faces: readonly F[], points: readonly number[], has: (face: F, point: number) => boolean): Placed<F> {
  const placed = new Map<F, number[]>();
  const left: number[] = [];
  const styles = [...new Set(faces.map((face) => face.style))];
  for (const point of points) {
    const drawing = styles.flatMap((style) => {
      const own = faces.filter((face) => face.style === style && has(face, point));
      const face = own.find((f) => f.base) ?? own[0];
      return face ? [face] : [];
    });
    if (drawing.length === 0) left.push(point);
    for (const face of drawing) {
      const drawn = placed.get(face);
      if (drawn) drawn.push(point);
      else placed.set(face, [point]);
    }
  }
  return { faces: placed, left };
}
