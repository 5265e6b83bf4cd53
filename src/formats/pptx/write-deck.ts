import type Pptx from 'pptxgenjs';
import { directionOf, formatDate } from '../../locale.js';
import { closingTitle } from '../../slides/plan.js';
import type { RenderContext } from '../../render/context.js';
import { printedStamp } from '../../render/revision.js';
import type { Slide } from '../../slides/deck.js';
import { mergedPieces, notesText, piecesOf, type Para, type Piece, type Span } from './blocks.js';
import { cellPadding, columnWidths, leading, levelIndentEm, lineCount, paraScale, parasHeight, spaceAfterEm, tableHeight } from './measure.js';
import { headingShapeName } from '../../read-back/read-pptx.js';
import type { PptxTheme } from './theme.js';

/** The pptxgenjs class (its types describe the CommonJS build, whose `default` it is). */
export type PptxGenJS = typeof Pptx.default;
type Pres = InstanceType<PptxGenJS>;
type PptxSlide = ReturnType<Pres['addSlide']>;
type TextProps = Pptx.default.TextProps;

// Positions are slide pixels, as in the HTML deck (1280 x 720, 96 to the inch); type sizes go to points.
const W = 1280;
const H = 720;
const inch = (px: number) => px / 96;
const pt = (px: number) => Math.round(px * 0.75 * 10) / 10;
const box = (x: number, y: number, w: number, h: number) => ({ x: inch(x), y: inch(y), w: inch(w), h: inch(h) });

/** The slides.css frame: padding, the accent rule on top, the footer. */
const frame = { top: 70, side: 75, footRule: 657, footText: 665, footHeight: 30, bodyBottom: 633 };
/** Tables, and the key facts, are set smaller than the text around them (slides.css: 0.8em, the md size in a body of lg). */
const tableScale = 0.8;
/** Code's inset in its shaded box, px (the theme's `pre`: `var(--bp-space-2) var(--bp-space-3)`, in the deck's smaller type). */
const codePadding = { y: 9, x: 13 };
/** A browser's `<mark>` yellow: the theme has no colour of its own for it. */
const markYellow = 'FFFF00';
/** How much smaller a shrunk slide's blocks are set (slides.css `zoom` for bp-slide--shrink-N). */
const zoom = [1, 1, 0.85, 0.7, 0.55, 0.4];

export interface DeckOptions {
  context: RenderContext;
  theme: PptxTheme;
}

/** The deck being written, and what every text run of it shares: its language, direction and alignment. */
interface Writer {
  pres: Pres;
  /** The pictures placed, in order. */
  images: Array<Extract<Piece, { kind: 'image' }>>;
  theme: PptxTheme;
  lang: string;
  rtl: boolean;
  start: 'left' | 'right';
}

/**
 * A paragraph as pptxgenjs runs: paragraph options on each (pptxgenjs takes them from the first, and
 * starts a paragraph at a bullet), the bullet on the first, a paragraph break after the last.
 */
function runs(w: Writer, para: Para, fontPx: number, base: { color: string; bold?: boolean; italic?: boolean; fontFace?: string }, last: boolean, spaceAfterPx: number): TextProps[] {
  const { theme } = w;
  const size = fontPx * paraScale(para);
  const paraOptions = {
    align: para.align ?? w.start,
    rtlMode: w.rtl,
    paraSpaceAfter: pt(spaceAfterPx),
    lineSpacingMultiple: 1.0,
    ...(para.level > 0 || para.bullet ? { indentLevel: para.level } : {}),
  };
  const kindStyle =
    para.kind === 'heading' ? { bold: true, color: theme.color.accent }
    : para.kind === 'quote' ? { color: theme.color.muted }
    : para.kind === 'caption' ? { color: theme.color.muted, italic: true }
    : para.kind === 'code' ? { fontFace: theme.font.mono }
    : {};
  const spans: Span[] = para.spans.length > 0 ? para.spans : [{ text: '' }];
  return spans.map((span, i): TextProps => ({
    text: span.text,
    options: {
      ...paraOptions,
      ...(i === 0 && para.bullet
        ? { bullet: para.bullet.numbered ? { type: 'number', numberStartAt: para.bullet.start, indent: pt(levelIndentEm(para) * size) } : { indent: pt(levelIndentEm(para) * size) } }
        : {}),
      fontFace: theme.font.body,
      fontSize: pt(size),
      lang: w.lang,
      ...base,
      ...kindStyle,
      ...(span.bold ? { bold: true } : {}),
      ...(span.italic ? { italic: true } : {}),
      ...(span.code ? { fontFace: theme.font.mono } : {}),
      ...(span.strike ? { strike: 'sngStrike' as const } : {}),
      ...(span.mark ? { highlight: markYellow } : {}),
      ...(span.sup ? { superscript: true } : {}),
      ...(span.sub ? { subscript: true } : {}),
      ...(span.link ? { hyperlink: { url: span.link }, color: theme.color.link } : {}),
      ...(span.breakBefore && i > 0 ? { softBreakBefore: true } : {}),
      ...(i === spans.length - 1 && !last ? { breakLine: true } : {}),
    },
  }));
}

function textRuns(w: Writer, paras: readonly Para[], fontPx: number, base: { color: string; bold?: boolean; fontFace?: string }): TextProps[] {
  return paras.flatMap((p, i) => runs(w, p, fontPx, base, i === paras.length - 1, spaceAfterEm(p, paras[i + 1]) * fontPx));
}

const plain = (text: string): Para => ({ kind: 'text', spans: [{ text }], level: 0 });

/** A text box with no inset, so it stands where the HTML deck's text stands. */
function addText(w: Writer, slide: PptxSlide, paras: readonly Para[], fontPx: number, at: { x: number; y: number; w: number; h: number }, base: { color: string; bold?: boolean; fontFace?: string }, extra: Pptx.default.TextPropsOptions = {}) {
  slide.addText(textRuns(w, paras, fontPx, base), { ...box(at.x, at.y, at.w, at.h), margin: 0, valign: 'top', rtlMode: w.rtl, ...extra });
}

function pieceHeight(piece: Piece, width: number, fontPx: number, maxImage: number): number {
  if (piece.kind === 'text') return piece.own === 'code' ? parasHeight(piece.paras, width - 2 * codePadding.x, fontPx) + 2 * codePadding.y : parasHeight(piece.paras, width, fontPx);
  if (piece.kind === 'table') return tableHeight(piece, columnWidths(piece.rows, width, fontPx * tableScale, piece.facts), fontPx * tableScale);
  return imageBox(piece, width, maxImage).h;
}

function imageBox(image: Extract<Piece, { kind: 'image' }>, width: number, maxHeight: number) {
  const scale = Math.min(1, width / image.width, maxHeight / image.height);
  return { w: image.width * scale, h: image.height * scale };
}

/** The body's pieces stacked from `top`, in type small enough for all of them to fit above the footer. */
function addBody(w: Writer, slide: PptxSlide, pieces: readonly Piece[], top: number, fontPx: number) {
  const { theme } = w;
  const width = W - 2 * frame.side;
  const room = frame.bodyBottom - top;
  const gap = (size: number) => 0.7 * size;
  const total = (size: number) => pieces.reduce((h, p, i) => h + pieceHeight(p, width, size, 440 * (size / fontPx)) + (i > 0 ? gap(size) : 0), 0);
  let size = fontPx;
  while (size > fontPx * 0.3 && total(size) > room) size *= 0.92;
  let y = top;
  for (const [i, piece] of pieces.entries()) {
    if (i > 0) y += gap(size);
    const h = Math.min(pieceHeight(piece, width, size, 440 * (size / fontPx)), frame.bodyBottom - y);
    if (piece.kind === 'text') {
      // The last box reaches the footer: text a viewer sets wider than estimated has room to run on.
      const boxHeight = i === pieces.length - 1 ? Math.max(h, frame.bodyBottom - y) : h;
      const own =
        piece.own === 'heading' ? { objectName: headingShapeName }
        : piece.own === 'code' ? { fill: { color: theme.color.accentSoft }, margin: [codePadding.x, codePadding.x, codePadding.y, codePadding.y].map(pt) as [number, number, number, number] } // pptxgenjs: left, right, bottom, top
        : {};
      addText(w, slide, piece.paras, size, { x: frame.side, y, w: width, h: piece.own === 'code' ? h : boxHeight }, { color: theme.color.ink }, own);
    } else if (piece.kind === 'table') addTable(w, slide, piece, { x: frame.side, y, w: width }, size * tableScale);
    else {
      const img = imageBox(piece, width, Math.max(40, h));
      const x = w.rtl ? frame.side + width - img.w : frame.side;
      slide.addImage({ data: piece.data, ...box(x, y, img.w, img.h), altText: piece.alt });
      w.images.push(piece);
    }
    y += h;
  }
}

function addTable(w: Writer, slide: PptxSlide, table: Extract<Piece, { kind: 'table' }>, at: { x: number; y: number; w: number }, fontPx: number) {
  const { theme } = w;
  const widths = columnWidths(table.rows, at.w, fontPx, table.facts);
  const rule = { type: 'solid' as const, pt: 0.75, color: theme.color.rule };
  const none = { type: 'none' as const };
  // A right-to-left table reads from the right: its first column goes there.
  const order = <T,>(cells: T[]) => (w.rtl ? [...cells].reverse() : cells);
  const rows = table.rows.map((row, r) =>
    order(
      row.map((cell) => {
        const header = cell.header && !table.facts;
        const base = { color: table.facts && cell.header ? theme.color.accent : theme.color.ink, bold: cell.header };
        return {
          text: textRuns(w, cell.paras, fontPx, base),
          options: {
            ...(cell.colspan > 1 ? { colspan: cell.colspan } : {}),
            ...(cell.rowspan > 1 ? { rowspan: cell.rowspan } : {}),
            valign: 'top' as const,
            margin: [cellPadding.y, cellPadding.x, cellPadding.y, cellPadding.x].map(inch) as [number, number, number, number],
            ...(header ? { fill: { color: theme.color.accentSoft } } : {}),
            // Facts: a rule between facts; other tables: a rule under each row.
            border: table.facts ? [r === 0 ? none : rule, none, none, none] : [none, none, rule, none],
          },
        };
      }),
    ),
  );
  slide.addTable(rows as Pptx.default.TableRow[], { x: inch(at.x), y: inch(at.y), w: inch(at.w), colW: order(widths).map(inch), fontFace: theme.font.body, fontSize: pt(fontPx) });
}

function contentSlide(w: Writer, slide: Slide, context: RenderContext) {
  const { theme } = w;
  const pieces = mergedPieces(slide.items.flatMap((item) => piecesOf(item.node)));
  // A section that opens straight into its subsections is a divider: its title in the middle.
  const master = slide.eyebrow ? 'SUBSECTION' : pieces.length === 0 ? 'DIVIDER' : 'CONTENT';
  const s = w.pres.addSlide({ masterName: master });
  const width = W - 2 * frame.side;
  if (slide.eyebrow) {
    addText(w, s, [plain(slide.eyebrow)], theme.size.sm, { x: frame.side, y: frame.top, w: width, h: theme.size.sm * 1.5 }, { color: theme.color.muted, bold: true }, { charSpacing: 1 });
  }
  const titleSize = theme.size['2xl'];
  const title: Para = { kind: 'text', spans: [{ text: slide.title }], level: 0 };
  const heading = { lang: w.lang, rtlMode: w.rtl, align: w.start };
  const runsOfTitle: TextProps[] = [{ text: slide.title, options: { ...heading, fontFace: theme.font.heading, fontSize: pt(titleSize), bold: true, color: theme.color.accent } }];
  // "(cont.)" after a continuation's title, smaller, as the HTML deck shows it.
  if (slide.part > 0) runsOfTitle.push({ text: ` (${context.labels.continued})`, options: { ...heading, fontFace: theme.font.body, fontSize: pt(theme.size.lg), color: theme.color.muted } });
  s.addText(runsOfTitle, { placeholder: 'title', margin: 0, valign: master === 'DIVIDER' ? 'middle' : 'top', rtlMode: w.rtl, lineSpacingMultiple: 0.9 });
  const titleHeight = Math.min(2, lineCount(title, width, titleSize)) * titleSize * 1.15;
  const top = frame.top + (slide.eyebrow ? eyebrowHeight(theme) : 0) + titleHeight + theme.space[5]!;
  // A statement (a lonely line, see slides/fill.ts) is set large, as the HTML deck sets it.
  const base = slide.statement ? theme.size['2xl'] : slide.shrink > 0 ? theme.size.md : theme.size.lg;
  addBody(w, s, pieces, top, base * zoom[Math.min(slide.shrink, zoom.length - 1)]!);
  return s;
}

interface StackLine {
  paras: Para[];
  size: number;
  color: string;
  bold?: boolean;
  font?: string;
  /** The slide's title: its title placeholder. */
  title?: boolean;
  gapBefore: number;
}

/** Lines stacked in the middle of the slide, as the title and closing slides set them: each line's box. */
function stack(lines: readonly StackLine[]): Array<{ x: number; y: number; w: number; h: number }> {
  const side = 120;
  const width = W - 2 * side;
  const heights = lines.map((l) => parasHeight(l.paras, width, l.size) * (l.title ? 1.15 / leading : 1));
  const total = heights.reduce((a, b) => a + b, 0) + lines.reduce((a, l, i) => a + (i > 0 ? l.gapBefore : 0), 0);
  let y = Math.max(frame.top, (H - total) / 2);
  return lines.map((line, i) => {
    if (i > 0) y += line.gapBefore;
    const at = { x: side, y, w: width, h: heights[i]! };
    y += heights[i]!;
    return at;
  });
}

function stackedSlide(w: Writer, master: string, lines: readonly StackLine[]) {
  const s = w.pres.addSlide({ masterName: master });
  const boxes = stack(lines);
  lines.forEach((line, i) => {
    const base = { color: line.color, bold: line.bold, fontFace: line.font ?? w.theme.font.body };
    if (line.title) s.addText(textRuns(w, line.paras, line.size, base), { placeholder: 'title', margin: 0, valign: 'top', rtlMode: w.rtl, lineSpacingMultiple: 0.9 });
    else addText(w, s, line.paras, line.size, boxes[i]!, base);
  });
  return s;
}

/** "As of: 31 July 2016" and the author, in the given order, as far as the brief says them; null if neither. */
function dateline(context: RenderContext, authorFirst: boolean): string | null {
  const { meta, labels } = context;
  const asOf = meta.asOf ? `${labels.asOf}${labels.colon}${formatDate(meta.asOf, meta.lang)}` : null;
  const parts = (authorFirst ? [meta.author, asOf] : [asOf, meta.author]).filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' · ') : null;
}

function titleLines(w: Writer, context: RenderContext): StackLine[] {
  const { theme } = w;
  const { meta } = context;
  const ink = theme.color.accentInk;
  const date = dateline(context, false);
  return [
    ...(meta.organisation ? [{ paras: [plain(meta.organisation)], size: theme.size.sm, color: ink, bold: true, gapBefore: 0 }] : []),
    { paras: [plain(meta.title)], size: theme.size['2xl'], color: ink, bold: true, font: theme.font.heading, title: true, gapBefore: meta.organisation ? theme.space[4]! : 0 },
    ...(meta.subtitle ? [{ paras: [plain(meta.subtitle)], size: theme.size.xl, color: ink, gapBefore: theme.space[3]! }] : []),
    ...(date ? [{ paras: [plain(date)], size: theme.size.sm, color: ink, gapBefore: theme.space[6]! }] : []),
  ];
}

/** The closing slide as the HTML deck sets it: the brief's title above the summary's, the summary, who and when, the stamp. */
function closingLines(w: Writer, context: RenderContext): StackLine[] {
  const { theme } = w;
  const { meta, labels } = context;
  const date = dateline(context, true);
  return [
    { paras: [plain(meta.title)], size: theme.size.sm, color: theme.color.accent, bold: true, gapBefore: 0 },
    { paras: [plain(closingTitle(meta, labels))], size: theme.size.xl, color: theme.color.accent, bold: true, font: theme.font.heading, title: true, gapBefore: theme.space[3]! },
    ...(meta.summary ? [{ paras: [plain(meta.summary)], size: theme.size.md, color: theme.color.ink, gapBefore: theme.space[4]! }] : []),
    ...(date ? [{ paras: [plain(date)], size: theme.size.sm, color: theme.color.muted, gapBefore: theme.space[5]! }] : []),
    { paras: [plain(`${labels.revision} ${printedStamp(context.revision.stamp, meta.lang)}`)], size: theme.size.xs, color: theme.color.muted, gapBefore: theme.space[2]! },
  ];
}

/** Where a content slide's title stands: on top, under its section's name, or alone in the middle (a divider). */
function contentTitleBox(w: Writer, master: 'CONTENT' | 'SUBSECTION' | 'DIVIDER') {
  const width = W - 2 * frame.side;
  const titleHeight = 2 * w.theme.size['2xl'] * 1.15;
  if (master === 'DIVIDER') return box(frame.side, frame.top, width, frame.bodyBottom - frame.top);
  return box(frame.side, master === 'SUBSECTION' ? frame.top + eyebrowHeight(w.theme) : frame.top, width, titleHeight);
}

const eyebrowHeight = (theme: PptxTheme) => theme.size.sm * 1.5 + theme.space[2]!;

/**
 * The masters: the content frame (accent rule, footer with the brief's title and the slide number)
 * with its title in each of its places, the title slide and the closing slide. A slide's title is its
 * master's title placeholder, which stands where the master puts it.
 */
function defineMasters(w: Writer, context: RenderContext) {
  const { pres, theme } = w;
  const width = W - 2 * frame.side;
  const title = (at: ReturnType<typeof box>) => ({ placeholder: { options: { name: 'title', type: 'title' as const, ...at }, text: '' } });
  const numberWidth = 150;
  const footTitle = { x: w.rtl ? frame.side + numberWidth : frame.side, w: width - numberWidth };
  for (const master of ['CONTENT', 'SUBSECTION', 'DIVIDER'] as const) {
    pres.defineSlideMaster({
      title: master,
      background: { color: theme.color.paper },
      objects: [
        { rect: { ...box(0, 0, W, 10), fill: { color: theme.color.accent }, line: { type: 'none' } } },
        { line: { ...box(frame.side, frame.footRule, width, 0), line: { color: theme.color.rule, width: 0.75 } } },
        { text: { text: context.meta.title, options: { ...box(footTitle.x, frame.footText, footTitle.w, frame.footHeight), margin: 0, fontFace: theme.font.body, fontSize: pt(theme.size.xs), color: theme.color.muted, charSpacing: 0.5, align: w.start, rtlMode: w.rtl, lang: w.lang, fit: 'shrink' } } },
        title(contentTitleBox(w, master)),
      ],
      slideNumber: { ...box(w.rtl ? frame.side : W - frame.side - numberWidth, frame.footText, numberWidth, frame.footHeight), margin: 0, fontFace: theme.font.body, fontSize: pt(theme.size.xs), color: theme.color.muted, align: w.rtl ? 'left' : 'right' },
    });
  }
  const placed = (lines: StackLine[]) => {
    const at = stack(lines)[lines.findIndex((l) => l.title)]!;
    return box(at.x, at.y, at.w, at.h);
  };
  pres.defineSlideMaster({ title: 'TITLE', background: { color: theme.color.accent }, objects: [title(placed(titleLines(w, context)))] });
  pres.defineSlideMaster({ title: 'CLOSING', background: { color: theme.color.accentSoft }, objects: [title(placed(closingLines(w, context)))] });
}

/**
 * The fitted slides as a PowerPoint presentation: one slide per slide, text as text, tables as
 * tables, notes as notes; and the pictures it shows.
 */
export function writeDeck(PptxGenJSClass: PptxGenJS, slides: readonly Slide[], options: DeckOptions): { pres: Pres; images: Writer['images'] } {
  const { context, theme } = options;
  const pres = new PptxGenJSClass();
  pres.layout = 'LAYOUT_WIDE';
  pres.title = context.meta.title;
  if (context.meta.summary) pres.subject = context.meta.summary;
  if (context.meta.author) pres.author = context.meta.author;
  if (context.meta.organisation) pres.company = context.meta.organisation;
  const rtl = directionOf(context.meta.lang) === 'rtl';
  pres.rtlMode = rtl;
  pres.theme = { headFontFace: theme.font.heading, bodyFontFace: theme.font.body };
  const w: Writer = { pres, images: [], theme, lang: context.meta.lang, rtl, start: rtl ? 'right' : 'left' };
  defineMasters(w, context);
  for (const slide of slides) {
    const s =
      slide.kind === 'title' ? stackedSlide(w, 'TITLE', titleLines(w, context))
      : slide.kind === 'closing' ? stackedSlide(w, 'CLOSING', closingLines(w, context))
      : contentSlide(w, slide, context);
    const notes = notesText([...slide.notes, ...slide.items.flatMap((i) => i.notes)]);
    if (notes) s.addNotes(notes);
  }
  return { pres, images: w.images };
}
