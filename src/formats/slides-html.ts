import { deckHeadings } from './deck-headings.js';
import { defineFormat } from './format.js';

// The deck's machinery loads when a deck is made, not when the build starts.
const loadReveal = async () => (await import('../slides/reveal.js')).loadReveal();

/**
 * The HTML deck: reveal.js and every font inlined into one file, with speaker notes. It shows the
 * slides the PDF deck fitted (in the browser), so it needs the browser too.
 */
export const slidesHtml = defineFormat({
  id: 'slides',
  fileName: 'slides.html',
  label: { tr: 'Sunum (HTML)', en: 'Slides (HTML)' },
  needsBrowser: true,
  compressed: false,
  prepare: loadReveal,
  async render(input) {
    const [{ deckContext }, { safe }] = await Promise.all([import('../slides/view.js'), import('../render/templates.js')]);
    const [{ slides }, reveal] = await Promise.all([input.deck(), loadReveal()]);
    const context = deckContext(input.context, slides, { notes: true });
    const scripts = { js: safe(reveal.js), notesJs: safe(reveal.notesJs), initJs: safe(reveal.initJs), scriptSrc: reveal.scriptSrc };
    const html = input.render('slides', { ...context, reveal: { css: safe(reveal.css), ...scripts } });
    return new TextEncoder().encode(html);
  },
  // Its text includes the speaker notes: a heading may live there.
  reads: 'html',
  scripts: async () => (await loadReveal()).scriptHashes,
  headings: deckHeadings,
});
