import type { Element } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import type { Lang } from '../model.js';
import type { Slide, SlideItem } from './deck.js';
import { sentenceEnds, sliceText } from './sentences.js';

/** What the browser measured of one block of a slide's content box, in CSS px from the box's top. */
export interface BlockMeasure {
  bottom: number;
  /** Bottoms of the parts it can be split into (list items, fact groups, table body rows); null if it cannot be. */
  parts: number[] | null;
}

export interface SlideMeasure {
  /** The content box's height. */
  height: number;
  /** Its content is taller or wider than the box. */
  overflows: boolean;
  blocks: BlockMeasure[];
}

/** A slide that still overflows after all the splitter can do, and the block to blame. */
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

/** Splits a list, fact list or table after its first `count` parts; the table's head repeats. */
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
  const parts = elements(node);
  const head: Element = { ...node, children: parts.slice(0, count) };
  const tail: Element = { ...node, properties: { ...node.properties }, children: parts.slice(count) };
  if (node.tagName === 'ol') tail.properties.start = (Number(node.properties.start) || 1) + count;
  return [head, tail];
}

/** A paragraph of several sentences in two, at the sentence end nearest its middle; null for one sentence. */
export function splitParagraph(node: Element, lang: Lang): [Element, Element] | null {
  if (node.tagName !== 'p') return null;
  const text = toString(node);
  const ends = sentenceEnds(text, lang).filter((end) => text.slice(end).trim());
  if (ends.length === 0) return null;
  const middle = ends.reduce((best, end) => (Math.abs(end - text.length / 2) < Math.abs(best - text.length / 2) ? end : best));
  const next = middle + (text.slice(middle).length - text.slice(middle).trimStart().length);
  return [sliceText(node, 0, middle), sliceText(node, next)];
}

const isHeading = (item: SlideItem) => headingRank(item.node) !== undefined;
const continuation = (slide: Slide, items: SlideItem[]): Slide => ({
  ...slide,
  part: slide.part + 1,
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

/**
 * One round of fitting: each overflowing slide keeps the blocks that fit and hands the rest to a
 * continuation slide, splitting a list or table between items where that keeps more on the slide. A
 * block too tall for a slide of its own gets smaller type; a paragraph that still does not fit is
 * split between sentences; what is left (one endless sentence, a picture) is reported. Pure.
 */
export function splitOverflowing(slides: readonly Slide[], measures: readonly SlideMeasure[], { lang, tolerance = 1 }: SplitOptions): SplitResult {
  const out: Slide[] = [];
  const unfit: Unfit[] = [];
  let changed = false;
  slides.forEach((slide, i) => {
    const m = measures[i]!;
    if (!m.overflows) return void out.push(slide);
    const limit = m.height + tolerance;
    const k = m.blocks.findIndex((b) => b.bottom > limit);
    const block = m.blocks[k];
    const fitting = block?.parts?.filter((bottom) => bottom <= limit).length ?? 0;
    let keep: SlideItem[];
    let move: SlideItem[];
    let dense = false;
    if (block?.parts && (fitting > 0 || (k === 0 && block.parts.length > 1))) {
      // Split inside the list: what fits stays (at least one part when the list opens the slide).
      const item = slide.items[k]!;
      const [head, tail] = splitBlock(item.node, Math.max(fitting, 1));
      keep = [...slide.items.slice(0, k), { ...item, node: head, notes: [] }];
      move = [{ ...item, node: tail }, ...slide.items.slice(k + 1)];
    } else if (k > 0) {
      keep = slide.items.slice(0, k);
      move = slide.items.slice(k);
      // A heading goes with what it introduces.
      while (keep.length > 1 && isHeading(keep.at(-1)!)) move.unshift(keep.pop()!);
    } else if (k === 0 && slide.items.length > 1) {
      // The first block does not fit even alone: give it a slide of its own first.
      keep = slide.items.slice(0, 1);
      move = slide.items.slice(1);
    } else if (!slide.dense) {
      changed = true;
      return void out.push({ ...slide, dense: true });
    } else {
      const item = slide.items[0];
      const halves = item && splitParagraph(item.node, lang);
      if (!item || !halves) {
        unfit.push({ slide, item: item ?? null });
        return void out.push(slide);
      }
      keep = [{ ...item, node: halves[0], notes: [] }];
      move = [{ ...item, node: halves[1] }];
      // The rest of a paragraph that needed smaller type needs it too.
      dense = true;
    }
    changed = true;
    out.push({ ...slide, items: keep }, { ...continuation(slide, move), dense });
  });
  return { slides: out, changed, unfit };
}
