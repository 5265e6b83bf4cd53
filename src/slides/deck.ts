import type { Element, ElementContent } from 'hast';

/** A block on a slide: the unit the overflow splitter moves between slides. */
export interface SlideItem {
  node: Element;
  /** Markdown line it came from, for messages. */
  line: number | null;
  /** Speaker notes that travel with it: its full text when the slide shortened it, and notes written after it. */
  notes: ElementContent[];
}

/** The smallest type a slide may be set in (`bp-slide--shrink-N` in slides.css). */
export const maxShrink = 5;

export type SlideKind = 'title' | 'facts' | 'content' | 'closing';

export interface Slide {
  kind: SlideKind;
  /** The heading id it stands for; the HTML deck's URL hash is made from it (`#/1-genel-bilgi`). */
  anchor: string;
  title: string;
  /** A line above the title: the `##` section of a `###` slide. */
  eyebrow: string | null;
  /** 0 for the first slide of a run, 1, 2... for its continuations ("(devam)"). */
  part: number;
  /** Markdown line of the heading or block that started the slide, for messages. */
  line: number | null;
  items: SlideItem[];
  /** Notes written before the slide's first block. */
  notes: ElementContent[];
  /**
   * 0, or how much smaller its content is set (1 smaller type, then 2 to `maxShrink` scaled down
   * further): for a block too big for a slide that cannot be split, or not enough.
   */
  shrink: number;
  /**
   * Its little content (a line or two no neighbour could take) set large in the middle of the frame:
   * one message to a slide, not a near-empty one.
   */
  statement: boolean;
}
