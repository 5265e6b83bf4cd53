import { safe } from '../render/templates.js';
import { fittedDeck } from '../slides/build-deck.js';
import { loadReveal } from '../slides/reveal.js';
import { deckContext } from '../slides/view.js';
import type { Format } from './format.js';

/**
 * The HTML deck: reveal.js and every font inlined into one file, with speaker notes. It shows the
 * slides the PDF deck fitted, so it waits for the browser too.
 */
export const slidesHtml: Format = {
  id: 'slides',
  fileName: 'slides.html',
  needsBrowser: true,
  prepare: loadReveal,
  async render(input) {
    const [{ slides }, reveal] = await Promise.all([fittedDeck(input), loadReveal()]);
    const context = deckContext(input.context, slides, { notes: true });
    const html = input.render('slides', { ...context, reveal: { css: safe(reveal.css), js: safe(reveal.js), notesJs: safe(reveal.notesJs) } });
    return new TextEncoder().encode(html);
  },
  async readBack(data) {
    // The deck's text includes its speaker notes: a heading may live there.
    const { readHtml } = await import('../check/read-outputs.js');
    return readHtml(new TextDecoder().decode(data));
  },
};
