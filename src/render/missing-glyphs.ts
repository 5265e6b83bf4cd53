import type { Diagnostic } from '../errors.js';

export const missingGlyphRule = 'briefpack:missing-glyph';

/** `U+16A0 ᚠ`: how a message names a character. */
export const describeChar = (point: number): string => `U+${point.toString(16).toUpperCase().padStart(4, '0')} ${String.fromCodePoint(point)}`;

/**
 * Warnings for the characters no bundled font has, each at its first place in the source: one
 * warning per line, so that a passage in an unsupported script is one message, not one per letter.
 * A character only the templates print (a label, a date) is reported on the file; one only an
 * upper-casing makes is left to the character it came from.
 */
export function missingGlyphWarnings(missing: readonly number[], source: string, shown: string, printed: string): Diagnostic[] {
  const lineStarts = [0, ...[...source.matchAll(/\n/g)].map((m) => m.index + 1)];
  const byLine = new Map<number, { column: number; points: number[] }>();
  const unplaced: number[] = [];
  for (const point of missing) {
    const at = source.indexOf(String.fromCodePoint(point));
    if (at < 0) {
      if (printed.includes(String.fromCodePoint(point))) unplaced.push(point);
      continue;
    }
    const line = lineStarts.findLastIndex((start) => start <= at) + 1;
    const column = at - lineStarts[line - 1]! + 1;
    const entry = byLine.get(line);
    if (!entry) byLine.set(line, { column, points: [point] });
    else {
      entry.column = Math.min(entry.column, column);
      entry.points.push(point);
    }
  }
  const warning = (points: number[], line?: number, column?: number): Diagnostic => ({
    severity: 'warning',
    message: `no bundled font has ${points.map(describeChar).join(', ')}: ${points.length > 1 ? 'they' : 'it'} would be drawn in a system font or as a box; add an @fontsource font that has ${points.length > 1 ? 'them' : 'it'} to the config's fonts`,
    place: line ? { file: shown, line, column } : { file: shown },
    rule: missingGlyphRule,
  });
  return [
    ...[...byLine].sort(([a], [b]) => a - b).map(([line, { column, points }]) => warning(points, line, column)),
    ...(unplaced.length > 0 ? [warning(unplaced)] : []),
  ];
}
