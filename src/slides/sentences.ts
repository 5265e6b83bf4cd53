import type { Element, ElementContent } from 'hast';
import { rulesFor, type Lang } from '../locale.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A period after these does not end a sentence, in any language: an initial (`W. L. Swing`), and
// what the language's rules list (abbreviations; ordinals in a language that writes them so, as in
// `1. Körfez Savaşı`). ICU's sentence rules know none of them.
function notAnEnd(lang: Lang): RegExp {
  const rules = rulesFor(lang);
  const words = [...(rules.ordinalPeriod ? ['\\d{1,3}'] : []), '\\p{Lu}', ...rules.abbreviations.map(escape)];
  return new RegExp(`(?:^|[\\s(])(?:${words.join('|')})\\.\\s*$`, 'u');
}

// Made once per language: a segmenter takes milliseconds to make.
const segmenterCache = new Map<Lang, { segmenter: Intl.Segmenter; notAnEnd: RegExp }>();

/** Where each sentence of `text` ends (white space after it excluded), the last at the text's end. */
export function sentenceEnds(text: string, lang: Lang): number[] {
  let cached = segmenterCache.get(lang);
  if (!cached) segmenterCache.set(lang, (cached = { segmenter: new Intl.Segmenter(lang, { granularity: 'sentence' }), notAnEnd: notAnEnd(lang) }));
  // A line break ends a sentence for ICU; in a Markdown paragraph it is a space. Same length, so
  // offsets stay those of `text`.
  const segments = [...cached.segmenter.segment(text.replace(/[\n\r\t\v\f\u0085\u2028\u2029]/g, ' '))].map((s) => s.segment);
  const ends: number[] = [];
  let sentence = '';
  let at = 0;
  segments.forEach((segment, i) => {
    sentence += segment;
    at += segment.length;
    // No sentence starts with a small letter (`z.B. am`, `approx. two`): a cased script's own rule.
    const next = segments[i + 1];
    if (cached.notAnEnd.test(sentence) || (next !== undefined && /^\P{L}*\p{Ll}/u.test(next))) return;
    ends.push(at - (sentence.length - sentence.trimEnd().length));
    sentence = '';
  });
  if (sentence.trim()) ends.push(at - (sentence.length - sentence.trimEnd().length));
  return ends.filter((end) => end > 0);
}

/** The first sentence of `text`; the whole text if it is one sentence. */
export function firstSentence(text: string, lang: Lang): string {
  return text.slice(0, sentenceEnds(text, lang)[0] ?? text.length);
}

/** About three lines of a slide's body text, in widths of a Latin letter (a Han or kana character counts two). */
export const slideSentenceWidth = 200;

const width = (text: string) => [...text].reduce((w, ch) => w + (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(ch) ? 2 : 1), 0);

// Where a clause ends: a semicolon, a colon or a dash between words, in the scripts' own forms; a
// comma only as a last resort (it also separates the items of a list).
const strongClauseEnd = /(?:[;:；：؛]|\s[–—]|[—])(?=\s|$)|[；：]/gu;
const commaClauseEnd = /[,،，、](?=\s|$)|[，、]/gu;

/**
 * What of `text` a slide shows: its first sentence, and of a sentence longer than about three lines
 * (`slideSentenceWidth`) its first clauses, ended at a clause boundary in the second half of that
 * width (`cut`: the slide adds an ellipsis). Offsets into `text`.
 */
export function slideSentence(text: string, lang: Lang): { end: number; cut: boolean } {
  const end = sentenceEnds(text, lang)[0] ?? text.length;
  const sentence = text.slice(0, end);
  if (width(sentence) <= slideSentenceWidth) return { end, cut: false };
  const boundaryIn = (pattern: RegExp) => {
    let best = -1;
    for (const match of sentence.matchAll(pattern)) {
      const at = match.index + match[0].length;
      const w = width(sentence.slice(0, at));
      if (w > slideSentenceWidth) break;
      if (w >= slideSentenceWidth / 2) best = match.index;
    }
    return best;
  };
  const at = [strongClauseEnd, commaClauseEnd].map(boundaryIn).find((b) => b > 0);
  return at === undefined ? { end, cut: false } : { end: sentence.slice(0, at).replace(/[\s,،，、;:；：؛–—]+$/u, '').length, cut: true };
}

/**
 * The element with only the text from `start` to `end` (offsets as hast-util-to-string counts them),
 * inline markup kept: a link or emphasis in a kept sentence survives.
 */
export function sliceText(node: Element, start: number, end = Infinity): Element {
  let at = 0;
  const cut = (children: ElementContent[]): ElementContent[] => {
    const out: ElementContent[] = [];
    for (const child of children) {
      if (at >= end) break;
      if (child.type === 'text') {
        const from = at;
        at += child.value.length;
        if (at > start) out.push({ ...child, value: child.value.slice(Math.max(0, start - from), end - from) });
      } else if (child.type === 'element') {
        const from = at;
        const kept = cut(child.children);
        // An element without text (a checkbox, a picture, a line break) goes with the text after it.
        if (kept.length > 0 || at > start || (from === at && from >= start)) out.push({ ...child, children: kept });
      }
    }
    return out;
  };
  return { ...node, children: cut(node.children) };
}
