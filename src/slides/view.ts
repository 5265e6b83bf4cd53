import type { ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { RenderContext } from '../render/context.js';
import { safe } from '../render/templates.js';
import type { Slide, SlideKind } from './deck.js';

/** What the slide partials get for one slide. */
export interface SlideView {
  id: string;
  kind: SlideKind;
  title: string;
  /**
   * Its title's heading level, which the PDF deck's bookmarks nest by: 1 the title slide, 2 a
   * section, 3 a subsection (a slide with an eyebrow); a continuation one deeper, under its first part.
   */
  level: number;
  eyebrow: string | null;
  continued: boolean;
  shrink: number;
  statement: boolean;
  number: number;
  line: number | null;
  body: ReturnType<typeof safe>;
  notes: ReturnType<typeof safe> | null;
}

export interface DeckContext extends RenderContext {
  deck: { slides: SlideView[]; total: number };
}

const html = (nodes: ElementContent[]) => safe(toHtml({ type: 'root', children: nodes }));

/** Every slide's speaker notes: the ones written for it, then what its blocks carry. */
const notesOf = (slide: Slide): ElementContent[] => [...slide.notes, ...slide.items.flatMap((i) => i.notes)];

/**
 * The template context of a deck. Ids are unique and never all digits, which reveal.js would read
 * as a slide number in the URL hash.
 */
export function deckContext(context: RenderContext, slides: readonly Slide[], options: { notes: boolean }): DeckContext {
  const taken = new Set<string>();
  const views = slides.map((slide, i): SlideView => {
    const base = /^\d*$/.test(slide.anchor) ? `s-${slide.anchor}` : slide.anchor;
    const wanted = slide.part > 0 ? `${base}-${slide.part + 1}` : base;
    let id = wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
    taken.add(id);
    const notes = options.notes ? notesOf(slide) : [];
    return {
      id,
      kind: slide.kind,
      title: slide.title,
      level: slide.kind === 'title' ? 1 : (slide.eyebrow ? 3 : 2) + (slide.part > 0 ? 1 : 0),
      eyebrow: slide.eyebrow,
      continued: slide.part > 0,
      shrink: slide.shrink,
      statement: slide.statement,
      number: i + 1,
      line: slide.line,
      body: html(slide.items.map((item) => item.node)),
      notes: notes.length > 0 ? html(notes) : null,
    };
  });
  return { ...context, deck: { slides: views, total: views.length } };
}
