/**
 * The languages briefpack writes, one entry each: the `Lang` type, the front matter's and pack.yaml's
 * `lang`, edition file names (`iom.en.md`), labels and dates all derive from this table, so adding a
 * language is one entry here (a format's own name falls back to English until its file names it).
 */

/** Every word the templates print that is not content. */
export interface Labels {
  contents: string;
  keyFacts: string;
  asOf: string;
  page: string;
  pageOf: string;
  revision: string;
  sections: string;
  skipToContent: string;
  pack: string;
  wholePack: string;
  /** The pack's own files on index.html; each brief's outputs are named by their formats. */
  packFiles: { 'pack.pdf': string; archive: string; 'manifest.json': string };
  footnotes: string;
  backToReference: string;
  source: string;
  cover: string;
  overview: string;
  continued: string;
  slide: string;
}

export interface Locale {
  /** The BCP 47 tag dates and language names are written with (`en-GB`: 25 November 2026). */
  intl: string;
  /** Ordinals are written with a period (`1. Körfez Savaşı`): a period after a number ends no sentence. */
  ordinalPeriod: boolean;
  labels: Labels;
}

export const locales = {
  tr: {
    intl: 'tr',
    ordinalPeriod: true,
    labels: {
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
      packFiles: { 'pack.pdf': 'Tüm brifingler (PDF)', archive: 'Tüm dosyalar (ZIP)', 'manifest.json': 'Dosya listesi (JSON)' },
      footnotes: 'Dipnotlar',
      backToReference: 'Metne dön',
      source: 'Kaynak',
      cover: 'Kapak',
      overview: 'Genel Bakış',
      continued: 'devam',
      slide: 'Slayt',
    },
  },
  en: {
    intl: 'en-GB',
    ordinalPeriod: false,
    labels: {
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
      packFiles: { 'pack.pdf': 'Every brief (PDF)', archive: 'Every file (ZIP)', 'manifest.json': 'File list (JSON)' },
      footnotes: 'Footnotes',
      backToReference: 'Back to reference',
      source: 'Source',
      cover: 'Cover',
      overview: 'Overview',
      continued: 'cont.',
      slide: 'Slide',
    },
  },
} as const satisfies Record<string, Locale>;

export type Lang = keyof typeof locales;

/** Every language, in the table's order. */
export const langs = Object.keys(locales) as [Lang, ...Lang[]];

/** A pack with no pack.yaml is in this language. */
export const defaultLang: Lang = 'tr';

export const isLang = (value: string): value is Lang => Object.hasOwn(locales, value);

/** `"tr" or "en"`, for messages that list the languages. */
export const langList = langs.map((l) => `"${l}"`).join(', ').replace(/, ([^,]*)$/, ' or $1');

export const labelsOf = (lang: Lang): Labels => locales[lang].labels;

// Formatters take milliseconds to make and templates format many dates: one of each per language.
const dateFormatCache = new Map<Lang, Intl.DateTimeFormat>();
const languageNameCache = new Map<Lang, Intl.DisplayNames>();

/** "25 Kasım 2026" / "25 November 2026" from an ISO date, independent of the machine's zone. */
export function formatDate(isoDate: string, lang: Lang): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  let format = dateFormatCache.get(lang);
  if (!format) dateFormatCache.set(lang, (format = new Intl.DateTimeFormat(locales[lang].intl, { dateStyle: 'long', timeZone: 'UTC' })));
  return format.format(date);
}

/** The name of a language in another: `İngilizce` is English in Turkish. */
export function languageName(lang: Lang, inLang: Lang): string {
  let names = languageNameCache.get(inLang);
  if (!names) languageNameCache.set(inLang, (names = new Intl.DisplayNames([locales[inLang].intl], { type: 'language' })));
  return names.of(lang) ?? lang;
}

/** Upper case by the language's rules: Turkish i -> İ, ı -> I. */
export function upperCase(text: string, lang: Lang): string {
  return text.toLocaleUpperCase(lang);
}
