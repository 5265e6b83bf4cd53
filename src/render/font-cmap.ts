import { brotliDecompressSync, constants } from 'node:zlib';

/** Inclusive code point ranges, sorted and disjoint. */
export type CodeRanges = ReadonlyArray<readonly [number, number]>;

// WOFF2's table tags by the index its directory gives them (the spec's "known table tags"); cmap is 0.
const cmapIndex = 0;
const glyfIndex = 10;
const locaIndex = 11;

/**
 * The code points a WOFF2 font maps to a glyph, read from its cmap table. fontsource's unicode-range
 * says which characters a face is meant for, not which it has (Noto Sans's latin face claims U+2000-206F
 * and has a dozen of them; Noto Sans Arabic's symbols face claims the emoji and has two dots), and a
 * browser falls back past a face that lacks a glyph, in the end to a system font. Only the cmap says
 * which glyphs a brief will really get. Node's own Brotli reads the table: no font library is loaded.
 */
export function woff2CodePoints(data: Uint8Array): CodeRanges {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (view.getUint32(0) !== 0x774f4632) throw new Error('not a WOFF2 font');
  const numTables = view.getUint16(12);
  const compressedLength = view.getUint32(20);
  let at = 48;
  const base128 = () => {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const byte = data[at++]!;
      value = value * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) return value;
    }
    throw new Error('bad UIntBase128 in a WOFF2 table directory');
  };
  // Tables follow each other in the decompressed stream, in directory order, at their stored lengths.
  let offset = 0;
  let cmap: { offset: number; length: number } | undefined;
  for (let i = 0; i < numTables; i++) {
    const flags = data[at++]!;
    const index = flags & 0x3f;
    if (index === 63) at += 4;
    const version = flags >> 6;
    const length = base128();
    // glyf and loca are transformed unless their version is 3; every other table only when it is not 0.
    const transformed = index === glyfIndex || index === locaIndex ? version !== 3 : version !== 0;
    const stored = transformed ? base128() : length;
    if (index === cmapIndex) cmap = { offset, length };
    offset += stored;
  }
  if (!cmap) return [];
  if (view.getUint32(4) === 0x74746366) throw new Error('WOFF2 font collections are not read');
  // The cmap comes early in the stream (after GDEF, GPOS, GSUB, OS/2: tags sort capitals first), the
  // glyphs last: a share of the input a little larger than the cmap's end gives it in a quarter of
  // the time; else the whole.
  const end = cmap.offset + cmap.length;
  const compressed = data.subarray(at, at + compressedLength);
  const head = brotliDecompressSync(compressed.subarray(0, Math.ceil((compressedLength * end * 1.5) / offset) + 2048), { finishFlush: constants.BROTLI_OPERATION_FLUSH });
  const tables = head.byteLength >= end ? head : brotliDecompressSync(compressed);
  return cmapCodePoints(new DataView(tables.buffer, tables.byteOffset + cmap.offset, cmap.length));
}

/** The code points an sfnt cmap table maps to a glyph other than .notdef, from its Unicode subtables. */
export function cmapCodePoints(cmap: DataView): CodeRanges {
  const ranges: Array<[number, number]> = [];
  const add = (from: number, to: number) => ranges.push([from, to]);
  const subtables = cmap.getUint16(2);
  const read = new Set<number>();
  for (let i = 0; i < subtables; i++) {
    const platform = cmap.getUint16(4 + i * 8);
    const encoding = cmap.getUint16(6 + i * 8);
    const at = cmap.getUint32(8 + i * 8);
    // Unicode (0) and Windows Unicode BMP (3, 1) or full repertoire (3, 10).
    if (!(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))) || read.has(at)) continue;
    read.add(at);
    const format = cmap.getUint16(at);
    if (format === 4) format4(cmap, at, add);
    else if (format === 12) format12(cmap, at, add);
  }
  return mergeRanges(ranges);
}

function format4(cmap: DataView, at: number, add: (from: number, to: number) => void): void {
  const segments = cmap.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = cmap.getUint16(ends + s * 2);
    const start = cmap.getUint16(starts + s * 2);
    const delta = cmap.getUint16(deltas + s * 2);
    const rangeOffset = cmap.getUint16(rangeOffsets + s * 2);
    if (start === 0xffff) continue;
    if (rangeOffset === 0) {
      // Every code point of the segment maps to itself plus delta: .notdef for one at most.
      const notdef = (0x10000 - delta) & 0xffff;
      if (notdef < start || notdef > end) add(start, end);
      else {
        if (notdef > start) add(start, notdef - 1);
        if (notdef < end) add(notdef + 1, end);
      }
      continue;
    }
    for (let c = start; c <= end; c++) {
      if (glyphAt(cmap, rangeOffsets + s * 2 + rangeOffset + (c - start) * 2, delta) !== 0) add(c, c);
    }
  }
}

const glyphAt = (cmap: DataView, at: number, delta: number) => {
  const glyph = cmap.getUint16(at);
  return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
};

function format12(cmap: DataView, at: number, add: (from: number, to: number) => void): void {
  const groups = cmap.getUint32(at + 12);
  for (let g = 0; g < groups; g++) {
    const from = cmap.getUint32(at + 16 + g * 12);
    const to = cmap.getUint32(at + 20 + g * 12);
    const glyph = cmap.getUint32(at + 24 + g * 12);
    // A group starting at glyph 0 maps its first code point to .notdef.
    if (glyph === 0) {
      if (from < to) add(from + 1, to);
    } else add(from, to);
  }
}

/** Ranges sorted, overlapping and adjacent ones joined. */
export function mergeRanges(ranges: Iterable<readonly [number, number]>): CodeRanges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** The ranges both hold. */
export function intersectRanges(a: CodeRanges, b: CodeRanges): CodeRanges {
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = Math.max(a[i]![0], b[j]![0]);
    const to = Math.min(a[i]![1], b[j]![1]);
    if (from <= to) out.push([from, to]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

/** Whether sorted, disjoint ranges hold a code point: a binary search. */
export function inRanges(ranges: CodeRanges, point: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [from, to] = ranges[mid]!;
    if (point < from) high = mid - 1;
    else if (point > to) low = mid + 1;
    else return true;
  }
  return false;
}

/** The ranges as the inside of a regexp character class, for the `u` flag: `\\u{20}-\\u{7e}...`. */
export const rangesClass = (ranges: CodeRanges): string => ranges.map(([from, to]) => `\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`).join('');
