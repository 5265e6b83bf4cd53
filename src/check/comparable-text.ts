import { directionOf, type Lang } from '../locale.js';
import { asciiDigits } from '../pack/editions.js';
import { collapse } from '../read-back/output-text.js';

// Emoji, their joiners, variation selectors, skin tones and flag letters: a PDF's text layer gives
// them back, or not, as the font that drew them maps them.
const emoji = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\u{e0020}-\u{e007f}]/gu;
// A hyphen between letters: a PDF's text loses one that ends a line (see readerText).
const innerHyphen = /(?<=\p{L})[-\u2010](?=\p{L})/gu;
// Scripts written without spaces: a line break inside their text is no word break, yet a PDF's text
// layer gives one back as a space.
const unspaced = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}\\u3000-\\u303f\\uff00-\\uffef';
const spaceByUnspaced = new RegExp(`(?<=[${unspaced}]) | (?=[${unspaced}])`, 'gu');
// Marks (vowel signs, Arabic harakat) and alef and lam, which a PDF's text layer may give back out of
// their letters' order: lam-alef is one glyph, a hamza or damma a glyph of its own above the line; tatweel only stretches.
const arabicShuffled = /[\p{Mn}\u0640\u0627\u0622\u0623\u0625\u0671\u0644]/gu;

/**
 * A text as read-back comparisons see it: case, spacing, quotes, digits of any script, emoji and
 * hyphens between letters do not count (a deck may upper-case a title, a PDF may break a value over
 * lines, at a space or a hyphen).
 */
export function comparable(text: string, lang: Lang): string {
  const plain = collapse(asciiDigits(text.normalize('NFKC')).replace(emoji, ' ')).replace(innerHyphen, '').replace(/[’‘]/g, "'").toLocaleLowerCase(lang);
  return plain.replace(spaceByUnspaced, '');
}

/**
 * Whether a text read back from an output says `value`. A left-to-right text must hold it as one run.
 * A right-to-left text read from a PDF comes back in visual runs (a number and its comma swapped, a
 * line's words after the next line's, lam-alef reversed), so it must hold each of its words, each
 * compared without the letters and marks that move.
 */
export function textMatcher(outputText: string, lang: Lang): (value: string) => boolean {
  const text = comparable(outputText, lang);
  if (directionOf(lang) === 'ltr') return (value) => text.includes(comparable(value, lang));
  const words = (s: string) => comparable(s, lang).replace(arabicShuffled, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const present = new Set(words(outputText));
  return (value) => words(value).every((word) => present.has(word));
}
