import type { Lang } from '../model.js';

/** Every word the templates print that is not content, per language. */
export const labels = {
  tr: {
    contents: 'İçindekiler',
    keyFacts: 'Temel Bilgiler',
    summary: 'Özet',
    asOf: 'Bilgi tarihi',
    page: 'Sayfa',
    pageOf: '/',
    revision: 'Revizyon',
    builtOn: 'Derleme',
    sections: 'Bölümler',
    skipToContent: 'İçeriğe geç',
    backToTop: 'Başa dön',
    fact: 'Bilgi',
    value: 'Değer',
    overview: 'Genel Bakış',
    continued: 'devam',
    slide: 'Slayt',
  },
  en: {
    contents: 'Contents',
    keyFacts: 'Key facts',
    summary: 'Summary',
    asOf: 'As of',
    page: 'Page',
    pageOf: 'of',
    revision: 'Revision',
    builtOn: 'Built',
    sections: 'Sections',
    skipToContent: 'Skip to content',
    backToTop: 'Back to top',
    fact: 'Fact',
    value: 'Value',
    overview: 'Overview',
    continued: 'cont.',
    slide: 'Slide',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type Labels = (typeof labels)[Lang];

/** "25 Kasım 2026" / "25 November 2026" from an ISO date, independent of the machine's zone. */
export function formatDate(isoDate: string, lang: Lang): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** Upper case by the language's rules: Turkish i -> İ, ı -> I. */
export function upperCase(text: string, lang: Lang): string {
  return text.toLocaleUpperCase(lang);
}
