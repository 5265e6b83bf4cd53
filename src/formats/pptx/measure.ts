import type { Cell, Para, Piece } from './blocks.js';

/**
 * Estimates of how tall text sets, in slide pixels. PowerPoint lays text out when the file is opened,
 * with whatever font the machine has for the theme's: the deck was fitted in Chromium, and these
 * estimates, a little generous, only keep boxes from running into each other.
 */

// Han, kana, hangul and full-width forms are an em wide; other letters about half of one.
const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const narrowEm = 0.56;

/** Padding of a table cell, px: the deck's `var(--bp-space-2) var(--bp-space-3)`. */
export const cellPadding = { y: 12, x: 18 };
/** Line height as the deck sets body text (slides.css: 1.4). */
export const leading = 1.4;

export function textEm(text: string): number {
  let em = 0;
  for (const ch of text) em += wide.test(ch) ? 1 : narrowEm;
  return em;
}

/** Lines a paragraph takes in a box `width` px wide, its type `fontPx`: each line break starts a line; words wrap whole. */
export function lineCount(para: Para, width: number, fontPx: number): number {
  const segments: string[] = [''];
  for (const span of para.spans) {
    if (span.breakBefore) segments.push('');
    segments[segments.length - 1] += span.text;
  }
  // Lines end at word ends, not at the box's edge: a tenth lost to ragged ends.
  const perLine = Math.max(1, (width * 0.9) / fontPx);
  return segments.reduce((n, s) => n + Math.max(1, Math.ceil(textEm(s) / perLine)), 0);
}

/** How a paragraph is set, relative to the box's base size. */
export const paraScale = (para: Para): number => (para.kind === 'code' ? 0.75 : para.kind === 'caption' ? 0.85 : 1);

/** The inset of each list level, in ems: a number's room for three digits ("100."), as slides.css gives it. */
export const levelIndentEm = (para: Para): number => (para.bullet?.numbered ? 2.2 : 1.2);

/** The inset of a list item of `level`, in ems of the paragraph's type. */
export const listIndentEm = (para: Para): number => (para.bullet || para.level > 0 ? levelIndentEm(para) * (para.level + 1) : 0);

/** Space after a paragraph, in ems: less between items of one list. */
export function spaceAfterEm(para: Para, next: Para | undefined): number {
  if (!next) return 0;
  return (para.bullet || para.level > 0) && (next.bullet || next.level > 0) ? 0.25 : 0.7;
}

export function parasHeight(paras: readonly Para[], width: number, fontPx: number): number {
  return paras.reduce((h, p, i) => {
    const size = fontPx * paraScale(p);
    const inner = width - listIndentEm(p) * size;
    return h + lineCount(p, inner, size) * size * leading + spaceAfterEm(p, paras[i + 1]) * fontPx;
  }, 0);
}

/** Columns of a table: its widest row, cells spanning columns counted as many (rows spanned above it aside, a browser's estimate too). */
export const columnCount = (rows: readonly Cell[][]): number => Math.max(1, ...rows.map((r) => r.reduce((n, c) => n + c.colspan, 0)));

/**
 * Column widths of a table `width` px wide, as a browser's automatic table layout gives them: every
 * column at least as wide as its longest word, the rest shared by how much more each column's longest
 * text wants.
 */
export function columnWidths(rows: readonly Cell[][], width: number, fontPx: number, facts: boolean): number[] {
  const columns = columnCount(rows);
  if (facts && columns === 2) {
    const label = Math.min(width * 0.4, 11 * fontPx + 36);
    return [label, width - label];
  }
  const pad = 2 * cellPadding.x;
  // A cell spanning columns does not size any one of them.
  const text = (c: Cell | undefined) => (c && c.colspan === 1 ? c.paras.map((p) => p.spans.map((s) => s.text).join('')).join(' ') : '');
  // A word must not break: its width is taken generously (bold headers, a wider substitute font).
  const least = Array.from({ length: columns }, (_, i) => pad + 1.2 * fontPx * Math.max(1, ...rows.flatMap((r) => text(r[i]).split(/\s+/).map(textEm))));
  const most = Array.from({ length: columns }, (_, i) => Math.max(least[i]!, pad + fontPx * Math.max(...rows.map((r) => textEm(text(r[i]))))));
  const floor = least.reduce((a, b) => a + b, 0);
  if (floor >= width) return least.map((w) => (w * width) / floor);
  const wants = most.map((m, i) => m - least[i]!);
  const wanted = wants.reduce((a, b) => a + b, 0);
  const room = width - floor;
  // Room beyond what every column wants is shared evenly.
  return least.map((w, i) => w + (wanted > room ? (room * wants[i]!) / wanted : wants[i]! + (room - wanted) / columns));
}


export function tableHeight(table: Extract<Piece, { kind: 'table' }>, widths: readonly number[], fontPx: number): number {
  return table.rows.reduce((h, row) => h + Math.max(...row.map((cell, i) => parasHeight(cell.paras, (widths[i] ?? 100) * cell.colspan - 2 * cellPadding.x, fontPx))) + 2 * cellPadding.y, 0);
}
