import { directionOf, formatDate, upperCase, type Labels, type Lang } from '../../locale.js';
import { fullTitle, type BriefMeta } from '../../model.js';
import { escapeXml } from './xml.js';

export interface CoverInput {
  meta: BriefMeta;
  labels: Labels;
  /** The theme's resolved custom properties (colours and font stacks). */
  tokens: ReadonlyMap<string, string>;
}

/** The cover's own size, its viewBox. */
const coverSize = { width: 1200, height: 1800 } as const;
const { width, height } = coverSize;
const margin = 110;
const measure = width - 2 * margin;
const panelHeight = 1180;

/**
 * Advance widths in em, a little wider than Noto's so lines never overrun: SVG text does not wrap,
 * so the cover breaks lines itself without a browser to measure them.
 */
function emWidth(text: string): number {
  let em = 0;
  for (const ch of text) {
    if (ch === ' ') em += 0.28;
    else if (/[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\u3000-\u303f\uff00-\uffef]/u.test(ch)) em += 1;
    else if (/[iIİıl.,:;'’!|()]/.test(ch)) em += 0.36;
    else if (/[MWÇĞÖŞÜmw]/.test(ch)) em += 0.95;
    else if (/\p{Lu}/u.test(ch)) em += 0.76;
    else em += 0.58;
  }
  return em;
}

const segmenters = new Map<Lang, Intl.Segmenter>();

/**
 * Greedy line breaking between the language's words (Chinese has no spaces: ICU's dictionary finds
 * its words) for a given font size; a word longer than the measure gets a line of its own. A line
 * breaks after a space or a hyphen, or between two words with nothing between them (Chinese), never
 * before punctuation ("MID-YEAR" is "MID-" and "YEAR", not "MID" and "-YEAR").
 */
function wrap(text: string, size: number, lang: Lang): string[] {
  let segmenter = segmenters.get(lang);
  if (!segmenter) segmenters.set(lang, (segmenter = new Intl.Segmenter(lang, { granularity: 'word' })));
  const lines: string[] = [];
  let line = '';
  let previous: Intl.SegmentData | undefined;
  for (const current of segmenter.segment(text.replace(/\s+/g, ' ').trim())) {
    const { segment } = current;
    const breakable = previous !== undefined && (/[\s\p{Pd}]$/u.test(previous.segment) || (previous.isWordLike === true && current.isWordLike === true));
    if (breakable && line.trim() && emWidth((line + segment).trimEnd()) * size > measure) {
      lines.push(line.trimEnd());
      line = segment.trimStart();
    } else line += segment;
    previous = current;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/**
 * The largest size, from `max` down to `min`, at which the text fits the measure within `height`;
 * at `min`, lines past the height are cut with an ellipsis (the full text is in the book's metadata).
 */
function fit(text: string, lang: Lang, opts: { max: number; min: number; height: number; leading: number }) {
  for (let size = opts.max; ; size -= 4) {
    const lines = wrap(text, size, lang);
    const room = Math.max(1, Math.floor(opts.height / (size * opts.leading)));
    if (lines.length <= room && lines.every((l) => emWidth(l) * size <= measure)) return { size, lines };
    if (size - 4 < opts.min) return { size, lines: lines.length <= room ? lines : [...lines.slice(0, room - 1), `${lines[room - 1]} …`] };
  }
}

interface TextBlock {
  lines: string[];
  size: number;
  leading: number;
  /** Baseline of the first line. */
  y: number;
  font: string;
  weight: number;
  fill: string;
  spacing?: number;
}

/** A filled rectangle of the cover, in its own units. */
export interface CoverRect {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
}

/** One line of the cover's text, drawn from `x` on its baseline `y`, in its own units. */
export interface CoverLine {
  text: string;
  x: number;
  y: number;
  /** A CSS font stack. */
  font: string;
  weight: number;
  size: number;
  fill: string;
  /** Letter spacing; never in a right-to-left line, where it would tear joined scripts (Arabic) apart. */
  spacing: number;
  /** Set right to left, hanging from `x`, its right end. */
  rtl: boolean;
  /** A word too long for the measure even at the smallest size is squeezed to it rather than cut off. */
  squeezeTo: number | null;
}

/** The cover as shapes: what its SVG shows and its PNG is drawn from. */
export interface CoverDrawing {
  width: number;
  height: number;
  /** The full title, the SVG's <title>. */
  title: string;
  rects: CoverRect[];
  lines: CoverLine[];
}

function lines(block: TextBlock, rtl: boolean): CoverLine[] {
  return block.lines.map((text, i) => ({
    text,
    x: rtl ? width - margin : margin,
    y: Math.round(block.y + i * block.size * block.leading),
    font: block.font,
    weight: block.weight,
    size: block.size,
    fill: block.fill,
    spacing: rtl ? 0 : (block.spacing ?? 0),
    rtl,
    squeezeTo: emWidth(text) * block.size > measure ? measure : null,
  }));
}

/** The cover: the title block of the other outputs on the theme's accent colour. */
export function coverDrawing({ meta, labels, tokens }: CoverInput): CoverDrawing {
  const token = (name: string, fallback: string) => tokens.get(name) ?? fallback;
  const rtl = directionOf(meta.lang) === 'rtl';
  const accent = token('--bp-accent', '#0a4f9c');
  const onAccent = token('--bp-accent-ink', '#ffffff');
  const soft = token('--bp-accent-soft', '#eaf1fa');
  const serif = token('--bp-font-heading', 'serif');
  const sans = token('--bp-font-body', 'sans-serif');

  const eyebrow = meta.organisation ? fit(upperCase(meta.organisation, meta.lang), meta.lang, { max: 40, min: 28, height: 110, leading: 1.3 }) : { lines: [], size: 40 };
  const eyebrowY = 210;
  const titleY = eyebrowY + eyebrow.lines.length * eyebrow.size * 1.3 + 120;
  const subtitle = meta.subtitle ? fit(meta.subtitle, meta.lang, { max: 60, min: 40, height: 160, leading: 1.25 }) : undefined;
  const titleRoom = panelHeight - titleY - (subtitle ? subtitle.lines.length * subtitle.size * 1.25 + 60 : 0) - 80;
  const title = fit(upperCase(meta.title, meta.lang), meta.lang, { max: 120, min: 48, height: titleRoom, leading: 1.12 });
  const titleEnd = titleY + (title.lines.length - 1) * title.size * 1.12;

  const blocks: TextBlock[] = [
    { ...eyebrow, leading: 1.3, y: eyebrowY, font: sans, weight: 600, fill: soft, spacing: 4 },
    { ...title, leading: 1.12, y: titleY, font: serif, weight: 700, fill: onAccent },
    ...(subtitle ? [{ ...subtitle, leading: 1.25, y: titleEnd + 50 + subtitle.size, font: sans, weight: 400, fill: soft }] : []),
    ...(meta.asOf ? [{ lines: [`${labels.asOf}${labels.colon}${formatDate(meta.asOf, meta.lang)}`], size: 40, leading: 1, y: panelHeight + 170, font: sans, weight: 400, fill: token('--bp-muted', '#556072') }] : []),
    ...(meta.author ? [{ lines: wrap(meta.author, 44, meta.lang).slice(0, 2), size: 44, leading: 1.3, y: panelHeight + (meta.asOf ? 250 : 170), font: sans, weight: 600, fill: token('--bp-ink', '#17202e') }] : []),
  ];
  return {
    width,
    height,
    title: fullTitle(meta),
    rects: [
      { x: 0, y: 0, width, height, fill: token('--bp-paper', '#ffffff') },
      { x: 0, y: 0, width, height: panelHeight, fill: accent },
      { x: rtl ? width - margin - 160 : margin, y: panelHeight + 80, width: 160, height: 10, fill: accent },
    ],
    lines: blocks.flatMap((block) => lines(block, rtl)),
  };
}

function svgRect({ x, y, width: w, height: h, fill }: CoverRect): string {
  return `<rect${x ? ` x="${x}"` : ''}${y ? ` y="${y}"` : ''} width="${w}" height="${h}" fill="${escapeXml(fill)}"/>`;
}

function svgText(line: CoverLine): string {
  const anchor = line.rtl ? `x="${line.x}" direction="rtl"` : `x="${line.x}"`;
  const spacing = line.spacing ? ` letter-spacing="${line.spacing}"` : '';
  const squeeze = line.squeezeTo !== null ? ` textLength="${line.squeezeTo}" lengthAdjust="spacingAndGlyphs"` : '';
  return `<text ${anchor} y="${line.y}" font-family="${escapeXml(line.font)}" font-weight="${line.weight}" font-size="${line.size}" fill="${escapeXml(line.fill)}"${spacing}${squeeze}>${escapeXml(line.text)}</text>`;
}

/** The cover as SVG, escaped, in the fonts of the page that shows it. */
export function coverSvg(input: CoverInput): string {
  const drawing = coverDrawing(input);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${drawing.width} ${drawing.height}" width="100%" height="100%" preserveAspectRatio="xMidYMid meet">`,
    `<title>${escapeXml(drawing.title)}</title>`,
    ...drawing.rects.map(svgRect),
    ...drawing.lines.map(svgText),
    '</svg>',
  ].join('\n');
}
