import { defineFormat } from './format.js';

/** The self-contained HTML one-pager: no browser needed, just the template. */
export const htmlOnePager = defineFormat({
  id: 'html',
  fileName: 'one-pager.html',
  label: { tr: 'Tek sayfa (HTML)', en: 'One-pager (HTML)', de: 'Einseiter (HTML)', fr: 'Fiche d’une page (HTML)', es: 'Resumen de una página (HTML)', ru: 'Краткая справка (HTML)', ar: 'صفحة واحدة (HTML)', zh: '单页版（HTML）', 'zh-Hant': '單頁版（HTML）' },
  needsBrowser: false,
  compressed: false,
  async render({ render, context }) {
    return new TextEncoder().encode(render('one-pager', context));
  },
  reads: 'html',
});
