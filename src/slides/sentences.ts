import type { Element, ElementContent } from 'hast';
import type { Lang } from '../model.js';

// A period after these does not end a sentence: initials and the usual abbreviations, and in Turkish
// ordinals ("1. Körfez Savaşı"). ICU's sentence rules know none of them.
const abbreviations = 'Dr|Prof|Doç|Av|Bkz|bkz|vb|vs|örn|Örn|yy|St|Mr|Mrs|Ms|No|Nr|e\\.g|i\\.e|etc|cf|vol';
const notAnEnd: Record<Lang, RegExp> = {
  tr: new RegExp(`(?:^|[\\s(])(?:\\d{1,3}|\\p{Lu}|${abbreviations})\\.\\s*$`, 'u'),
  en: new RegExp(`(?:^|[\\s(])(?:\\p{Lu}|${abbreviations})\\.\\s*$`, 'u'),
};

const segmenters = new Map<Lang, Intl.Segmenter>();

/** The first sentence of `text`, white space at its end trimmed; the whole text if it is one sentence. */
export function firstSentence(text: string, lang: Lang): string {
  let segmenter = segmenters.get(lang);
  if (!segmenter) segmenters.set(lang, (segmenter = new Intl.Segmenter(lang, { granularity: 'sentence' })));
  let first = '';
  // A line break ends a sentence for ICU; in a Markdown paragraph it is a space. Same length, so
  // offsets stay those of `text`.
  for (const { segment } of segmenter.segment(text.replace(/[\n\r\t\v\f\u0085\u2028\u2029]/g, ' '))) {
    first += segment;
    if (!notAnEnd[lang].test(first)) break;
  }
  return text.slice(0, first.trimEnd().length);
}

/**
 * The element cut after its first `length` characters of text (as hast-util-to-string counts them),
 * inline markup kept: a link or emphasis in the first sentence survives.
 */
export function truncateText(node: Element, length: number): Element {
  let left = length;
  const cut = (children: ElementContent[]): ElementContent[] => {
    const out: ElementContent[] = [];
    for (const child of children) {
      if (left <= 0) break;
      if (child.type === 'text') {
        out.push({ ...child, value: child.value.slice(0, left) });
        left -= child.value.length;
      } else if (child.type === 'element') {
        out.push({ ...child, children: cut(child.children) });
      }
    }
    return out;
  };
  return { ...node, children: cut(node.children) };
}
