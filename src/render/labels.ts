import type { Lang } from '../model.js';

/** Every word the templates print that is not content, per language. */
export const labels = {
  tr: {
    contents: 'İçindekiler',
    keyFacts: 'Temel Bilgiler',
    asOf: 'Bilgi tarihi',
    page: 'Sayfa',
    pageOf: '/',
    revision: 'Revizyon',
    sections: 'Bölümler',
    skipToContent: 'İçeriğe geç',
    pack: 'Brifing Paketi',
    wholePack: 'Paketin tamamı',
    languageNames: { tr: 'Türkçe', en: 'İngilizce' },
    outputNames: {
      'brief.pdf': 'PDF brifing',
      'one-pager.html': 'Tek sayfa (HTML)',
      'brief.epub': 'E-kitap (EPUB)',
      'slides.html': 'Sunum (HTML)',
      'slides.pdf': 'Sunum (PDF)',
      'pack.pdf': 'Tüm brifingler (PDF)',
      archive: 'Tüm dosyalar (ZIP)',
      'manifest.json': 'Dosya listesi (JSON)',
    },
    footnotes: 'Dipnotlar',
    backToReference: 'Metne dön',
    source: 'Kaynak',
    cover: 'Kapak',
    overview: 'Genel Bakış',
    continued: 'devam',
    slide: 'Slayt',
  },
  en: {
    contents: 'Contents',
    keyFacts: 'Key facts',
    asOf: 'As of',
    page: 'Page',
    pageOf: 'of',
    revision: 'Revision',
    sections: 'Sections',
    skipToContent: 'Skip to content',
    pack: 'Briefing pack',
    wholePack: 'The whole pack',
    languageNames: { tr: 'Turkish', en: 'English' },
    outputNames: {
      'brief.pdf': 'PDF brief',
      'one-pager.html': 'One-pager (HTML)',
      'brief.epub': 'E-book (EPUB)',
      'slides.html': 'Slides (HTML)',
      'slides.pdf': 'Slides (PDF)',
      'pack.pdf': 'Every brief (PDF)',
      archive: 'Every file (ZIP)',
      'manifest.json': 'File list (JSON)',
    },
    footnotes: 'Footnotes',
    backToReference: 'Back to reference',
    source: 'Source',
    cover: 'Cover',
    overview: 'Overview',
    continued: 'cont.',
    slide: 'Slide',
  },
} as const satisfies Record<Lang, Record<string, string | Record<string, string>>>;

export type Labels = (typeof labels)[Lang];

// A formatter takes a few milliseconds to make and templates format many dates: one per language.
const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/** "25 Kasım 2026" / "25 November 2026" from an ISO date, independent of the machine's zone. */
export function formatDate(isoDate: string, lang: Lang): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  let format = dateFormats.get(lang);
  if (!format) dateFormats.set(lang, (format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'long', timeZone: 'UTC' })));
  return format.format(date);
}

/** Upper case by the language's rules: Turkish i -> İ, ı -> I. */
export function upperCase(text: string, lang: Lang): string {
  return text.toLocaleUpperCase(lang);
}
