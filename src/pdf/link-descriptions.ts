import type { PDFDocument } from 'pdf-lib';
import { loadPdfLib } from './pdf-lib.js';

/** A link of the printed page: where it goes (an absolute URL, or `#id` within the page) and what it says. */
export interface PageLink {
  href: string;
  text: string;
}

/**
 * A page script: every link's destination and its accessible text (its label, else its text, else
 * its title), for the PDF's link annotations, which Chromium leaves without a description.
 */
export function pageLinks(): PageLink[] {
  return [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].map((a) => {
    const raw = a.getAttribute('href') ?? '';
    const text = (a.getAttribute('aria-label') || a.textContent || a.title || '').replace(/\s+/g, ' ').trim();
    return { href: raw.startsWith('#') ? raw : a.href, text };
  });
}

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Gives every link annotation a description (/Contents), as PDF/UA asks: the link's own text on the
 * page, matched by destination (Chromium names a link's destination after the target's id, percent
 * encoded); an address or a target that no link of the page names describes itself.
 */
export async function describeLinks(doc: PDFDocument, links: readonly PageLink[]): Promise<void> {
  const { PDFArray, PDFDict, PDFHexString, PDFName, PDFString } = await loadPdfLib();
  const byTarget = new Map<string, string>();
  for (const { href, text } of links) {
    const key = href.startsWith('#') ? `#${safeDecode(href.slice(1))}` : href;
    if (text && !byTarget.has(key)) byTarget.set(key, text);
  }
  const text = (o: unknown) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);
  for (const page of doc.getPages()) {
    const annotations = page.node.lookup(PDFName.of('Annots'));
    if (!(annotations instanceof PDFArray)) continue;
    for (const ref of annotations.asArray()) {
      const annotation = doc.context.lookup(ref);
      if (!(annotation instanceof PDFDict) || annotation.get(PDFName.of('Subtype')) !== PDFName.of('Link') || annotation.has(PDFName.of('Contents'))) continue;
      const dest = annotation.get(PDFName.of('Dest'));
      const action = annotation.lookup(PDFName.of('A'));
      const uri = action instanceof PDFDict ? text(action.lookup(PDFName.of('URI'))) : undefined;
      const key = dest instanceof PDFName ? `#${safeDecode(dest.decodeText())}` : uri;
      if (key === undefined) continue;
      const description = byTarget.get(key) ?? (uri ?? key.slice(1));
      annotation.set(PDFName.of('Contents'), PDFHexString.fromText(description));
    }
  }
}
