/** A language's quotation marks: the outer pair, the pair for a quotation inside a quotation. */
export interface Quotes {
  open: string;
  close: string;
  innerOpen: string;
  innerClose: string;
  /** A narrow no-break space (U+202F) between the marks and what they quote, as French sets it. */
  spaced: boolean;
}

/** The apostrophe in every language of the table (`IOM’in`, `l’homme`, `don’t`). */
export const apostrophe = '’';

// CLDR's delimiters (common/main/<locale>.xml: quotationStart, quotationEnd, alternateQuotationStart,
// alternateQuotationEnd), as CLDR 45-46 has them for the languages briefpack's briefs are written in
// and the regional forms that differ from them; Intl gives none of them.
const cldr: Record<string, readonly [string, string, string, string]> = {
  ar: ['”', '“', '’', '‘'],
  de: ['„', '“', '‚', '‘'],
  en: ['“', '”', '‘', '’'],
  es: ['“', '”', '‘', '’'],
  fr: ['«', '»', '«', '»'],
  'fr-CH': ['«', '»', '‹', '›'],
  ru: ['«', '»', '„', '“'],
  tr: ['“', '”', '‘', '’'],
  zh: ['“', '”', '‘', '’'],
  'zh-Hant': ['「', '」', '『', '』'],
};

/**
 * The quotation marks of a BCP 47 tag's language: its region's or script's where CLDR gives them
 * (`fr-CH`, `zh-TW` as `zh-Hant`), else its primary language's; null for a language not in the table,
 * whose quotes stay as written.
 */
export function quotesFor(tag: string): Quotes | null {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag).maximize();
  } catch {
    return null;
  }
  const { language, region, script } = locale;
  const marks = cldr[`${language}-${region}`] ?? cldr[`${language}-${script}`] ?? cldr[language];
  if (!marks) return null;
  const [open, close, innerOpen, innerClose] = marks;
  return { open, close, innerOpen, innerClose, spaced: language === 'fr' };
}
