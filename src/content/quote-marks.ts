import { apostrophe, type Quotes } from './quotes.js';

/** One run of a block's text, in order; a fixed one (code, an address) is read for context only. */
export interface Piece {
  value: string;
  fixed: boolean;
}

type Kind = 'open2' | 'close2' | 'open1' | 'close1' | 'apostrophe';

const narrowNoBreakSpace = '\u202f';
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{M}\p{N}]/u.test(c);
const isCjk = (c: string | undefined) => c !== undefined && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(c);

/**
 * Whether a straight quote opens, by the characters around it: SmartyPants's rules (retext-smartypants
 * applies them to words, spaces and punctuation; these are the same on characters).
 */
function opens(quote: string, before: string | undefined, rest: string): boolean {
  const [after, afterNext] = [rest[0], rest[1]];
  const punctuation = (c: string | undefined) => c !== undefined && !isSpace(c) && !isWordChar(c);
  if (punctuation(after) && !isWordChar(afterNext)) return false;
  if (quote === "'" && /^\d\ds\b/.test(rest)) return false;
  if ((isSpace(before) || punctuation(before)) && isWordChar(after)) return true;
  if (!isSpace(before) && !punctuation(before)) return false;
  return !(isSpace(after) || (quote === "'" && after === 's'));
}

/**
 * What each straight quote of a block's text is. A closing single quote between letters is an
 * apostrophe (`IOM’in`), and so is one that closes no quote (`Milletler’ in`, `the students’ books`)
 * and an opening one nothing closes (`’90s`). SmartyPants reads a quote after a letter as closing,
 * which Chinese, with no spaces between words, contradicts: a closing double quote that closes
 * nothing opens when a word follows it (`說"你好"`), or spaces stand on both sides of it (`" bonjour "`,
 * as French is often typed); a closing single one when Chinese, Japanese or Korean follows.
 */
function kindsOf(text: string, fixed: (at: number) => boolean): Map<number, Kind> {
  const kinds = new Map<number, Kind>();
  let doubles = 0;
  const singles: number[] = [];
  for (let at = text.search(/["']/); at >= 0 && at < text.length; at++) {
    const c = text[at]!;
    if ((c !== '"' && c !== "'") || fixed(at)) continue;
    const [before, after] = [text[at - 1], text[at + 1]];
    const open = opens(c, before, text.slice(at + 1, at + 5));
    if (c === '"' && (open || (doubles === 0 && (isWordChar(after) || (isSpace(before) && isSpace(after)))))) {
      doubles++;
      kinds.set(at, 'open2');
    } else if (c === '"') {
      doubles = Math.max(0, doubles - 1);
      kinds.set(at, 'close2');
    } else if (open || (singles.length === 0 && isCjk(after))) {
      singles.push(at);
      kinds.set(at, 'open1');
    } else if (singles.length > 0 && !(isWordChar(before) && isWordChar(after))) {
      singles.pop();
      kinds.set(at, 'close1');
    } else kinds.set(at, 'apostrophe');
  }
  for (const at of singles) kinds.set(at, 'apostrophe');
  return kinds;
}

/**
 * A block's text (a paragraph's runs, in order, across its emphasis, links and code) with its
 * straight quotes as the language's marks and its apostrophes as `’`; in French, a narrow no-break
 * space between a mark and what it quotes (in place of a space typed there). Gives each piece's value.
 */
export function placeQuotes(pieces: readonly Piece[], quotes: Quotes): string[] {
  const starts: number[] = [];
  let length = 0;
  for (const piece of pieces) {
    starts.push(length);
    length += piece.value.length;
  }
  const text = pieces.map((p) => p.value).join('');
  const fixed = new Uint8Array(text.length);
  pieces.forEach((piece, n) => piece.fixed && fixed.fill(1, starts[n], starts[n]! + piece.value.length));
  const kinds = kindsOf(text, (at) => fixed[at] === 1);
  if (kinds.size === 0) return pieces.map((p) => p.value);
  const marks: Record<Kind, string> = { open2: quotes.open, close2: quotes.close, open1: quotes.innerOpen, close1: quotes.innerClose, apostrophe };
  return pieces.map((piece, n) => {
    if (piece.fixed) return piece.value;
    let out = '';
    for (let i = 0; i < piece.value.length; i++) {
      const kind = kinds.get(starts[n]! + i);
      if (!kind) out += piece.value[i];
      else if (!quotes.spaced || kind === 'apostrophe') out += marks[kind];
      else if (kind === 'close2' || kind === 'close1') out = `${out.replace(/[ \u00a0]$/, '')}${narrowNoBreakSpace}${marks[kind]}`;
      else {
        out += `${marks[kind]}${narrowNoBreakSpace}`;
        if (/[ \u00a0]/.test(piece.value[i + 1] ?? '')) i++;
      }
    }
    return out;
  });
}
