import type { Link, Parents, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { placeQuotes, type Piece } from '../quote-marks.js';
import { quotesFor, type Quotes } from '../quotes.js';
import '../data.js';

export interface Options {
  /** The brief's BCP 47 language; the front matter's `lang` when not given. */
  lang?: string;
}

// A quote written `\"`, `\'` or as a character reference (`&quot;`) stays straight, as Pandoc keeps
// it: the author's way to write one. Read from a text's source, in the order of its quotes.
const written = /\\["']|&(?:quot|apos|#0*3[49]|#x0*2[27]);|["']/gi;

/** Offsets in a text's value of the quotes its source writes escaped; none when the source cannot tell. */
function escapedQuotes(text: { value: string; position?: { start: { offset?: number }; end: { offset?: number } } }, source: string): Set<number> {
  const [start, end] = [text.position?.start.offset, text.position?.end.offset];
  if (start === undefined || end === undefined || !/["']/.test(text.value)) return new Set();
  const tokens = source.slice(start, end).match(written) ?? [];
  const quotes = [...text.value.matchAll(/["']/g)];
  // A text made by a plugin (a fact's value, at its directive) has no source of its own to read.
  if (tokens.length !== quotes.length) return new Set();
  return new Set(quotes.filter((_, k) => tokens[k]!.length > 1).map((q) => q.index));
}

/** A link that shows its own address (`<https://…>`, a bare URL or e-mail): its text must stay the address. */
const isBare = (link: Link) => [link.url, link.url.replace(/^mailto:/, '')].includes(toString(link));

/**
 * A block's runs of text in order: its texts, to set, and what is read as it is (inline code, the
 * text of a bare link), as context; a quote escaped in the source splits its text around it.
 */
function piecesOf(node: Parents, source: string, fixed = false): Array<Piece & { set?: (value: string) => void }> {
  return node.children.flatMap((child: RootContent): Array<Piece & { set?: (value: string) => void }> => {
    if (child.type === 'inlineCode') return [{ value: child.value, fixed: true }];
    if (child.type === 'break') return [{ value: ' ', fixed: true }];
    if (child.type === 'text') {
      if (fixed) return [{ value: child.value, fixed: true }];
      const escaped = escapedQuotes(child, source);
      if (escaped.size === 0) return [{ value: child.value, fixed: false, set: (value) => (child.value = value) }];
      // Each escaped quote a fixed piece of its own; the text is set from the pieces around them.
      const parts = child.value.split(/(?=["'])|(?<=["'])/);
      let at = 0;
      const pieces = parts.map((part) => {
        const piece = { value: part, fixed: escaped.has(at) && part.length === 1 };
        at += part.length;
        return piece;
      });
      const values = pieces.map((p) => p.value);
      return pieces.map((piece, i) => ({
        ...piece,
        set: (value: string) => {
          values[i] = value;
          child.value = values.join('');
        },
      }));
    }
    if ('children' in child) return piecesOf(child, source, fixed || (child.type === 'link' && isBare(child)));
    return [];
  });
}

const blocks = new Set(['paragraph', 'heading', 'tableCell']);

/** Every block, its quotes set as one text: a quote opened in one paragraph does not close in the next. */
function typeset(node: Parents, quotes: Quotes, source: string) {
  for (const child of node.children) {
    if (blocks.has(child.type) && 'children' in child) {
      const pieces = piecesOf(child, source);
      placeQuotes(pieces, quotes).forEach((value, i) => pieces[i]!.set?.(value));
    } else if ('children' in child) typeset(child, quotes, source);
    else if (child.type === 'text') child.value = placeQuotes([{ value: child.value, fixed: false }], quotes)[0]!;
  }
}

/** A front matter string set as the body is: addresses in it (a fact's source) as written. */
function typesetString(value: string, quotes: Quotes): string {
  // Odd pieces are addresses.
  const pieces = value.split(/(\S*(?::\/\/|@)\S*|(?<!\S)www\.\S+)/).map((piece, i) => ({ value: piece, fixed: i % 2 === 1 }));
  return placeQuotes(pieces, quotes).join('');
}

/**
 * Straight quotes as the language's quotation marks (CLDR's, see quotes.ts) and apostrophes as `’`,
 * in the body (code, inline code, HTML and addresses as written) and in the front matter strings the
 * outputs print (title, summary, facts...), so that both read alike. A language without marks in the
 * table keeps what was typed.
 *
 * Not remark-smartypants: it reads an apostrophe as a closing single quote (`‘` in German, `›` in
 * Swiss French, `»` in French), and a quote after a Chinese character as closing; and it parses every
 * text twice with retext, 5 ms of the IOM brief's 12 ms parse, where this takes 0.3 ms. Its rules for
 * which quote opens are in quote-marks.ts, on characters.
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
    if (fm.organisation) fm.organisation = set(fm.organisation);
    if (fm.author) fm.author = set(fm.author);
    if (fm.summary) fm.summary = set(fm.summary);
    fm.keywords = fm.keywords.map(set);
    for (const fact of fm.facts) {
      fact.label = set(fact.label);
      fact.value = set(fact.value);
      if (fact.source) fact.source = set(fact.source);
    }
  };
}
