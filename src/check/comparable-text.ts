import { directionOf, type Lang } from '../locale.js';
import { asciiDigits } from '../pack/editions.js';
import { collapse, pageGap } from '../read-back/output-text.js';

// Emoji, their joiners, variation selectors, skin tones and flag letters: a PDF's text layer gives
// them back, or not, as the font that drew them maps them.
const emoji = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\u{e0020}-\u{e007f}]/gu;
// A hyphen between letters: a PDF's text loses one that ends a line (see readerText). Each hyphen
// found is checked on both sides (a lookbehind tried at every character took 150 ms for 6 MB).
const isLetter = (code: number | undefined) => code !== undefined && /\p{L}/u.test(String.fromCodePoint(code));
const codeBefore = (s: string, i: number) => (i >= 2 && /[\udc00-\udfff]/.test(s[i - 1]!) ? s.codePointAt(i - 2) : s.codePointAt(i - 1));
const withoutInnerHyphens = (s: string) => s.replace(/[-\u2010]/g, (hyphen, i: number) => (i > 0 && isLetter(codeBefore(s, i)) && isLetter(s.codePointAt(i + 1)) ? '' : hyphen));
// Scripts written without spaces: a line break inside their text is no word break, yet a PDF's text
// layer gives one back as a space.
const unspaced = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}\\u3000-\\u303f\\uff00-\\uffef';
const spaceByUnspaced = new RegExp(`(?<=[${unspaced}]) | (?=[${unspaced}])`, 'gu');
const anyUnspaced = new RegExp(`[${unspaced}]`, 'u');
// Marks (vowel signs, Arabic harakat) and tatweel, which only stretches: glyphs a PDF's text layer
// places apart from their letters.
const marks = /[\p{Mn}\u0640]/gu;

/**
 * A text as read-back comparisons see it: case, spacing, quotes, digits of any script, emoji and
 * hyphens between letters do not count (a deck may upper-case a title, a PDF may break a value over
 * lines, at a space or a hyphen).
 */
export function comparable(text: string, lang: Lang): string {
  const plain = withoutInnerHyphens(collapse(asciiDigits(text.normalize('NFKC')).replace(emoji, ' '))).replace(/[’‘]/g, "'").toLocaleLowerCase(lang);
  // Looked for first: the replacement tries each space of a long text twice over.
  return anyUnspaced.test(plain) ? plain.replace(spaceByUnspaced, '') : plain;
}

/**
 * Whether an output read back says `value`: as one run of its text, or, for a PDF in a right-to-left
 * language, of its lines rebuilt from the glyphs (`rtlLines`), compared without spaces, punctuation
 * and marks (its text layer gives those back in visual runs). Never across a `pageGap`.
 */
export function textMatcher(output: { text: string; rtlLines?: string }, lang: Lang): (value: string) => boolean {
  if (directionOf(lang) === 'rtl' && output.rtlLines !== undefined) {
    const packed = (s: string) => comparable(s, lang).replace(marks, '').replace(/[^\p{L}\p{N}]+/gu, '');
    const runs = output.rtlLines.split(pageGap).map(packed);
    return (value) => {
      const wanted = packed(value);
      return runs.some((run) => run.includes(wanted));
    };
  }
  // Split at the gaps, not only kept apart by them: a value may hold U+0000 itself (YAML's "\0").
  const runs = output.text.split(pageGap).map((run) => comparable(run, lang));
  // PDFium may space out the letters of a sparse page ("R e visio n r 7 9 5…", a closing slide with
  // only a title and the stamp): what is not found as it is written is looked for without spaces.
  let unspaced: string[] | undefined;
  return (value) => {
    const wanted = comparable(value, lang);
    if (runs.some((run) => run.includes(wanted))) return true;
    unspaced ??= runs.map((run) => run.replace(/ /g, ''));
    const packed = wanted.replace(/ /g, '');
    return unspaced.some((run) => run.includes(packed));
  };
}
