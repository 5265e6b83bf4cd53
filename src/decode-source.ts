import { BriefpackError, type Diagnostic } from './errors.js';

/** A source file's text, ready to parse, and what was removed from it on the way. */
export interface DecodedSource {
  text: string;
  warnings: Diagnostic[];
}

/**
 * Decodes a brief's (or pack.yaml's) bytes strictly. `shown` is the path as messages show it.
 * UTF-8 (with or without a BOM) and UTF-16 with a BOM are accepted; anything else is an error that says
 * where the first bad byte is and which legacy encoding the file seems to be in, because a lenient decoder
 * would quietly print U+FFFD in place of every Turkish letter.
 */
export function decodeSource(bytes: Uint8Array, shown: string): DecodedSource {
  return removeControlCharacters(decodeText(bytes, shown), shown);
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

function decodeText(bytes: Uint8Array, shown: string): string {
  if (startsWith(bytes, UTF8_BOM)) return decodeUtf8(bytes.subarray(UTF8_BOM.length), shown);
  if (startsWith(bytes, UTF16LE_BOM)) return decodeUtf16(bytes.subarray(2), 'utf-16le', shown);
  if (startsWith(bytes, UTF16BE_BOM)) return decodeUtf16(bytes.subarray(2), 'utf-16be', shown);
  const unmarked = unmarkedUtf16(bytes);
  if (unmarked) {
    throw new BriefpackError('CONTENT', `the file looks like UTF-16 (${unmarked}) without a byte order mark: save it as UTF-8`, { file: shown });
  }
  return decodeUtf8(bytes, shown);
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

// ---------------------------------------------------------------------------------------------------------
// UTF-16

/** How much of the file the UTF-16 sniffing looks at: enough for front matter, cheap on a 5 MB file. */
const UTF16_SNIFF_BYTES = 4096;

/**
 * 'little-endian' or 'big-endian' when the bytes look like UTF-16 without a BOM, else undefined. UTF-16 text
 * that is mostly ASCII (front matter always is) has a NUL in the same half of nearly every 2-byte unit;
 * UTF-8 text has NULs only by accident. So: at least 4 NULs and a quarter of the units with a NUL on one side,
 * and under a tenth as many on the other (CJK characters such as U+4E00 put a few there).
 */
function unmarkedUtf16(bytes: Uint8Array): 'little-endian' | 'big-endian' | undefined {
  const units = Math.floor(Math.min(bytes.length, UTF16_SNIFF_BYTES) / 2);
  let nulFirst = 0, nulSecond = 0;
  for (let i = 0; i < units; i++) {
    if (bytes[2 * i] === 0) nulFirst++;
    if (bytes[2 * i + 1] === 0) nulSecond++;
  }
  const lopsided = (many: number, few: number) => many >= 4 && many >= units / 4 && few * 10 < many;
  if (lopsided(nulSecond, nulFirst)) return 'little-endian'; // 'A' is 41 00: the NUL comes second
  if (lopsided(nulFirst, nulSecond)) return 'big-endian';
  return undefined;
}

function decodeUtf16(bytes: Uint8Array, label: 'utf-16le' | 'utf-16be', shown: string): string {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf16Unit(bytes, label === 'utf-16le');
    const before = new TextDecoder(label, { ignoreBOM: true }).decode(bytes.subarray(0, at));
    const { line, column } = placeAt(before, before.length);
    const what = at + 1 >= bytes.length && bytes.length % 2 === 1
      ? `the UTF-16 text ends in half a character at line ${line}`
      : `an unpaired UTF-16 surrogate at line ${line} is not a character`;
    throw new BriefpackError('CONTENT', `${what}: save the file as UTF-8`, { file: shown, line, column });
  }
}

/** Byte offset of the first unit that is no character: an unpaired surrogate, or a last lone byte. */
function firstInvalidUtf16Unit(bytes: Uint8Array, littleEndian: boolean): number {
  const unitAt = (i: number) => (littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
  const isHigh = (u: number) => u >= 0xd800 && u <= 0xdbff;
  const isLow = (u: number) => u >= 0xdc00 && u <= 0xdfff;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const unit = unitAt(i);
    if (isLow(unit)) return i;
    if (isHigh(unit)) {
      if (i + 3 >= bytes.length || !isLow(unitAt(i + 2))) return i;
      i += 2;
    }
  }
  return bytes.length - 1; // the fatal decoder failed, so what is left is the odd last byte
}

// ---------------------------------------------------------------------------------------------------------
// UTF-8

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array, shown: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw notUtf8Error(bytes, firstInvalidUtf8Byte(bytes), shown);
  }
}

function notUtf8Error(bytes: Uint8Array, at: number, shown: string): BriefpackError {
  const before = strictUtf8.decode(bytes.subarray(0, at)); // valid: `at` is the first bad byte
  const { line, column } = placeAt(before, before.length);
  const byte = `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
  const guess = guessLegacyEncoding(bytes, at);
  const message = guess
    ? `byte ${byte} at line ${line} is not UTF-8; the file looks like ${guess}: save it as UTF-8`
    : `byte ${byte} at line ${line} is not UTF-8: save the file as UTF-8`;
  return new BriefpackError('CONTENT', message, { file: shown, line, column });
}

/**
 * Offset of the byte where the first invalid UTF-8 sequence starts (the lead byte, which is the character a
 * user sees as wrong), or -1. Follows the WHATWG decoder: the narrower second-byte ranges after E0, ED, F0
 * and F4 reject overlong forms, surrogates and code points past U+10FFFF.
 */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) { i++; continue; }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const b = bytes[i + k];
      const low = k > 1 ? 0x80 : lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = k > 1 ? 0xbf : lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      if (b === undefined || b < low || b > high) return i;
    }
    i += length;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------
// Guessing the legacy encoding of a file that is not UTF-8

interface LegacyEncoding {
  /** The TextDecoder label. */
  label: string;
  /** The names users know it by. */
  name: string;
  /** Letters text in it is full of, and that reading other encodings' bytes with it rarely gives. */
  letters: RegExp;
  /** The share of the reading's non-ASCII characters those letters must reach. */
  minShare: number;
}

/**
 * Tried in order; the first whose reading has enough of its letters wins. Kana are Japanese only; Chinese
 * bytes read as Shift_JIS give half-width katakana, which are not counted. GBK reads Big5 bytes as Han
 * characters too, so it names both. Arabic and Cyrillic count their most frequent letters (Cyrillic in
 * lowercase, because KOI8-R and windows-1251 put the same letters in opposite cases), since KOI8-R text read
 * as windows-1256 is all Arabic letters, but rare ones. Turkish comes last and needs only one letter:
 * a Western European file has ğ ş ı İ Ğ Ş as ð þ ý Ý Ð Þ, which only Icelandic uses.
 */
const LEGACY_ENCODINGS: LegacyEncoding[] = [
  { label: 'shift_jis', name: 'Shift_JIS (Japanese)', letters: /[\u3041-\u30ff]/gu, minShare: 0.3 },
  { label: 'gbk', name: 'GBK or Big5 (Chinese)', letters: /\p{Script=Han}/gu, minShare: 0.3 },
  { label: 'windows-1256', name: 'windows-1256 (Arabic)', letters: /[اليمونهربتع]/gu, minShare: 0.3 },
  { label: 'windows-1251', name: 'windows-1251 (Cyrillic)', letters: /[оеаинтсрвлкі]/gu, minShare: 0.3 },
  { label: 'koi8-r', name: 'KOI8-R (Cyrillic)', letters: /[оеаинтсрвлк]/gu, minShare: 0.3 },
  { label: 'windows-1254', name: 'windows-1254 (Turkish, also ISO-8859-9)', letters: /[ğĞşŞıİ]/gu, minShare: 0 },
];
const WESTERN = 'windows-1252 (Western European, also ISO-8859-1)';

/** Enough text to judge by; more only costs time on a large file. */
const GUESS_SAMPLE_BYTES = 64 * 1024;

/**
 * The name of the legacy encoding the bytes from the bad byte's line on look most like, or undefined when
 * guessing fails (say, a Node without full ICU): the plain message is then enough.
 *
 * Heuristic: read the sample with each candidate; a reading with bytes the candidate cannot decode is out.
 * Score a reading by the share of its non-ASCII characters that are the candidate's letters, counted only
 * in plausible words of two or more letters (French 'à' read as windows-1251 is the one-letter 'а').
 * With no candidate, the file is most likely Western European.
 */
function guessLegacyEncoding(bytes: Uint8Array, firstInvalid: number): string | undefined {
  try {
    const sample = sampleFrom(bytes, bytes.lastIndexOf(0x0a, firstInvalid) + 1);
    const found = LEGACY_ENCODINGS.find(({ label, letters, minShare }) => {
      const score = letterShare(readAs(sample, label), letters);
      return score > 0 && score >= minShare;
    });
    return found?.name ?? WESTERN;
  } catch {
    return undefined;
  }
}

/** The sample read in `label`, or '' if it has bytes that encoding cannot decode. */
function readAs(sample: Uint8Array, label: string): string {
  const decoder = new TextDecoder(label, { fatal: true }); // outside the try: an unknown label is a failure to guess
  try {
    return decoder.decode(sample);
  } catch {
    return '';
  }
}

/** Up to GUESS_SAMPLE_BYTES from `start`, cut after a LF so no double-byte character is split (LF is never a second byte). */
function sampleFrom(bytes: Uint8Array, start: number): Uint8Array {
  const end = start + GUESS_SAMPLE_BYTES;
  if (end >= bytes.length) return bytes.subarray(start);
  const lastLf = bytes.lastIndexOf(0x0a, end - 1);
  return bytes.subarray(start, lastLf > start ? lastLf + 1 : end);
}

function letterShare(text: string, letters: RegExp): number {
  const nonAscii = text.match(/[^\x00-\x7f]/gu)?.length ?? 0;
  if (nonAscii === 0) return 0;
  let counted = 0;
  for (const word of text.match(/\p{L}{2,}/gu) ?? []) {
    if (isPlausibleWord(word)) counted += word.match(letters)?.length ?? 0;
  }
  return counted / nonAscii;
}

/**
 * Whether a word of a reading can be real text: not a mix of Latin and another script (Turkish 'ağaç' read as
 * windows-1251 is 'aрaз'), nor Latin without an ASCII letter (Cyrillic capitals read as windows-1254: 'ĞÎÑ').
 */
const isPlausibleWord = (word: string) => !/\p{Script=Latin}/u.test(word) || (!/\P{Script=Latin}/u.test(word) && /[a-z]/i.test(word));

// ---------------------------------------------------------------------------------------------------------
// Control characters

/**
 * C0 controls but TAB, LF and CR; DEL; C1 controls. Form feed and vertical tab go too: Markdown gives them no
 * meaning, and the EPUB is XHTML, where XML 1.0 forbids every C0 control but TAB, LF and CR.
 */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

/** The text without control characters, and one warning for all of them, at the first one's place. */
function removeControlCharacters(text: string, shown: string): DecodedSource {
  const first = text.search(CONTROL); // the fast path: one scan, no copy, when the text is clean
  if (first < 0) return { text, warnings: [] };
  let count = 0;
  const cleaned = text.replace(CONTROLS, () => { count++; return ''; });
  const { line, column } = placeAt(text, first);
  const code = `U+${text.charCodeAt(first).toString(16).toUpperCase().padStart(4, '0')}`;
  const message = count === 1
    ? `1 control character (${code} at ${line}:${column}) removed`
    : `${count} control characters (first ${code} at ${line}:${column}) removed`;
  const warning: Diagnostic = { severity: 'warning', message, place: { file: shown, line, column }, rule: 'briefpack:control-character' };
  return { text: cleaned, warnings: [warning] };
}

// ---------------------------------------------------------------------------------------------------------

/**
 * 1-based line and column of `text[index]`. Lines end at LF, CRLF or a lone CR, as in CommonMark; columns
 * count code points, so an emoji is one column as in most editors.
 */
function placeAt(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { line, column: [...before.slice(lineStart)].length + 1 };
}
