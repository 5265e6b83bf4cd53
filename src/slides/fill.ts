// How full slides are, and what the deck does about it: joins short neighbours, sets a lonely line as a statement, names near-empty and crowded slides.
import type { Element } from 'hast';
import type { Slide } from './deck.js';
import type { SlideMeasure } from './split.js';

/** How much of its content box a slide's blocks take, 0 to 1 (more: it overflows). */
export function fillOf(measure: SlideMeasure): number {
  const used = Math.max(0, ...measure.blocks.map((b) => b.bottom));
  return measure.height > 0 ? used / measure.height : 0;
}

/** A merged subsection's title inside the slide it joins: a heading of its level, its anchor kept for links. */
const subheading = (slide: Slide): Element => ({
  type: 'element',
  tagName: 'h3',
  properties: { id: slide.anchor || undefined, className: ['bp-slide-subhead'] },
  children: [{ type: 'text', value: slide.title }],
});

// Room a subsection's title takes inside a slide (slides.css: .bp-slide-subhead), and how full a
// slide may be made by joining: some air left for what the estimate misses.
const subheadPx = 84;
const joinedFillLimit = 0.85;

/**
 * Short neighbouring subsections share a slide: a `###` slide joins the one before it, when that is
 * its section's (not a divider) or a sibling's, and both, measured, fit in one frame with its title
 * as a heading between them. A presenter keeps one slide for two lines rather than two near-empty
 * ones. Slides set smaller (`shrink`) and continuations are left as they are.
 */
export function mergeShortNeighbours(slides: readonly Slide[], measures: readonly SlideMeasure[]): { slides: Slide[]; changed: boolean } {
  // `exact`: its blocks were measured one by one (see fitDeck), so its height used is known.
  const out: Array<{ slide: Slide; used: number; height: number; exact: boolean }> = [];
  let changed = false;
  slides.forEach((slide, i) => {
    const measure = measures[i]!;
    const used = fillOf(measure) * measure.height;
    const exact = measure.blocks.length === slide.items.length;
    const last = out.at(-1);
    const previous = last?.slide;
    const sameSection = previous !== undefined && slide.eyebrow !== null && (previous.eyebrow === slide.eyebrow || (previous.eyebrow === null && previous.part === 0 && previous.title === slide.eyebrow));
    const joinable =
      last !== undefined &&
      sameSection &&
      previous!.kind === 'content' &&
      slide.kind === 'content' &&
      slide.part === 0 &&
      previous!.items.length > 0 &&
      slide.items.length > 0 &&
      previous!.shrink === 0 &&
      slide.shrink === 0 &&
      exact &&
      last.exact &&
      last.used + subheadPx + used <= last.height * joinedFillLimit;
    if (!joinable) {
      out.push({ slide, used, height: measure.height, exact });
      return;
    }
    changed = true;
    last.slide = { ...previous!, items: [...previous!.items, { node: subheading(slide), line: slide.line, notes: slide.notes }, ...slide.items] };
    last.used += subheadPx + used;
  });
  return { slides: out.map((o) => o.slide), changed };
}

/** Below this share of its content box, a slide with content (not a divider) is nearly empty. */
export const nearEmptyFill = 0.12;

/** From this shrink on (text at 55% of the deck's size and smaller) a slide is crowded: too small to read across a room. */
export const crowdedShrink = 4;

/**
 * Slides left nearly empty after joining (a subsection of one line, last in its section) become
 * statements: their line set large in the middle of the frame. `measureOf`: a slide's measure, for
 * those measured as they are (a slide just joined is not, and is not nearly empty).
 */
export function markStatements(slides: readonly Slide[], measureOf: (slide: Slide) => SlideMeasure | undefined): { slides: Slide[]; changed: boolean } {
  let changed = false;
  const out = slides.map((slide) => {
    const measure = measureOf(slide);
    if (!measure || slide.kind !== 'content' || slide.items.length === 0 || slide.statement || slide.shrink > 0 || measure.blocks.length !== slide.items.length || fillOf(measure) >= nearEmptyFill) return slide;
    changed = true;
    return { ...slide, statement: true };
  });
  return { slides: out, changed };
}
