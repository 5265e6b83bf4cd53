import { zipParts, type Parts } from '../../read-back/zip-parts.js';

const customPart = 'docProps/custom.xml';
const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

export interface PackageOptions {
  builtOn: Date;
  revision: string;
  /** PNG pictures of the SVG ones, by the SVG's bytes in base64 (see svg-fallbacks.ts). */
  svgFallbacks: ReadonlyMap<string, Uint8Array>;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47];

/**
 * The package pptxgenjs wrote (its parts: see written-parts.ts), zipped reproducible and stamped: its
 * dates (pptxgenjs writes the clock's) become the build's, every entry is dated the build's date, and
 * the revision stamp goes into a custom document property, `BriefpackRevision`, as in the PDF's
 * document information. An SVG picture's PNG fallback, which pptxgenjs fills with the SVG itself in
 * Node, gets its PNG.
 */
export function finishPackage(written: Parts, options: PackageOptions): Uint8Array {
  const { builtOn, revision } = options;
  const files = new Map(written);
  for (const [name, bytes] of files) {
    if (!/^ppt\/media\/.*\.png$/.test(name) || pngSignature.every((b, i) => bytes[i] === b)) continue;
    const png = options.svgFallbacks.get(Buffer.from(bytes).toString('base64'));
    if (png) files.set(name, png);
  }
  const when = builtOn.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const edit = (name: string, change: (xml: string) => string) => {
    const file = files.get(name);
    if (!file) throw new Error(`pptxgenjs wrote no ${name}`);
    files.set(name, new TextEncoder().encode(change(new TextDecoder().decode(file))));
  };
  edit('docProps/core.xml', (xml) => xml.replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*/g, `$1${when}`));
  edit('[Content_Types].xml', (xml) => xml.replace('</Types>', `<Override PartName="/${customPart}" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`));
  edit('_rels/.rels', (xml) => xml.replace('</Relationships>', `<Relationship Id="rIdBriefpack1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="${customPart}"/></Relationships>`));
  files.set(customPart, new TextEncoder().encode(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
      `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="BriefpackRevision"><vt:lpwstr>${escapeXml(revision)}</vt:lpwstr></property></Properties>`,
  ));
  // [Content_Types].xml first, as Office writes it; pictures are compressed already.
  const types = '[Content_Types].xml';
  const ordered = new Map([[types, files.get(types)!], ...[...files].filter(([name]) => name !== types)]);
  return zipParts(ordered, builtOn, (name) => /\.(png|jpe?g|gif|webp)$/i.test(name));
}
