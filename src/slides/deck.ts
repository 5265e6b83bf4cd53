import type { Element, ElementContent } from 'hast';

/** A block on a slide: the unit the overflow splitter moves between slides. */
export interface SlideItem {
  node: Element;
  /** Markdown line it came from, for messages. */
  line: number | null;
  /** Speaker notes that travel with it: its full text when the slide shortened it, and notes written after it. */
  notes: ElementContent[];
}

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
  /** Set when the slide holds a block too tall to split: smaller type is the last resort. */
  dense: boolean;
}
