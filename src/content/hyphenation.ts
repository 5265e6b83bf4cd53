import { createRequire } from 'node:module';

/** The soft hyphen: a break opportunity that shows a hyphen only where a line ends at it. */
export const softHyphen = '\u00ad';

/** Shorter words are never broken; at least two letters end a line and three start the next. */
const minWord = 6;
const minBefore = 2;
const minAfter = 3;

/** Adds soft hyphens to one word (letters only) where its language's patterns allow a break. */
export type Hyphenator = (word: string) => string;

type CreateHyphenator = (patterns: unknown, options: { html: boolean; hyphenChar: string; minWordLength: number }) => (text: string) => string;

// The `hyphen` package's patterns (TeX's, for Liang's algorithm) are CommonJS files of 10 kB to 750 kB
// each: loaded at run time, only for the languages a build meets, once per thread.
const load = createRequire(import.meta.url);
const hyphenators = new Map<string, Hyphenator>();

/** English spelled the British way, which English patterns of their own follow. */
const britishEnglish = new Set(['GB', 'AU', 'NZ', 'IE', 'ZA', 'IN']);

function parseTag(tag: string): Intl.Locale | null {
  try {
    return new Intl.Locale(tag);
  } catch {
    return null;
  }
}

function hasPatterns(name: string): boolean {
  try {
    load.resolve(`hyphen/patterns/${name}.js`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `hyphen` package's pattern set for a BCP 47 tag: its primary language's, with the regional and
 * orthographic ones where they differ (British English, German in the 1901 spelling, Serbian in Latin
 * letters); null for a language without patterns for its script (ar, zh, ja...: `hyphen/zh` is for
 * pinyin, not Chinese characters).
 */
export function patternsFor(tag: string): string | null {
  const locale = parseTag(tag);
  if (!locale) return null;
  const { language, region, script } = locale;
  const variants = tag.toLowerCase().split(/[-_]/).slice(1);
  switch (language) {
    case 'en':
      return region && britishEnglish.has(region) ? 'en-gb' : 'en-us';
    case 'de':
      if (!variants.includes('1901')) return 'de-1996';
      return region === 'CH' ? 'de-ch-1901' : 'de-1901';
    case 'el':
      return variants.includes('polyton') ? 'el-polyton' : 'el-monoton';
    case 'mn':
      return 'mn-cyrl';
    case 'sr':
      return script === 'Latn' ? 'sh-latn' : 'sr-cyrl';
    case 'zh':
      return null;
    default:
      return hasPatterns(language) ? language : null;
  }
}

/**
 * A hyphenator for the language of a BCP 47 tag, or null where there is none. Words are lower-cased by
 * the language's own rules before the patterns see them (Turkish `İ` is `i`, `I` is `ı`: the package
 * lower-cases by the machine's locale, which turns `İ` into two characters and shifts every break
 * after it). Words with a capital past their first letter (acronyms such as `IOM`, names such as
 * `McKinsey`) are left whole, as are words shorter than six letters.
 */
export function hyphenatorFor(tag: string): Hyphenator | null {
  const name = patternsFor(tag);
  if (!name) return null;
  if (!hyphenators.has(name)) hyphenators.set(name, makeHyphenator(name, parseTag(tag)!.language));
  return hyphenators.get(name)!;
}

/** A word with the soft hyphens of its lower-case form that leave enough letters on each side. */
function withBreaks(word: string, marked: string): string {
  let out = '';
  let at = 0;
  for (let i = 0; i < marked.length; i++) {
    if (marked[i] !== softHyphen) out += word[at++];
    else if (at >= minBefore && word.length - at >= minAfter) out += softHyphen;
  }
  return out;
}

function makeHyphenator(name: string, language: string): Hyphenator {
  const create = load('hyphen/hyphen.js') as CreateHyphenator;
  const mark = create(load(`hyphen/patterns/${name}.js`), { html: false, hyphenChar: softHyphen, minWordLength: minWord });
  // Words recur: each is hyphenated once (a brief has some thousands; the cap bounds a huge one's).
  const done = new Map<string, string>();
  return (word) => {
    if (word.length < minWord || /\p{Lu}/u.test(word.slice(1))) return word;
    let out = done.get(word);
    if (out !== undefined) return out;
    const lower = word.toLocaleLowerCase(language);
    // A letter that lowers to two (`İ` outside Turkish) would shift every break after it.
    out = lower.length === word.length ? withBreaks(word, mark(lower)) : word;
    if (done.size >= 100_000) done.clear();
    done.set(word, out);
    return out;
  };
}
