import type { Root } from 'hast';
import { toString } from 'hast-util-to-string';
import type { VFile } from 'vfile';
import { directionOf } from '../../locale.js';
import '../data.js';
import { walkElements } from '../walk.js';

// Code, and a link whose text is an address or has no letter of a right-to-left script.
const codeTags = new Set(['code', 'pre', 'kbd', 'samp', 'var']);
const rtlLetter = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

/**
 * In a right-to-left brief, runs that read left to right whatever surrounds them: code, addresses
 * and Latin link texts. Without `dir="ltr"` the bidi algorithm would carry a URL's slashes and dots,
 * or a code line's brackets, to the other end (`/https://iom.int` shown as `iom.int//:https`). An
 * element the author gave a `dir` keeps it; Latin words and numbers in the prose need nothing (the
 * algorithm places them right).
 */
export default function rehypeIsolateLtrRuns() {
  return (tree: Root, file: VFile) => {
    const lang = file.data.frontMatter?.lang;
    if (!lang || directionOf(lang) !== 'rtl') return;
    walkElements(tree, (node) => {
      if (node.properties.dir !== undefined) return;
      const isCode = codeTags.has(node.tagName);
      const isLtrLink = node.tagName === 'a' && typeof node.properties.href === 'string' && !rtlLetter.test(toString(node));
      if (isCode || isLtrLink) node.properties.dir = 'ltr';
    });
  };
}
