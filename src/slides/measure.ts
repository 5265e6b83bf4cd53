import type { SlideMeasure } from './split.js';

/**
 * A page script (self-contained, see `PageScript`): measures every slide's content box and where each
 * of its blocks, and each part of a splittable block, ends.
 */
export function measureSlides(): SlideMeasure[] {
  return [...document.querySelectorAll('.bp-slide')].map((slide) => {
    const body = slide.querySelector('.bp-slide-body')!;
    const frame = slide.querySelector('.bp-slide-frame')!;
    const top = body.getBoundingClientRect().top + body.clientTop;
    const blocks = [...body.children].map((el) => {
      const kids = [...el.children];
      const parts =
        el.tagName === 'UL' || el.tagName === 'OL' ? kids
        : el.tagName === 'DL' && kids.every((k) => k.tagName === 'DIV') ? kids
        : el instanceof HTMLTableElement && el.tBodies.length === 1 ? [...el.tBodies[0]!.rows]
        : [];
      return {
        bottom: el.getBoundingClientRect().bottom - top,
        parts: parts.length > 1 ? parts.map((p) => p.getBoundingClientRect().bottom - top) : null,
      };
    });
    const overflows = [body, frame].some((box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1);
    return { height: body.clientHeight, overflows, blocks };
  });
}
