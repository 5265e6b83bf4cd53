// What PDF/UA-1 asks of a PDF that can be checked without veraPDF (which does not install here):
// this walks the structure tree and the content streams with its own reader, not briefpack's.
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

const STANDARD = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '),
);
const PAINTING = new Set(['Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh', 'Do', 'EI']);
// Strings first (hex, then literal without nesting: Chromium writes glyphs as hex), then the rest.
const TOKEN = /<<|>>|<[0-9A-Fa-f\s]*>|\((?:\\[\s\S]|[^\\)])*\)|\[|\]|\/[^\s/[\]()<>{}%]*|[^\s/[\]()<>{}%]+/g;

export interface PdfStructure {
  /** Structure types in use, as role-mapped to standard ones (undefined where no mapping reaches one). */
  types: string[];
  /** Each element's type and its kids' types (kids that are not elements: `mcid`, `objr`). */
  elements: Array<{ type: string; kids: string[] }>;
  xmp: string;
  problems: string[];
}

const text = (o: unknown) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

export async function pdfStructure(file: string): Promise<PdfStructure> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const problems: string[] = [];
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const roleMap = root.lookup(PDFName.of('RoleMap'));
  const standard = (type: string): string | undefined => {
    for (let t = type, hops = 0; hops < 5; hops++) {
      if (STANDARD.has(t)) return t;
      const mapped = roleMap instanceof PDFDict ? roleMap.get(PDFName.of(t)) : undefined;
      if (!(mapped instanceof PDFName)) return undefined;
      t = mapped.decodeText();
    }
    return undefined;
  };
  const elements: PdfStructure['elements'] = [];
  const types = new Set<string>();
  const visit = (node: PDFDict) => {
    const k = node.get(PDFName.of('K'));
    const kids: PDFObject[] = k === undefined ? [] : doc.context.lookup(k) instanceof PDFArray ? (doc.context.lookup(k) as PDFArray).asArray() : [k];
    const kidTypes: string[] = [];
    for (const kid of kids) {
      const child = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      if (child instanceof PDFNumber) kidTypes.push('mcid');
      else if (child instanceof PDFDict && child.get(PDFName.of('S')) instanceof PDFName) {
        const raw = child.lookup(PDFName.of('S'), PDFName).decodeText();
        const type = standard(raw);
        if (type === undefined) problems.push(`structure type ${raw} is neither standard nor role-mapped to one`);
        if (type === 'Figure' && !text(child.lookup(PDFName.of('Alt'))) && !text(child.lookup(PDFName.of('ActualText')))) problems.push('a Figure without alternative text');
        types.add(type ?? raw);
        kidTypes.push(type ?? raw);
        visit(child);
      } else if (child instanceof PDFDict && child.has(PDFName.of('Obj'))) kidTypes.push('objr');
      else kidTypes.push('mcid');
    }
    const own = node.get(PDFName.of('S'));
    if (own instanceof PDFName) elements.push({ type: standard(own.decodeText()) ?? own.decodeText(), kids: kidTypes });
  };
  visit(root);
  for (const { type, kids } of elements) {
    if (type === 'LI' && kids.some((k) => k !== 'Lbl' && k !== 'LBody')) problems.push(`LI holds ${kids.join(', ')}: all but its Lbl belongs in an LBody`);
    if (type === 'TOCI' && kids.some((k) => !['Lbl', 'Reference', 'NonStruct', 'P', 'TOC'].includes(k))) problems.push(`TOCI holds ${kids.join(', ')}`);
  }

  // Content: every mark on a page inside marked content, whose outermost is an artifact or tagged
  // (MCID); a form with structure of its own (StructParents) drawn outside any, and read the same way.
  const checked = new Set<PDFObject>();
  const checkStream = (ref: PDFObject | undefined, resources: PDFDict | undefined, where: string) => {
    const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
    if (!(stream instanceof PDFRawStream) || checked.has(stream)) return;
    checked.add(stream);
    const source = Buffer.from(stream.dict.has(PDFName.of('Filter')) ? inflateSync(stream.contents) : stream.contents).toString('latin1');
    const tokens = source.match(TOKEN) ?? [];
    const xobjects = resources?.lookup(PDFName.of('XObject'));
    const form = (token: string | undefined) => {
      const found = token?.startsWith('/') && xobjects instanceof PDFDict ? doc.context.lookup(xobjects.get(PDFName.of(token.slice(1)))) : undefined;
      return found instanceof PDFRawStream && found.dict.has(PDFName.of('StructParents')) ? found : undefined;
    };
    let depth = 0;
    let artifact = false;
    const untagged = new Set<string>();
    for (let t = 0; t < tokens.length; t++) {
      const op = tokens[t]!;
      if (op === 'BDC' || op === 'BMC') {
        // What is inside tagged content or an artifact may be marked for other ends (ActualText, ReversedChars).
        if (depth++ > 0) continue;
        // `tag BMC`, `tag /Props BDC` or `tag << … >> BDC`.
        let at = t - 1;
        if (op === 'BDC' && tokens[at] === '>>') for (let nest = 0; at >= 0; at--) if ((nest += tokens[at] === '>>' ? 1 : tokens[at] === '<<' ? -1 : 0) === 0) break;
        const tag = tokens[op === 'BDC' ? at - 1 : at];
        const properties = tokens.slice(at, t).join(' ');
        artifact = tag === '/Artifact';
        if (!artifact && !/\/MCID \d+/.test(properties)) problems.push(`${where}: marked content ${tag} ${properties} is neither an artifact nor tagged`);
      } else if (op === 'EMC') depth--;
      else if (op === 'Do' && form(tokens[t - 1])) {
        if (depth > 0 && artifact) problems.push(`${where}: a form with structure drawn inside an artifact`);
        const drawn = form(tokens[t - 1])!;
        checkStream(drawn, drawn.dict.lookup(PDFName.of('Resources')) as PDFDict | undefined, `${where}, form ${tokens[t - 1]}`);
      } else if (depth === 0 && PAINTING.has(op)) untagged.add(op);
    }
    if (untagged.size > 0) problems.push(`${where}: ${[...untagged].join(' ')} outside marked content (neither tagged nor an artifact)`);
  };
  doc.getPages().forEach((page, i) => {
    const contents = page.node.get(PDFName.of('Contents'));
    const streams = doc.context.lookup(contents) instanceof PDFArray ? (doc.context.lookup(contents) as PDFArray).asArray() : [contents];
    for (const stream of streams) checkStream(stream, page.node.Resources(), `page ${i + 1}`);
    // Links: described (PDF/UA-1 7.18.5) and in the structure tree.
    const annotations = page.node.lookup(PDFName.of('Annots'));
    for (const ref of annotations instanceof PDFArray ? annotations.asArray() : []) {
      const annotation = doc.context.lookup(ref);
      if (!(annotation instanceof PDFDict) || annotation.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
      if (!text(annotation.lookup(PDFName.of('Contents')))) problems.push(`page ${i + 1}: a link without a description (Contents)`);
      if (!annotation.has(PDFName.of('StructParent'))) problems.push(`page ${i + 1}: a link outside the structure tree`);
    }
  });

  // Destinations: names within PDF 1.7's limit of 127 bytes, and every link's name one of them.
  const dests = doc.catalog.lookup(PDFName.of('Dests'));
  const names = new Set(dests instanceof PDFDict ? dests.keys().map((n) => n.asString()) : []);
  for (const name of names) if (name.length - 1 > 127) problems.push(`destination name of ${name.length - 1} bytes (${name.slice(0, 30)}…)`);
  for (const page of doc.getPages()) {
    const annotations = page.node.lookup(PDFName.of('Annots'));
    for (const ref of annotations instanceof PDFArray ? annotations.asArray() : []) {
      const dest = (doc.context.lookup(ref) as PDFDict).get(PDFName.of('Dest'));
      if (dest instanceof PDFName && !names.has(dest.asString())) problems.push(`a link to ${dest.asString()}, which is no destination`);
    }
  }

  // Metadata: XMP with the title, the language and the PDF/UA identification.
  const metadata = doc.catalog.lookup(PDFName.of('Metadata'));
  const xmp = metadata instanceof PDFRawStream ? Buffer.from(metadata.contents).toString('utf8') : '';
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  const title = text(info.lookup(PDFName.of('Title')));
  const lang = text(doc.catalog.lookup(PDFName.of('Lang')));
  if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(xmp)) problems.push('no XMP pdfuaid:part 1');
  if (!title || !xmp.includes(`<rdf:li xml:lang="x-default">${title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</rdf:li>`)) problems.push(`XMP dc:title is not the title "${title}"`);
  if (!lang || !new RegExp(`<dc:language><rdf:Bag><rdf:li>${lang}</rdf:li>`).test(xmp)) problems.push(`XMP dc:language is not ${lang}`);
  if (doc.catalog.lookup(PDFName.of('MarkInfo'), PDFDict).get(PDFName.of('Marked'))?.toString() !== 'true') problems.push('not marked as tagged');
  return { types: [...types], elements, xmp, problems };
}
