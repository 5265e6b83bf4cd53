import type { Element, Parents, Root, Text } from 'hast';
import type { VFile } from 'vfile';
import { hyphenatorFor, softHyphen, type Hyphenator } from '../hyphenation.js';
import '../data.js';
import { walkElements } from '../walk.js';

export interface Options {
  /** The body's BCP 47 language; the front matter's `lang` when not given. */
  lang?: string;
}

// Text a reader copies or types as it is, and headings (short, and a broken heading reads badly).
const whole = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style', 'textarea', 'svg', 'math', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
// Web and e-mail addresses, file and domain names, paths: `@`, `/`, a dot between letters.
const address = /[@/]|\p{L}\.\p{L}/u;
const words = new RegExp(`[\\p{L}\\p{M}${softHyphen}]+`, 'gu');
// Paragraphs and items, whose last word stays whole: a line of its last syllable or two ends a
// paragraph badly. Not table cells: there a long last word would widen its column.
const blocks = new Set(['p', 'li', 'dt', 'dd']);

function isWhole(node: Element): boolean {
  const classes = node.properties.className;
  return whole.has(node.tagName) || node.properties.translate === 'no' || (Array.isArray(classes) && classes.includes('bp-bare-link'));
}

const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{M}]/u.test(c);

/** Where a text's last word starts; -1 for a text without letters. */
function lastWordAt(text: string): number {
  let end = text.length;
  while (end > 0 && !isLetter(text[end - 1])) end--;
  let start = end;
  while (start > 0 && isLetter(text[start - 1])) start--;
  return end > 0 ? start : -1;
}

/**
 * One text's words, hyphenated, but for its last one if `lastWhole`; addresses and words an author
 * broke with soft hyphens of their own as they are.
 */
function hyphenateText(text: string, hyphenate: Hyphenator, lastWhole: boolean): string {
  const last = lastWhole ? lastWordAt(text) : -1;
  return text.replace(/\S{6,}/g, (token, start: number) =>
    address.test(token) ? token : token.replace(words, (word, offset: number) => (word.includes(softHyphen) || start + offset === last ? word : hyphenate(word))),
  );
}

/** The last text with a letter in a node, depth first. */
function lastText(node: Parents): Text | undefined {
  for (let i = node.children.length - 1; i >= 0; i--) {
    const child = node.children[i]!;
    if (child.type === 'text' && /\p{L}/u.test(child.value)) return child;
    const found = child.type === 'element' ? lastText(child) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The last text of each block of running text. */
function blockEnds(tree: Root): Set<Text> {
  const ends = new Set<Text>();
  walkElements(tree, (node) => {
    const last = blocks.has(node.tagName) ? lastText(node) : undefined;
    if (last) ends.add(last);
  });
  return ends;
}

function walk(parent: Parents, hyphenate: Hyphenator | null, ends: ReadonlySet<Text>) {
  for (const node of parent.children) {
    if (node.type === 'text' && hyphenate) node.value = hyphenateText(node.value, hyphenate, ends.has(node));
    else if (node.type === 'element' && !isWhole(node)) {
      // A passage in another language (`<span lang="de">`) breaks by its own patterns, or not at all.
      const lang = node.properties.lang;
      walk(node, typeof lang === 'string' && lang ? hyphenatorFor(lang) : hyphenate, ends);
    }
  }
}

/**
 * Soft hyphens (U+00AD) in the body's prose words, where the language's patterns allow a break:
 * Chromium has no hyphenation dictionaries here, so `hyphens: auto` would break nothing.
 *
 * Which outputs show them (this runs after rehype-slide-view, so the deck's tree has none):
 * - brief.pdf and pack.pdf: hyphenated, as print should be. The cost: Chromium writes every soft
 *   hyphen into the PDF's text, broken or not, so text copied from the PDF carries them (invisible),
 *   and PDFium's search (Chrome's PDF viewer) finds no word that has one (tried). briefpack's
 *   read-back drops them.
 * - one-pager.html: hyphenated at any width and in any browser, whether it has patterns for the
 *   language or not. Chromium's find in page matches across soft hyphens (tried); a copy keeps them,
 *   and so does the text Chromium gives screen readers, as Unicode format characters, not letters.
 * - the slides: none. Large type, a few words a line: a broken word reads worse than a short line.
 * - brief.epub: none (its writer takes them out). Reading systems hyphenate with their own
 *   dictionaries (`hyphens: auto`) at the reader's type size, stop when the reader turns it off,
 *   and keep words whole for search, dictionary look-up and read-aloud.
 * - the front matter's strings (title block, fact box): none. They are also the PDF's metadata, the
 *   EPUB's and the deck's text.
 */
export default function rehypeHyphenate(options: Options = {}) {
  return (tree: Root, file: VFile) => {
    const lang = options.lang ?? file.data.frontMatter?.lang;
    if (lang) walk(tree, hyphenatorFor(lang), blockEnds(tree));
  };
}
