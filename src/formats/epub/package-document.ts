import { directionOf } from '../../locale.js';
import { createHash } from 'node:crypto';
import { fullTitle, type BriefMeta } from '../../model.js';
import { escapeXml } from './xml.js';

// briefpack's own UUID namespace: identifiers derived in it belong to briefpack's books.
const namespace = Buffer.from('3f1c2a9e5b7d4e08a6c1d2e3f4a5b6c7', 'hex');

/**
 * `urn:uuid:` of a name-based (version 5) UUID of the brief's slug and language: the same brief keeps
 * its identifier across builds, so reading systems update the book instead of adding a copy.
 */
export function bookIdentifier(meta: Pick<BriefMeta, 'slug' | 'lang'>): string {
  const bytes = createHash('sha1').update(namespace).update(`${meta.slug}/${meta.lang}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}


/** `dcterms:modified` wants whole seconds in UTC: `2016-07-31T12:00:00Z`. */
export const modifiedStamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
  /** In the reading order, in the order given. */
  spine?: boolean;
}

export interface PackageInput {
  meta: BriefMeta;
  identifier: string;
  modified: Date;
  generator: string;
  revision: string;
  items: readonly ManifestItem[];
}

/**
 * What the book offers a reader who cannot see it, or reads it another way (schema.org's properties,
 * as EPUB Accessibility 1.1 and DAISY Ace ask): text throughout, every picture with its text
 * alternative, contents, a heading per section and one reading order; nothing that flashes or moves.
 */
function accessibilityMetadata(items: readonly ManifestItem[]): string[] {
  const pictures = items.some((i) => i.mediaType.startsWith('image/') && !i.properties?.split(' ').includes('cover-image'));
  const meta = (property: string, value: string) => `<meta property="schema:${property}">${value}</meta>`;
  return [
    meta('accessMode', 'textual'),
    ...(pictures ? [meta('accessMode', 'visual')] : []),
    meta('accessModeSufficient', 'textual'),
    ...['tableOfContents', 'structuralNavigation', 'readingOrder', ...(pictures ? ['alternativeText'] : [])].map((feature) => meta('accessibilityFeature', feature)),
    meta('accessibilityHazard', 'none'),
    `<meta property="schema:accessibilitySummary" xml:lang="en">${
      pictures
        ? 'Text throughout, with a text alternative for every picture; a table of contents, a heading for every section and one reading order.'
        : 'Text throughout; a table of contents, a heading for every section and one reading order.'
    }</meta>`,
  ];
}

/** The OPF package document: metadata from the front matter, every file, and the reading order. */
export function packageDocument({ meta, identifier, modified, generator, revision, items }: PackageInput): string {
  const e = escapeXml;
  const metadata = [
    `<dc:identifier id="pub-id">${e(identifier)}</dc:identifier>`,
    // One title, as the PDF has it: reading systems differ on which of several titles they show.
    `<dc:title>${e(fullTitle(meta))}</dc:title>`,
    `<dc:language>${e(meta.lang)}</dc:language>`,
    // What the brief does not say is left out, not written empty (epubcheck warns of empty elements).
    // The brief's issuer writes and publishes it; the organisation it is about is its subject.
    ...(meta.author ? [`<dc:creator id="creator">${e(meta.author)}</dc:creator>`, `<dc:publisher>${e(meta.author)}</dc:publisher>`] : []),
    ...(meta.asOf ? [`<dc:date>${e(meta.asOf)}</dc:date>`] : []),
    ...(meta.summary ? [`<dc:description>${e(meta.summary)}</dc:description>`] : []),
    ...[...new Set([...(meta.organisation ? [meta.organisation] : []), ...meta.keywords])].map((k) => `<dc:subject>${e(k)}</dc:subject>`),
    ...accessibilityMetadata(items),
    `<meta property="dcterms:modified">${modifiedStamp(modified)}</meta>`,
    ...items.filter((i) => i.properties?.split(' ').includes('cover-image')).map((i) => `<meta name="cover" content="${e(i.id)}"/>`),
    `<meta name="generator" content="${e(generator)}"/>`,
    // The revision stamp every output of one build shares (`briefpack check` compares them).
    `<meta name="briefpack:revision" content="${e(revision)}"/>`,
  ];
  const manifest = items.map(
    (i) => `<item id="${e(i.id)}" href="${e(i.href)}" media-type="${e(i.mediaType)}"${i.properties ? ` properties="${e(i.properties)}"` : ''}/>`,
  );
  const spine = items.filter((i) => i.spine).map((i) => `<itemref idref="${e(i.id)}"/>`);
  const indent = (lines: string[]) => lines.map((l) => `    ${l}`).join('\n');
  // Right-to-left books turn their pages the other way.
  const rtl = directionOf(meta.lang) === 'rtl';
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="${e(meta.lang)}"${rtl ? ' dir="rtl"' : ''}>
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
${indent(metadata)}
  </metadata>
  <manifest>
${indent(manifest)}
  </manifest>
  <spine${rtl ? ' page-progression-direction="rtl"' : ''}>
${indent(spine)}
  </spine>
</package>
`;
}

/** META-INF/container.xml: where the package document is. */
export const containerXml = (opfPath: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="${escapeXml(opfPath)}" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;
