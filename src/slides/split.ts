import type { Element } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import type { Lang } from '../model.js';
import { maxShrink, type Slide, type SlideItem } from './deck.js';
import { sentenceEnds, sliceText } from './sentences.js';

/** Where something the browser measured starts and ends, in CSS px from the top of its slide's content box. */
export interface Extent {
  top: number;
  bottom: number;
}

/** One block of a slide's content box as measured. */
export interface BlockMeasure extends Extent {
  /** The parts it can be split into (list items, fact groups, table body rows, children of a box, lines of code); null if it cannot be. */
  parts: Extent[] | null;
  /** Wider than the box: no split helps, only smaller type. */
  wide: boolean;
}

export interface SlideMeasure {
  /** The content box's height. */
  height: number;
  /** Its content is taller or wider than the box (the frame's too: a very long title). */
  overflows: boolean;
  blocks: BlockMeasure[];
}

/** A slide that still overflows in the smallest type, and the block to blame (none: the title). */
export interface Unfit {
  slide: Slide;
  item: SlideItem | null;
}

export interface SplitResult {
  slides: Slide[];
  /** Whether anything changed, so the deck must be measured again. */
  changed: boolean;
  unfit: Unfit[];
}

const elements = (node: Element) => node.children.filter((c): c is Element => c.type === 'element');

/** Boxes whose children are blocks a slide may be split between. */
export const splittableBoxes = ['div', 'section', 'aside', 'blockquote', 'figure'];

/**
 * Splits a splittable block after its first `count` parts: a list, fact list or box between its
 * children (an ordered list's tail numbered on), a table between body rows (its head repeats), code
 * between lines.
 */
export function splitBlock(node: Element, count: number): [Element, Element] {
  if (node.tagName === 'table') {
    const body = elements(node).find((c) => c.tagName === 'tbody')!;
    const rows = elements(body);
    const withRows = (keep: Element[]): Element => ({
      ...node,
      children: node.children.map((c) => (c === body ? { ...body, children: keep } : c)),
    });
    return [withRows(rows.slice(0, count)), withRows(rows.slice(count))];
  }
  if (node.tagName === 'pre') {
    const text = toString(node);
    let at = -1;
    for (let i = 0; i < count; i++) at = text.indexOf('\n', at + 1);
    return [sliceText(node, 0, at), sliceText(node, at + 1)];
  }
  const parts = elements(node);
  const head: Element = { ...node, children: parts.slice(0, count) };
  const tail: Element = { ...node, properties: { ...node.properties }, children: parts.slice(count) };
  if (node.tagName === 'ol') tail.properties.start = (Number(node.properties.start) || 1) + count;
  return [head, tail];
}

/**
 * A paragraph in two, at the sentence end nearest its middle, or for one long sentence at the word
 * break nearest it; null for a single word.
 */
export function splitParagraph(node: Element, lang: Lang): [Element, Element] | null {
  if (node.tagName !== 'p') return null;
  const text = toString(node);
  const middleOf = (ends: number[]) => ends.reduce((best, end) => (Math.abs(end - text.length / 2) < Math.abs(best - text.length / 2) ? end : best));
  let ends = sentenceEnds(text, lang).filter((end) => text.slice(end).trim());
  if (ends.length === 0) ends = [...text.matchAll(/\S(?=\s+\S)/gu)].map((m) => m.index + 1);
  if (ends.length === 0) return null;
  const middle = middleOf(ends);
  const next = middle + (text.slice(middle).length - text.slice(middle).trimStart().length);
  return [sliceText(node, 0, middle), sliceText(node, next)];
}

const isHeading = (item: SlideItem) => headingRank(item.node) !== undefined;
const continuation = (slide: Slide, items: SlideItem[], nth = 1): Slide => ({
  ...slide,
  part: slide.part + nth,
  line: items[0]?.line ?? slide.line,
  items,
  notes: [],
});

export interface SplitOptions {
  /** For sentence ends. */
  lang: Lang;
  /** CSS px a block may pass the box's end by (rounding). */
  tolerance?: number;
}

/** A page being filled, and where in the measured slide its content starts. */
interface Page {
  items: SlideItem[];
  origin: number;
  /** Holds a block too tall for any slide: it needs smaller type. */
  shrink: boolean;
}

/**
 * An overflowing slide's blocks laid out over as many slides as they need, by the measured extents:
 * each slide takes the blocks that fit, a list, table, box or code block is split between parts
 * where that keeps more on the slide, a heading goes with what follows it, and a block too tall for a
 * slide of its own gets a slide of its own and smaller type. Estimates (a continuation has the same
 * box); the next measuring corrects them.
 */
function paginate(slide: Slide, m: SlideMeasure, limit: number): Page[] {
  const pages: Page[] = [{ items: [], origin: 0, shrink: false }];
  const newPage = (origin: number, items: SlideItem[] = []) => void pages.push({ items, origin, shrink: false });
  slide.items.forEach((first, i) => {
    let item = first;
    let block = m.blocks[i]!;
    for (;;) {
      const page = pages.at(-1)!;
      if (block.bottom - page.origin <= limit) return void page.items.push(item);
      const parts = block.parts;
      if (parts) {
        // A part fits with what the block has after its last part (padding, a border) below it.
        const after = block.bottom - parts.at(-1)!.bottom;
        const before = parts[0]!.top - block.top;
        let fitting = Math.min(parts.filter((p) => p.bottom + after - page.origin <= limit).length, parts.length - 1);
        // A block opening its slide keeps at least one part: the rest moves on.
        if (fitting === 0 && page.items.length === 0) fitting = 1;
        if (fitting > 0 && fitting < parts.length) {
          const [head, tail] = splitBlock(item.node, fitting);
          page.items.push({ ...item, node: head, notes: [] });
          // The rest starts a slide as the block did: with what it has before its first part.
          const top = parts[fitting]!.top - before;
          newPage(top);
          item = { ...item, node: tail };
          block = { top, bottom: block.bottom, parts: parts.slice(fitting), wide: block.wide };
          continue;
        }
      }
      if (page.items.length > 0) {
        // A heading goes with what it introduces.
        const moved: SlideItem[] = [];
        while (page.items.length > 1 && isHeading(page.items.at(-1)!)) moved.unshift(page.items.pop()!);
        const origin = moved.length > 0 ? m.blocks[slide.items.indexOf(moved[0]!)]?.top ?? block.top : block.top;
        newPage(origin, moved);
        continue;
      }
      page.items.push(item);
      page.shrink = true;
      return newPage(block.bottom);
    }
  });
  return pages.filter((p) => p.items.length > 0);
}

/**
 * `paginate`'s pages, evened out: as many, each filled to about the same depth, rather than full
 * slides and a last one holding a line or a row. Where evening out would need more slides or smaller
 * type, the full pages stand.
 */
function balancedPages(slide: Slide, m: SlideMeasure, limit: number): Page[] {
  const pages = paginate(slide, m, limit);
  if (pages.length < 2) return pages;
  const depth = Math.max(...m.blocks.map((b) => b.bottom));
  // A tenth of the box spare: parts and blocks seldom break at the even depth itself.
  const even = paginate(slide, m, Math.min(limit, depth / pages.length + limit / 10));
  const shrinks = (ps: Page[]) => ps.filter((p) => p.shrink).length;
  return even.length === pages.length && shrinks(even) <= shrinks(pages) ? even : pages;
}

/**
 * One round of fitting, pure. A slide with a block too wide gets smaller type first. An overflowing
 * slide is laid out over as many slides as the measures say it needs (see `paginate`). A slide of one
 * block that does not fit tries, in turn: smaller type; a split between sentences (or words) for a
 * paragraph, between parts for a list, table, box or code; then smaller type again, down to the
 * smallest. What overflows even then (a picture too big, a title too long) is reported: nothing is
 * ever cut.
 */
export function splitOverflowing(slides: readonly Slide[], measures: readonly SlideMeasure[], { lang, tolerance = 1 }: SplitOptions): SplitResult {
  const out: Slide[] = [];
  const unfit: Unfit[] = [];
  let changed = false;
  slides.forEach((slide, i) => {
    const m = measures[i]!;
    if (!m.overflows) return void out.push(slide);
    // No split makes a block narrower, only smaller type: that first, then the layout at that size.
    if (wide(m) && slide.shrink < maxShrink) {
      changed = true;
      return void out.push({ ...slide, shrink: slide.shrink + 1 });
    }
    const pages = m.blocks.length === slide.items.length ? balancedPages(slide, m, m.height + tolerance) : [];
    if (pages.length > 1) {
      changed = true;
      // Each slide keeps the type size it was measured in; a block alone and too tall gets smaller type.
      pages.forEach((page, n) => {
        const base = n === 0 ? { ...slide, items: page.items } : continuation(slide, page.items, n);
        out.push({ ...base, shrink: page.shrink ? Math.max(slide.shrink, 1) : slide.shrink });
      });
      return;
    }
    const item = slide.items[0];
    // Halves help only a box that holds a line or two: under a title filling the frame, none would fit.
    const roomy = m.height >= minBoxHeight;
    const halves = item && roomy && slide.shrink >= 1 && slide.items.length === 1 ? (splitParagraph(item.node, lang) ?? splitByParts(item.node, m.blocks[0])) : null;
    if (item && halves) {
      changed = true;
      // The rest of a block that needed smaller type needs it too.
      out.push({ ...slide, items: [{ ...item, node: halves[0], notes: [] }] }, continuation(slide, [{ ...item, node: halves[1] }]));
      return;
    }
    if (slide.shrink < maxShrink) {
      changed = true;
      return void out.push({ ...slide, shrink: slide.shrink + 1 });
    }
    // What a box too small to hold a line cannot fit is the title's fault.
    unfit.push({ slide, item: roomy ? (item ?? null) : null });
    out.push(slide);
  });
  return { slides: out, changed, unfit };
}

/** CSS px: two lines of the smallest body type. */
const minBoxHeight = 60;

const wide = (m: SlideMeasure) => m.blocks.some((b) => b.wide);

/** A list, table, box or code block alone on a slide, in two halves between its parts. */
function splitByParts(node: Element, block: BlockMeasure | undefined): [Element, Element] | null {
  const count = block?.parts?.length ?? 0;
  return count > 1 ? splitBlock(node, Math.ceil(count / 2)) : null;
}
