import { deckFactValues, deckHeadings } from './deck-headings.js';
import { defineFormat } from './format.js';

// The deck's machinery loads when a deck is made, not when the build starts.
const loadReveal = async (lang: string) => (await import('../slides/reveal.js')).loadReveal(lang);

/**
 * The HTML deck: reveal.js and every font inlined into one file, with speaker notes. It shows the
 * slides the PDF deck fitted (in the browser), so it needs the browser too.
 */
export const slidesHtml = defineFormat({
  id: 'slides',
  fileName: 'slides.html',
  label: { tr: 'Sunum (HTML)', en: 'Slides (HTML)', de: 'Folien (HTML)', fr: 'Diaporama (HTML)', es: 'Diapositivas (HTML)', ru: 'Слайды (HTML)', ar: 'العرض التقديمي (HTML)', zh: '演示文稿（HTML）', 'zh-Hant': '投影片（HTML）' },
  needsBrowser: true,
  compressed: false,
  prepare: () => import('../slides/reveal.js'),
  async render(input) {
    const [{ deckContext }, { safe }] = await Promise.all([import('../slides/view.js'), import('../render/templates.js')]);
    const [{ slides }, reveal] = await Promise.all([input.deck(), loadReveal(input.context.meta.lang)]);
    const context = deckContext(input.context, slides, { notes: true });
    const scripts = { js: safe(reveal.js), notesJs: safe(reveal.notesJs), initJs: safe(reveal.initJs), scriptSrc: reveal.scriptSrc };
    const html = input.render('slides', { ...context, reveal: { css: safe(reveal.css), ...scripts } });
    return new TextEncoder().encode(html);
  },
  // Its text includes the speaker notes: a heading may live there.
  reads: 'html',
  scripts: async (doc) => (await loadReveal(doc.meta.lang)).scriptHashes,
  headings: deckHeadings,
  factValues: deckFactValues,
});
