// EPUB files are XML: content must be escaped, stripped of characters XML forbids, and ids must be names.

/** Characters XML 1.0 forbids even as references: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const forbidden = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text without characters an XML file cannot hold. */
export const xmlChars = (text: string): string => text.replace(forbidden, '');

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text safe in XML character data and in double-quoted attribute values. */
export const escapeXml = (text: string): string => xmlChars(text).replace(/[&<>"]/g, (ch) => entities[ch]!);

/** Every string in a plain data value passed through xmlChars (for template data from the brief). */
export function xmlCleaned<T>(value: T): T {
  if (typeof value === 'string') return xmlChars(value) as T;
  if (Array.isArray(value)) return value.map(xmlCleaned) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlCleaned(v)])) as T;
  }
  return value;
}

// An approximation of XML's NCName kept inside what every XML 1.0 edition accepts.
const nameStart = /^[\p{L}_]/u;
const nameChar = /[\p{L}\p{Nd}\p{Mn}\p{Mc}._-]/u;

/**
 * An id that is an XML name without colons, as XML fragment identifiers and EPUB 2-era reading systems
 * expect (epubcheck 4 accepts any HTML5 id): rehype-slug makes `1-genel-bilgi` from "1. Genel Bilgi",
 * which starts with a digit, so such ids get a prefix.
 */
export function ncName(id: string): string {
  const chars = [...xmlChars(id)].map((ch) => (nameChar.test(ch) ? ch : '-')).join('');
  return nameStart.test(chars) ? chars : `id-${chars}`;
}
