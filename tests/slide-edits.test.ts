import { describe, expect, it } from 'vitest';
import type { Slide } from '../src/slides/deck.js';
import { slideEdits, type SlideEdit } from '../src/slides/slide-edits.js';

const slide = (title: string) => ({ kind: 'content', anchor: title, title, eyebrow: null, part: 0, line: null, items: [], notes: [], shrink: 0, statement: false }) as unknown as Slide;
/** Applies edits as the page does (last first), to check they make the new deck. */
const apply = (from: readonly Slide[], edits: readonly SlideEdit[]) => {
  const out = [...from];
  for (const edit of [...edits].reverse()) out.splice(edit.at, edit.remove, ...edit.add);
  return out;
};

// Issue 12, item 8: a long deck's rounds change the measuring page only where slides changed.
describe('the edits between two rounds of a deck', () => {
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(slide) as [Slide, Slide, Slide, Slide, Slide];
  const [b1, b2, d1, x] = ['b1', 'b2', 'd1', 'x'].map(slide) as [Slide, Slide, Slide, Slide];

  it('should replace split slides and keep the rest', () => {
    const to = [a, b1, b2, c, d1, e];
    const edits = slideEdits([a, b, c, d, e], to)!;
    expect(edits.map(({ at, remove, add }) => [at, remove, add.map((s) => s.title)])).toEqual([
      [1, 1, ['b1', 'b2']],
      [3, 1, ['d1']],
    ]);
    expect(apply([a, b, c, d, e], edits)).toEqual(to);
  });

  it('should merge neighbours, change the last slide and add at the end', () => {
    for (const to of [[a, x, d, e], [a, b, c, d, x], [a, b, c, d, e, x], [x], []]) expect(apply([a, b, c, d, e], slideEdits([a, b, c, d, e], to)!)).toEqual(to);
  });

  it('should have no edits for the same deck, and none it cannot make in order', () => {
    expect(slideEdits([a, b, c], [a, b, c])).toEqual([]);
    expect(slideEdits([a, b, c], [c, b, a])).toBeNull();
  });
});
