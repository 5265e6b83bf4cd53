import type { Link, Parents, PhrasingContent, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { apostrophe, quotesFor, type Quotes } from '../quotes.js';
import '../data.js';

export interface Options {
  /** The brief's BCP 47 language; the front matter's `lang` when not given. */
  lang?: string;
}

// remark-smartypants decides which straight quote opens and which closes, reading across emphasis and
// links and skipping code; it writes these stand-ins (Unicode noncharacters, which no text carries),
// and the language's marks replace them below. Its own marks cannot be the language's: it writes an
// apostrophe as a closing single quote, which is `‘` in German and `›` in Swiss French.
const open2 = '\ufdd0';
const open1 = '\ufdd1';
const close2 = '\ufdd2';
const close1 = '\ufdd3';
const smartypants = unified().use(remarkSmartypants, {
  openingQuotes: { double: open2, single: open1 },
  closingQuotes: { double: close2, single: close1 },
  dashes: false,
  ellipses: false,
  backticks: false,
});

const narrowNoBreakSpace = '\u202f';
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{M}\p{N}]/u.test(c);
const isCjk = (c: string | undefined) => c !== undefined && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(c);

/**
 * The stand-ins of one block's text (a paragraph, heading or table cell, its texts in order) as the
 * language's marks. A closing single quote between letters is an apostrophe (`IOM’in`), and so is one
 * that closes no quote (`Milletler’ in`, `the students’ books`). smartypants reads a quote after a
 * letter as closing, which Chinese, with no spaces between words, contradicts: a closing quote that
 * closes nothing opens when a word follows it (`說"你好"`), or spaces stand on both sides of it
 * (`" bonjour "`, as French is often typed); a single one also when Chinese, Japanese or Korean
 * follows, where it is no apostrophe.
 */
function placeQuotes(texts: readonly Text[], quotes: Quotes) {
  const all = texts.map((t) => t.value).join('');
  if (!/[\ufdd0-\ufdd3]/.test(all)) return;
  let doubles = 0;
  let singles = 0;
  /** The mark for a stand-in, with its side; undefined for any other character. */
  const markFor = (c: string, before: string | undefined, after: string | undefined): [string, 'open' | 'close' | 'apostrophe'] | undefined => {
    if (c === open2 || (c === close2 && doubles === 0 && (isWordChar(after) || (isSpace(before) && isSpace(after))))) {
      doubles++;
      return [quotes.open, 'open'];
    }
    if (c === close2) {
      doubles = Math.max(0, doubles - 1);
      return [quotes.close, 'close'];
    }
    if (c === open1 || (c === close1 && singles === 0 && isCjk(after))) {
      singles++;
      return [quotes.innerOpen, 'open'];
    }
    if (c === close1 && singles > 0 && !(isWordChar(before) && isWordChar(after))) {
      singles--;
      return [quotes.innerClose, 'close'];
    }
    return c === close1 ? [apostrophe, 'apostrophe'] : undefined;
  };
  let at = 0;
  for (const text of texts) {
    const value = text.value;
    let out = '';
    for (let i = 0; i < value.length; i++, at++) {
      const found = markFor(value[i]!, all[at - 1], all[at + 1]);
      if (!found) out += value[i];
      else if (!quotes.spaced || found[1] === 'apostrophe') out += found[0];
      else if (found[1] === 'close') out = `${out.replace(/[ \u00a0]$/, '')}${narrowNoBreakSpace}${found[0]}`;
      else {
        out += `${found[0]}${narrowNoBreakSpace}`;
        // A space typed after the opening mark is the one the mark now has.
        if (/[ \u00a0]/.test(value[i + 1] ?? '')) {
          i++;
          at++;
        }
      }
    }
    text.value = out;
  }
}

const blocks = new Set(['paragraph', 'heading', 'tableCell']);

function textsOf(node: Parents): Text[] {
  return node.children.flatMap((child) => (child.type === 'text' ? [child] : 'children' in child ? textsOf(child) : []));
}

function eachBlock(node: Parents, quotes: Quotes) {
  for (const child of node.children) {
    if (child.type === 'text') placeQuotes([child], quotes);
    else if (blocks.has(child.type) && 'children' in child) placeQuotes(textsOf(child), quotes);
    else if ('children' in child) eachBlock(child, quotes);
  }
}

/** Links that show their own address (`<https://…>`, a bare URL or e-mail): their text must stay the address. */
function addressTexts(tree: Root): Array<[Text, string]> {
  const found: Array<[Text, string]> = [];
  const walk = (node: Parents) => {
    for (const child of node.children) {
      if (child.type === 'link' && isBare(child)) found.push(...textsOf(child).map((t): [Text, string] => [t, t.value]));
      else if ('children' in child) walk(child);
    }
  };
  walk(tree);
  return found;
}

const isBare = (link: Link) => {
  const text = toString(link);
  return text === link.url || `mailto:${text}` === link.url;
};

function typeset(tree: Root, quotes: Quotes) {
  const addresses = addressTexts(tree);
  smartypants.runSync(tree);
  for (const [text, value] of addresses) text.value = value;
  eachBlock(tree, quotes);
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
 * in the body (code, inline code and addresses as written) and in the front matter strings the
 * outputs print (title, summary, facts...), so that both read alike. A language without marks in the
 * table keeps what was typed.
 */
export default function remarkTypographicQuotes(options: Options = {}) {
  return (tree: Root, file: VFile) => {
    const lang = options.lang ?? file.data.frontMatter?.lang;
    const quotes = lang ? quotesFor(lang) : null;
    if (!quotes) return;
    typeset(tree, quotes);
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
