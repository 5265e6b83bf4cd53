import type { Link, Parents, PhrasingContent, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { placeQuotes, standIns } from '../quote-marks.js';
import { quotesFor, type Quotes } from '../quotes.js';
import '../data.js';

export interface Options {
  /** The brief's BCP 47 language; the front matter's `lang` when not given. */
  lang?: string;
}

// remark-smartypants decides which straight quote opens and which closes, reading across emphasis and
// links and skipping code and HTML. It writes stand-ins, which the language's marks replace: its own
// marks cannot be the language's, as it writes an apostrophe as a closing single quote (`‘` in German).
const smartypants = unified().use(remarkSmartypants, {
  openingQuotes: { double: standIns.open2, single: standIns.open1 },
  closingQuotes: { double: standIns.close2, single: standIns.close1 },
  dashes: false,
  ellipses: false,
  backticks: false,
});

// A quote written `\"`, `\'` or as a character reference (`&quot;`) stays straight, as Pandoc keeps
// it: the author's way to write one. Kept as these noncharacters while the others are set.
const kept: Record<string, string> = { '"': '\ufdd4', "'": '\ufdd5' };
const written = /\\["']|&(?:quot|apos|#0*3[49]|#x0*2[27]);|["']/gi;

function textsOf(node: Parents): Text[] {
  return node.children.flatMap((child) => (child.type === 'text' ? [child] : 'children' in child ? textsOf(child) : []));
}

/** Hides the quotes a text node's source escapes; gives back what puts them back. */
function keepEscapedQuotes(tree: Root, source: string): () => void {
  const marked: Text[] = [];
  for (const text of textsOf(tree)) {
    const [start, end] = [text.position?.start.offset, text.position?.end.offset];
    if (start === undefined || end === undefined || !/["']/.test(text.value)) continue;
    const tokens = source.slice(start, end).match(written) ?? [];
    const quotes = [...text.value.matchAll(/["']/g)];
    // A text made by a plugin (a fact's value at its directive) has no source of its own to read.
    if (tokens.length !== quotes.length || tokens.every((t) => t.length === 1)) continue;
    quotes.forEach((q, k) => {
      if (tokens[k]!.length > 1) text.value = `${text.value.slice(0, q.index)}${kept[q[0]]}${text.value.slice(q.index + 1)}`;
    });
    marked.push(text);
  }
  return () => {
    for (const text of marked) text.value = text.value.replace(/[\ufdd4\ufdd5]/g, (c) => (c === kept['"'] ? '"' : "'"));
  };
}

/** Links that show their own address (`<https://…>`, a bare URL or e-mail): their text must stay the address. */
function keepAddresses(tree: Root): () => void {
  const isBare = (link: Link) => [link.url, link.url.replace(/^mailto:/, '')].includes(toString(link));
  const found: Array<[Text, string]> = [];
  const walk = (node: Parents) => {
    for (const child of node.children) {
      if (child.type === 'link' && isBare(child)) found.push(...textsOf(child).map((t): [Text, string] => [t, t.value]));
      else if ('children' in child) walk(child);
    }
  };
  walk(tree);
  return () => {
    for (const [text, value] of found) text.value = value;
  };
}

const blocks = new Set(['paragraph', 'heading', 'tableCell']);

/** The stand-ins as marks, block by block: a quote opened in one paragraph does not close in the next. */
function placeInBlocks(node: Parents, quotes: Quotes) {
  for (const child of node.children) {
    const texts = child.type === 'text' ? [child] : blocks.has(child.type) && 'children' in child ? textsOf(child) : undefined;
    if (texts) placeQuotes(texts.map((t) => t.value), quotes).forEach((value, i) => (texts[i]!.value = value));
    else if ('children' in child) placeInBlocks(child, quotes);
  }
}

function typeset(tree: Root, quotes: Quotes, source = '') {
  const restore = [keepEscapedQuotes(tree, source), keepAddresses(tree)];
  smartypants.runSync(tree);
  restore.reverse().forEach((put) => put());
  placeInBlocks(tree, quotes);
}

/** A front matter string set as the body is: addresses in it (a fact's source) as written. */
function typesetString(value: string, quotes: Quotes): string {
  const children: PhrasingContent[] = value
    .split(/(\s+)/)
    .map((token) => (/:\/\/|@|^www\./.test(token) ? { type: 'inlineCode', value: token } : { type: 'text', value: token }));
  typeset({ type: 'root', children: [{ type: 'paragraph', children }] }, quotes);
  return children.map((c) => ('value' in c ? c.value : '')).join('');
}

/**
 * Straight quotes as the language's quotation marks (CLDR's, see quotes.ts) and apostrophes as `’`,
 * in the body (code, inline code, HTML and addresses as written) and in the front matter strings the
 * outputs print (title, summary, facts...), so that both read alike. A language without marks in the
 * table keeps what was typed.
 */
export default function remarkTypographicQuotes(options: Options = {}) {
  return (tree: Root, file: VFile) => {
    const lang = options.lang ?? file.data.frontMatter?.lang;
    const quotes = lang ? quotesFor(lang) : null;
    if (!quotes) return;
    typeset(tree, quotes, String(file.value));
    const fm = file.data.frontMatter;
    if (!fm) return;
    const set = (value: string) => typesetString(value, quotes);
    fm.title = set(fm.title);
    if (fm.subtitle) fm.subtitle = set(fm.subtitle);
    fm.organisation = set(fm.organisation);
    fm.author = set(fm.author);
    fm.summary = set(fm.summary);
    fm.keywords = fm.keywords.map(set);
    for (const fact of fm.facts) {
      fact.label = set(fact.label);
      fact.value = set(fact.value);
      if (fact.source) fact.source = set(fact.source);
    }
  };
}
