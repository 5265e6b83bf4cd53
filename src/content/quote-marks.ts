import { apostrophe, type Quotes } from './quotes.js';

// Where smartypants (see remark-typographic-quotes) found a straight quote to open or to close, it
// writes one of these stand-ins: Unicode noncharacters, which no text carries.
export const standIns = { open2: '\ufdd0', open1: '\ufdd1', close2: '\ufdd2', close1: '\ufdd3' } as const;

type Kind = keyof typeof standIns | 'apostrophe';

const narrowNoBreakSpace = '\u202f';
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{M}\p{N}]/u.test(c);
const isCjk = (c: string | undefined) => c !== undefined && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(c);

/**
 * What each stand-in of a block's text is. A closing single quote between letters is an apostrophe
 * (`IOM’in`), and so is one that closes no quote (`Milletler’ in`, `the students’ books`) and an
 * opening one nothing closes (`’90s`). smartypants reads a quote after a letter as closing, which
 * Chinese, with no spaces between words, contradicts: a closing double quote that closes nothing
 * opens when a word follows it (`說"你好"`), or spaces stand on both sides of it (`" bonjour "`, as
 * French is often typed); a closing single one when Chinese, Japanese or Korean follows.
 */
function kindsOf(text: string): Map<number, Kind> {
  const kinds = new Map<number, Kind>();
  let doubles = 0;
  const singles: number[] = [];
  for (let at = 0; at < text.length; at++) {
    const [c, before, after] = [text[at], text[at - 1], text[at + 1]];
    if (c === standIns.open2 || (c === standIns.close2 && doubles === 0 && (isWordChar(after) || (isSpace(before) && isSpace(after))))) {
      doubles++;
      kinds.set(at, 'open2');
    } else if (c === standIns.close2) {
      doubles = Math.max(0, doubles - 1);
      kinds.set(at, 'close2');
    } else if (c === standIns.open1 || (c === standIns.close1 && singles.length === 0 && isCjk(after))) {
      singles.push(at);
      kinds.set(at, 'open1');
    } else if (c === standIns.close1 && singles.length > 0 && !(isWordChar(before) && isWordChar(after))) {
      singles.pop();
      kinds.set(at, 'close1');
    } else if (c === standIns.close1) kinds.set(at, 'apostrophe');
  }
  for (const at of singles) kinds.set(at, 'apostrophe');
  return kinds;
}

/**
 * One block's texts (a paragraph's, in order, across its emphasis and links) with the stand-ins as
 * the language's marks; in French, a narrow no-break space between a mark and what it quotes (in
 * place of a space typed there).
 */
export function placeQuotes(texts: readonly string[], quotes: Quotes): string[] {
  const kinds = kindsOf(texts.join(''));
  if (kinds.size === 0) return [...texts];
  const marks: Record<Kind, string> = { open2: quotes.open, close2: quotes.close, open1: quotes.innerOpen, close1: quotes.innerClose, apostrophe };
  let at = 0;
  return texts.map((text) => {
    let out = '';
    for (let i = 0; i < text.length; i++, at++) {
      const kind = kinds.get(at);
      if (!kind) out += text[i];
      else if (!quotes.spaced || kind === 'apostrophe') out += marks[kind];
      else if (kind === 'close2' || kind === 'close1') out = `${out.replace(/[ \u00a0]$/, '')}${narrowNoBreakSpace}${marks[kind]}`;
      else {
        out += `${marks[kind]}${narrowNoBreakSpace}`;
        if (/[ \u00a0]/.test(text[i + 1] ?? '')) {
          i++;
          at++;
        }
      }
    }
    return out;
  });
}
