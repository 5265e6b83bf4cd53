import type { Slide } from './deck.js';

/** Slides `at` to `at + remove` of a deck (as it was) replaced by `add`. */
export interface SlideEdit {
  at: number;
  remove: number;
  add: Slide[];
}

/**
 * The edits that make one round's deck the next's: where slides were split, merged or changed (new
 * objects), runs replaced; every slide kept as it was (the same object, in the same order) kept.
 * Null when the kept slides are not in their old order, which no round does.
 */
export function slideEdits(from: readonly Slide[], to: readonly Slide[]): SlideEdit[] | null {
  const indexOf = new Map(from.map((slide, i) => [slide, i]));
  const edits: SlideEdit[] = [];
  let i = 0;
  let j = 0;
  while (i < from.length || j < to.length) {
    if (i < from.length && j < to.length && from[i] === to[j]) {
      i++;
      j++;
      continue;
    }
    // The run ends at the next slide kept from the old deck, or at both decks' ends.
    let end = j;
    while (end < to.length && !indexOf.has(to[end]!)) end++;
    const resume = end < to.length ? indexOf.get(to[end]!)! : from.length;
    if (resume < i) return null;
    edits.push({ at: i, remove: resume - i, add: to.slice(j, end) });
    i = resume;
    j = end;
  }
  return edits;
}
