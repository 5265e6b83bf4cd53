export interface XmpFields {
  title: string;
  author?: string;
  description?: string;
  /** BCP 47 language of the document. */
  lang: string;
  keywords: readonly string[];
  /** The Info dictionary's Keywords, exactly (readers compare the two). */
  keywordsText?: string;
  creatorTool: string;
  producer: string;
  date: Date;
}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
// XML 1.0 has no place for most control characters; a title cannot carry them anyway.
const xmlText = (text: string) => escapeXml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
const alt = (text: string, lang: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xmlText(text)}</rdf:li><rdf:li xml:lang="${escapeXml(lang)}">${xmlText(text)}</rdf:li></rdf:Alt>`;

/**
 * The document's XMP metadata packet: what the Info dictionary says, in the form PDF/UA asks for
 * (dc:title, dc:language), and the PDF/UA-1 identification, `pdfuaid:part` 1. Pure.
 */
export function xmpPacket(fields: XmpFields): string {
  const date = fields.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const lines = [
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(fields.title, fields.lang)}</dc:title>`,
    fields.author ? `<dc:creator><rdf:Seq><rdf:li>${xmlText(fields.author)}</rdf:li></rdf:Seq></dc:creator>` : '',
    fields.description ? `<dc:description>${alt(fields.description, fields.lang)}</dc:description>` : '',
    `<dc:language><rdf:Bag><rdf:li>${escapeXml(fields.lang)}</rdf:li></rdf:Bag></dc:language>`,
    fields.keywords.length > 0 ? `<dc:subject><rdf:Bag>${fields.keywords.map((k) => `<rdf:li>${xmlText(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>` : '',
    fields.keywordsText ? `<pdf:Keywords>${xmlText(fields.keywordsText)}</pdf:Keywords>` : '',
    `<pdf:Producer>${xmlText(fields.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${xmlText(fields.creatorTool)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<pdfuaid:part>1</pdfuaid:part>`,
  ].filter(Boolean);
  return [
    `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">`,
    ...lines.map((line) => `  ${line}`),
    `</rdf:Description>`,
    `</rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
  ].join('\n');
}
