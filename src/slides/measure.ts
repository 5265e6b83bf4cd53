import type { SlideMeasure } from './split.js';

/**
 * A page script (self-contained, see `PageScript`): measures every slide's content box, where each of
 * its blocks starts and ends, whether it is wider than the box, and the extents of the parts a
 * block can be split into (see `splitBlock`; `boxTags`: its `splittableBoxes`).
 */
export function measureSlides(boxTags: readonly string[]): SlideMeasure[] {
  const boxes = boxTags.map((tag) => tag.toUpperCase());
  const extent = (rect: DOMRect, top: number) => ({ top: rect.top - top, bottom: rect.bottom - top });
  /** Each line of a code block, by the text between its line breaks (empty lines take the previous line's end). */
  const lines = (pre: Element, top: number) => {
    const range = document.createRange();
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    const out: Array<{ top: number; bottom: number }> = [];
    let start: [Node, number] = [pre, 0];
    const close = (node: Node, offset: number) => {
      range.setStart(...start);
      range.setEnd(node, offset);
      const rect = range.getBoundingClientRect();
      const last = out.at(-1) ?? { top: 0, bottom: pre.getBoundingClientRect().top - top };
      out.push(rect.height > 0 ? extent(rect, top) : { top: last.bottom, bottom: last.bottom });
    };
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
        close(node, at);
        start = [node, at + 1];
      }
    }
    close(pre, pre.childNodes.length);
    return out;
  };
  return [...document.querySelectorAll('.bp-slide')].map((slide) => {
    const body = slide.querySelector('.bp-slide-body')!;
    const frame = slide.querySelector('.bp-slide-frame')!;
    const bodyRect = body.getBoundingClientRect();
    const top = bodyRect.top + body.clientTop;
    const blocks = [...body.children].map((el) => {
      const kids = [...el.children];
      const splitsBetweenKids =
        el.tagName === 'UL' || el.tagName === 'OL' || (el.tagName === 'DL' && kids.every((k) => k.tagName === 'DIV')) || (boxes.includes(el.tagName) && [...el.childNodes].every((n) => n.nodeType !== Node.TEXT_NODE || !n.textContent?.trim()));
      const parts =
        splitsBetweenKids ? kids.map((k) => extent(k.getBoundingClientRect(), top))
        : el instanceof HTMLTableElement && el.tBodies.length === 1 ? [...el.tBodies[0]!.rows].map((r) => extent(r.getBoundingClientRect(), top))
        : el.tagName === 'PRE' ? lines(el, top)
        : [];
      const rect = el.getBoundingClientRect();
      return {
        ...extent(rect, top),
        parts: parts.length > 1 ? parts : null,
        wide: rect.right > bodyRect.right + 1 || el.scrollWidth > el.clientWidth + 1,
      };
    });
    const overflows = [body, frame].some((box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1);
    return { height: body.clientHeight, overflows, blocks };
  });
}
