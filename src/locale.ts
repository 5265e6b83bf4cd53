import { z } from 'zod';

/**
 * Languages. A brief, pack.yaml and an edition's file name take any BCP 47 tag (`ar`, `zh-Hant`,
 * `pt-BR`); dates, numbers, language names and writing direction come from `Intl` (CLDR). Only the
 * words the templates print are ours: `labelTable` has them for the UN's six languages, Turkish and
 * German; any other language gets English labels, and its brief a warning (`labelsFor`).
 */

/** A canonical BCP 47 tag: `zh-Hant-TW`, `ar`, `tr`. */
export type Lang = string;

/** Every word the templates print that is not content. */
export interface Labels {
  contents: string;
  keyFacts: string;
  asOf: string;
  /** Between a label and its value: `: `, French ` : ` (a no-break space before), Chinese `：`. */
  colon: string;
  /** The running footer's page number: `{page}` and `{pages}` stand for the numbers. */
  pageNumber: string;
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
  /** The closing slide's title, over the brief's summary. */
  summary: string;
  continued: string;
  slide: string;
  /** reveal.js's speaker view, which prints these in English. */
  speakerView: { upcoming: string; time: string; notes: string; pacing: string; reset: string };
}

export interface LanguageRules {
  labels: Labels;
  /** A period after a number is an ordinal, not an end (`1. Körfez Savaşı`, `am 1. Mai`). */
  ordinalPeriod: boolean;
  /**
   * Abbreviations a period does not end a sentence after, from CLDR's sentence-break suppressions
   * (ICU knows them, V8's Intl.Segmenter does not take them).
   */
  abbreviations: readonly string[];
}

// The labels, reviewed against each language's UN and EU usage; `en` is the fallback for the rest.
export const labelTable: Readonly<Record<string, LanguageRules>> = {
  en: {
    ordinalPeriod: false,
    abbreviations: ['Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'St', 'No', 'e.g', 'i.e', 'etc', 'cf', 'vol', 'approx', 'Jan', 'Feb', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'],
    labels: {
      contents: 'Contents',
      keyFacts: 'Key facts',
      asOf: 'As of',
      colon: ': ',
      pageNumber: 'Page {page} of {pages}',
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
      summary: 'Summary',
      continued: 'cont.',
      slide: 'Slide',
      speakerView: { upcoming: 'Upcoming', time: 'Time', notes: 'Notes', pacing: 'Pacing', reset: 'Click to reset' },
    },
  },
  tr: {
    ordinalPeriod: true,
    abbreviations: ['Dr', 'Prof', 'Doç', 'Av', 'Bkz', 'bkz', 'vb', 'vs', 'örn', 'Örn', 'yy', 'St', 'No', 'Sn', 'Yrd', 'Alm', 'İng', 'Fr'],
    labels: {
      contents: 'İçindekiler',
      keyFacts: 'Temel Bilgiler',
      asOf: 'Bilgi tarihi',
      colon: ': ',
      pageNumber: 'Sayfa {page} / {pages}',
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
      summary: 'Özet',
      continued: 'devam',
      slide: 'Slayt',
      speakerView: { upcoming: 'Sıradaki', time: 'Süre', notes: 'Notlar', pacing: 'Tempo', reset: 'Sıfırlamak için tıklayın' },
    },
  },
  de: {
    ordinalPeriod: true,
    abbreviations: ['Dr', 'Prof', 'Nr', 'Hr', 'Fr', 'St', 'bzw', 'ca', 'vgl', 'z.B', 'd.h', 'u.a', 'usw', 'etc', 'Abs', 'Art', 'S', 'Jh', 'Mio', 'Mrd'],
    labels: {
      contents: 'Inhalt',
      keyFacts: 'Eckdaten',
      asOf: 'Stand',
      colon: ': ',
      pageNumber: 'Seite {page} von {pages}',
      revision: 'Revision',
      sections: 'Abschnitte',
      skipToContent: 'Zum Inhalt springen',
      pack: 'Briefingmappe',
      wholePack: 'Die ganze Mappe',
      packFiles: { 'pack.pdf': 'Alle Briefings (PDF)', archive: 'Alle Dateien (ZIP)', 'manifest.json': 'Dateiliste (JSON)' },
      footnotes: 'Fußnoten',
      backToReference: 'Zurück zum Text',
      source: 'Quelle',
      cover: 'Titelseite',
      overview: 'Überblick',
      summary: 'Zusammenfassung',
      continued: 'Forts.',
      slide: 'Folie',
      speakerView: { upcoming: 'Als Nächstes', time: 'Zeit', notes: 'Notizen', pacing: 'Tempo', reset: 'Zum Zurücksetzen klicken' },
    },
  },
  fr: {
    ordinalPeriod: false,
    abbreviations: ['M', 'MM', 'Mme', 'Mmes', 'Mlle', 'Dr', 'Pr', 'St', 'Ste', 'p', 'pp', 'cf', 'etc', 'env', 'vol', 'art', 'av. J.-C', 'apr. J.-C'],
    labels: {
      contents: 'Sommaire',
      keyFacts: 'Données clés',
      asOf: 'À jour au',
      colon: '\u00a0: ',
      pageNumber: 'Page {page} sur {pages}',
      revision: 'Révision',
      sections: 'Sections',
      skipToContent: 'Aller au contenu',
      pack: 'Dossier d’information',
      wholePack: 'Le dossier complet',
      packFiles: { 'pack.pdf': 'Toutes les notes (PDF)', archive: 'Tous les fichiers (ZIP)', 'manifest.json': 'Liste des fichiers (JSON)' },
      footnotes: 'Notes',
      backToReference: 'Retour au texte',
      source: 'Source',
      cover: 'Couverture',
      overview: 'Aperçu',
      summary: 'Résumé',
      continued: 'suite',
      slide: 'Diapositive',
      speakerView: { upcoming: 'À suivre', time: 'Durée', notes: 'Notes', pacing: 'Rythme', reset: 'Cliquer pour remettre à zéro' },
    },
  },
  es: {
    ordinalPeriod: false,
    abbreviations: ['Sr', 'Sra', 'Srta', 'Dr', 'Dra', 'Prof', 'Sto', 'Sta', 'núm', 'pág', 'etc', 'aprox', 'vol', 'art', 'EE. UU', 'Ud', 'Uds'],
    labels: {
      contents: 'Índice',
      keyFacts: 'Datos clave',
      asOf: 'Datos a',
      colon: ': ',
      pageNumber: 'Página {page} de {pages}',
      revision: 'Revisión',
      sections: 'Secciones',
      skipToContent: 'Ir al contenido',
      pack: 'Carpeta informativa',
      wholePack: 'La carpeta completa',
      packFiles: { 'pack.pdf': 'Todas las notas (PDF)', archive: 'Todos los archivos (ZIP)', 'manifest.json': 'Lista de archivos (JSON)' },
      footnotes: 'Notas',
      backToReference: 'Volver al texto',
      source: 'Fuente',
      cover: 'Portada',
      overview: 'Resumen',
      summary: 'Resumen',
      continued: 'cont.',
      slide: 'Diapositiva',
      speakerView: { upcoming: 'Siguiente', time: 'Tiempo', notes: 'Notas', pacing: 'Ritmo', reset: 'Haga clic para reiniciar' },
    },
  },
  ru: {
    ordinalPeriod: false,
    abbreviations: ['г', 'гг', 'т.е', 'т.д', 'т.п', 'др', 'пр', 'см', 'ср', 'стр', 'с', 'ст', 'млн', 'млрд', 'тыс', 'им', 'ул', 'д'],
    labels: {
      contents: 'Содержание',
      keyFacts: 'Основные сведения',
      asOf: 'По состоянию на',
      colon: ': ',
      pageNumber: 'Страница {page} из {pages}',
      revision: 'Редакция',
      sections: 'Разделы',
      skipToContent: 'Перейти к содержанию',
      pack: 'Информационный пакет',
      wholePack: 'Весь пакет',
      packFiles: { 'pack.pdf': 'Все справки (PDF)', archive: 'Все файлы (ZIP)', 'manifest.json': 'Список файлов (JSON)' },
      footnotes: 'Примечания',
      backToReference: 'Назад к тексту',
      source: 'Источник',
      cover: 'Обложка',
      overview: 'Обзор',
      summary: 'Резюме',
      continued: 'продолжение',
      slide: 'Слайд',
      speakerView: { upcoming: 'Далее', time: 'Время', notes: 'Заметки', pacing: 'Темп', reset: 'Нажмите, чтобы сбросить' },
    },
  },
  ar: {
    ordinalPeriod: false,
    abbreviations: ['د', 'م', 'ص', 'ه'],
    labels: {
      contents: 'المحتويات',
      keyFacts: 'معلومات أساسية',
      asOf: 'حتى تاريخ',
      colon: ': ',
      pageNumber: 'الصفحة {page} من {pages}',
      revision: 'المراجعة',
      sections: 'الأقسام',
      skipToContent: 'انتقل إلى المحتوى',
      pack: 'ملف إحاطة',
      wholePack: 'الملف كاملًا',
      packFiles: { 'pack.pdf': 'جميع المذكرات (PDF)', archive: 'جميع الملفات (ZIP)', 'manifest.json': 'قائمة الملفات (JSON)' },
      footnotes: 'الحواشي',
      backToReference: 'العودة إلى النص',
      source: 'المصدر',
      cover: 'الغلاف',
      overview: 'نظرة عامة',
      summary: 'ملخص',
      continued: 'تابع',
      slide: 'شريحة',
      speakerView: { upcoming: 'التالي', time: 'الوقت', notes: 'ملاحظات', pacing: 'الإيقاع', reset: 'انقر لإعادة الضبط' },
    },
  },
  zh: {
    ordinalPeriod: false,
    abbreviations: [],
    labels: {
      contents: '目录',
      keyFacts: '基本信息',
      asOf: '截至',
      colon: '：',
      pageNumber: '第 {page} 页，共 {pages} 页',
      revision: '版本',
      sections: '章节',
      skipToContent: '跳到正文',
      pack: '简报资料包',
      wholePack: '整套资料',
      packFiles: { 'pack.pdf': '全部简报（PDF）', archive: '全部文件（ZIP）', 'manifest.json': '文件列表（JSON）' },
      footnotes: '脚注',
      backToReference: '返回正文',
      source: '来源',
      cover: '封面',
      overview: '概览',
      summary: '摘要',
      continued: '续',
      slide: '幻灯片',
      speakerView: { upcoming: '下一张', time: '用时', notes: '备注', pacing: '进度', reset: '点击重置' },
    },
  },
  'zh-Hant': {
    ordinalPeriod: false,
    abbreviations: [],
    labels: {
      contents: '目錄',
      keyFacts: '基本資料',
      asOf: '截至',
      colon: '：',
      pageNumber: '第 {page} 頁，共 {pages} 頁',
      revision: '版本',
      sections: '章節',
      skipToContent: '跳至正文',
      pack: '簡報資料包',
      wholePack: '整套資料',
      packFiles: { 'pack.pdf': '全部簡報（PDF）', archive: '全部檔案（ZIP）', 'manifest.json': '檔案清單（JSON）' },
      footnotes: '註腳',
      backToReference: '返回正文',
      source: '來源',
      cover: '封面',
      overview: '概覽',
      summary: '摘要',
      continued: '續',
      slide: '投影片',
      speakerView: { upcoming: '下一張', time: '用時', notes: '備註', pacing: '進度', reset: '點擊重設' },
    },
  },
};

/** A pack with no pack.yaml is in this language. */
export const defaultLang: Lang = 'tr';

/** `ZH-hant` -> `zh-Hant`; null for what is no BCP 47 tag. */
export function canonicalLang(value: string): Lang | null {
  if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(value)) return null;
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    return null;
  }
}

const englishNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * Whether a tag names a language CLDR knows (`de`, `zh-Hant`), not just one BCP 47's syntax allows:
 * an edition's file name (`iom.ar.md`) must be told from a name with a dot (`report.final.md`).
 */
export function isKnownLang(tag: string): boolean {
  const lang = canonicalLang(tag);
  if (!lang) return false;
  const language = new Intl.Locale(lang).language;
  return englishNames.of(language) !== undefined && englishNames.of(language) !== language;
}

/**
 * A table's entry for the nearest language it has: `zh-Hant-TW` -> `zh-Hant`, `de-AT` -> `de`,
 * `zh-TW` -> `zh-Hant` (by its likely script), never `zh` (Simplified) for it; undefined when none.
 */
export function nearest<T>(table: Readonly<Record<string, T>>, lang: Lang): T | undefined {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(lang);
  } catch {
    return undefined;
  }
  const script = locale.maximize().script;
  const bare = locale.language;
  const bareFits = new Intl.Locale(bare).maximize().script === script;
  return table[lang] ?? table[`${bare}-${script}`] ?? (bareFits ? table[bare] : undefined);
}

/** Whether the table has labels for the language (else English ones are used, with a warning). */
export const hasLabels = (lang: Lang): boolean => nearest(labelTable, lang) !== undefined;

export const rulesFor = (lang: Lang): LanguageRules => nearest(labelTable, lang) ?? labelTable.en!;

export const labelsOf = (lang: Lang): Labels => rulesFor(lang).labels;

// The scripts written right to left (CLDR's script metadata; Intl's textInfo goes by language only).
const rtlScripts = new Set(['Adlm', 'Arab', 'Aran', 'Hebr', 'Mand', 'Mend', 'Nkoo', 'Rohg', 'Samr', 'Syrc', 'Thaa', 'Yezi', 'Hung', 'Phnx', 'Sogd', 'Sogo', 'Khar', 'Nbat', 'Palm', 'Armi', 'Avst', 'Mani', 'Narb', 'Sarb', 'Orkh', 'Chrs', 'Elym', 'Lydi', 'Ougr', 'Prti', 'Phli', 'Phlp']);

/** Right to left for text in Arabic, Hebrew, Thaana, Syriac, N'Ko... script: the tag's own (`az-Arab`) or its language's likely one. */
export function directionOf(lang: Lang): 'ltr' | 'rtl' {
  try {
    return rtlScripts.has(new Intl.Locale(lang).maximize().script ?? '') ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

// Formatters take milliseconds to make and templates format many dates: one of each per language.
const dateFormats = new Map<Lang, Intl.DateTimeFormat>();
const languageNames = new Map<Lang, Intl.DisplayNames>();
const numberFormats = new Map<Lang, Intl.NumberFormat>();

// English in a British form, as the labels are: 25 November 2026, not November 25, 2026.
const intlTag = (lang: Lang) => (lang === 'en' ? 'en-GB' : lang);

/** "25 Kasım 2026" / "31 يوليو 2016" from an ISO date, independent of the machine's zone. */
export function formatDate(isoDate: string, lang: Lang): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  let format = dateFormats.get(lang);
  if (!format) dateFormats.set(lang, (format = new Intl.DateTimeFormat(intlTag(lang), { dateStyle: 'long', timeZone: 'UTC' })));
  return format.format(date);
}

/** A whole number in the language's digits: `١٢` in Arabic. */
export function formatInteger(value: number, lang: Lang): string {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(intlTag(lang), { useGrouping: false, maximumFractionDigits: 0 })));
  return format.format(value);
}

// CSS counter styles for CLDR's numbering systems, for page numbers drawn by CSS.
const counterStyles: Readonly<Record<string, string>> = { arab: 'arabic-indic', arabext: 'persian', beng: 'bengali', deva: 'devanagari', thai: 'thai', mymr: 'myanmar', khmr: 'khmer', laoo: 'lao', tibt: 'tibetan', gujr: 'gujarati', guru: 'gurmukhi', knda: 'kannada', mlym: 'malayalam', orya: 'oriya', telu: 'telugu', tamldec: 'tamil' };

/** The CSS counter style writing numbers as the language does (`arabic-indic`), `decimal` by default. */
export function counterStyleOf(lang: Lang): string {
  const system = new Intl.NumberFormat(intlTag(lang)).resolvedOptions().numberingSystem;
  return counterStyles[system] ?? 'decimal';
}

/** The name of a language in another: `İngilizce` is English in Turkish. */
export function languageName(lang: Lang, inLang: Lang): string {
  let names = languageNames.get(inLang);
  if (!names) languageNames.set(inLang, (names = new Intl.DisplayNames([intlTag(inLang)], { type: 'language' })));
  return names.of(lang) ?? lang;
}

/** Upper case by the language's rules: Turkish i -> İ, ı -> I. */
export function upperCase(text: string, lang: Lang): string {
  return text.toLocaleUpperCase(lang);
}

/** A zod field taking any BCP 47 tag, canonicalised (`ZH-hant` -> `zh-Hant`). */
export const langTag = (what: string) =>
  z.string({ error: `${what} must be a language tag` }).transform((value, ctx) => {
    const lang = canonicalLang(value.trim());
    if (lang) return lang;
    ctx.addIssue({ code: 'custom', message: `${what} "${value}" is no BCP 47 language tag: write one like "tr", "en", "ar", "zh-Hant" or "pt-BR"` });
    return z.NEVER;
  });
