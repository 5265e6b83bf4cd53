import type { SlideMeasure } from './split.js';

/**
 * Runs in the page (puppeteer serialises it, so it refers to nothing outside itself): measures every
 * slide's content box and where each of its blocks, and each part of a splittable block, ends.
 */
export function measureSlides(): SlideMeasure[] {
  const partsOf = (el: Element): Element[] | null => {
    const kids = [...el.children];
    if (el.tagName === 'UL' || el.tagName === 'OL') return kids;
    if (el.tagName === 'DL') return kids.every((k) => k.tagName === 'DIV') ? kids : null;
    if (el instanceof HTMLTableElement && el.tBodies.length === 1) return [...el.tBodies[0]!.rows];
    return null;
  };
  const overflowing = (box: Element) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
  return [...document.querySelectorAll('.bp-slide')].map((slide) => {
    const body = slide.querySelector('.bp-slide-body')!;
    const top = body.getBoundingClientRect().top + body.clientTop;
    const blocks = [...body.children].map((el) => {
      const parts = partsOf(el);
      return {
        bottom: el.getBoundingClientRect().bottom - top,
        parts: parts && parts.length > 1 ? parts.map((p) => p.getBoundingClientRect().bottom - top) : null,
      };
    });
    return { height: body.clientHeight, overflows: overflowing(body) || overflowing(slide.querySelector('.bp-slide-frame')!), blocks };
  });
}
