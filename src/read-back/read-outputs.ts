import { strFromU8, unzipSync } from 'fflate';
import { Parser } from 'htmlparser2';
import { cssHazards, HtmlHazards, localName } from '../hazards.js';
import { collapse, readerText, type OutputKind, type OutputText } from './output-text.js';

const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
// What a reader never sees: styles, scripts, templates and the head (a page's title is not its text).
const unseen = new Set(['style', 'script', 'template', 'head']);

/**
 * Text of an HTML or XHTML document without styles and scripts, its headings outside navigation
 * (a table of contents lists a heading that may be gone), and its `briefpack:revision` meta. A
 * streaming parser (htmlparser2): reading back is a good part of a build's work, and no tree is needed.
 */
export function readHtml(html: string, withinBook = false): OutputText {
  const text: string[] = [];
  const headings: string[] = [];
  let revision: string | null = null;
  let unseenDepth = 0;
  let navDepth = 0;
  let heading: string[] | undefined;
  const hazards = new HtmlHazards(withinBook);
  // The style or script element being read, by local name (`h:script` is a script to an XML reader).
  let raw: { kind: 'style' | 'script'; text: string[] } | undefined;
  const endRaw = () => {
    if (raw?.kind === 'style') hazards.style(decodeXmlEntities(raw.text.join('')));
    else if (raw) hazards.script(raw.text.join(''));
    raw = undefined;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        hazards.openTag(name, attributes);
        const local = localName(name);
        if (local === 'style' || local === 'script') {
          endRaw();
          raw = { kind: local, text: [] };
        }
        if (name === 'meta' && attributes.name === 'briefpack:revision') revision = attributes.content ?? '';
        if (unseen.has(name)) unseenDepth++;
        else if (name === 'nav') navDepth++;
        else if (headingTags.has(name) && unseenDepth === 0 && navDepth === 0) heading = [];
      },
      ontext(data) {
        if (raw) return void raw.text.push(data);
        if (unseenDepth > 0) return;
        text.push(data);
        heading?.push(data);
      },
      onclosetag(name) {
        if (raw && localName(name) === raw.kind) endRaw();
        if (unseen.has(name)) return void unseenDepth--;
        if (name === 'nav') navDepth--;
        if (heading && headingTags.has(name)) {
          headings.push(readerText(heading.join('')));
          heading = undefined;
        }
        // Block ends are word ends: "<li>a</li><li>b</li>" reads "a b".
        if (unseenDepth === 0) text.push(' ');
      },
      onend: endRaw,
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return { text: readerText(text.join('')), revision, headings, hazards: hazards.result(), scripts: hazards.scripts };
}

/** Numeric and XML's own entities decoded: what an XML reader, or SVG in HTML, hands CSS in a <style>. */
const decodeXmlEntities = (text: string) =>
  text.includes('&')
    ? text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));?/gi, (m, hex?: string, dec?: string, name?: string) => {
        if (name) return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()] ?? m;
        const n = hex ? parseInt(hex, 16) : Number(dec);
        return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
      })
    : text;

/** Text of an EPUB's documents in reading order, and the revision in its package metadata. */
export function readEpub(data: Uint8Array): OutputText {
  const files = unzipSync(data);
  const file = (name: string) => {
    const bytes = files[name];
    if (!bytes) throw new Error(`the EPUB has no ${name}`);
    return strFromU8(bytes);
  };
  const opfPath = /full-path="([^"]+)"/.exec(file('META-INF/container.xml'))?.[1];
  if (!opfPath) throw new Error('the EPUB names no package document');
  const base = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';
  const hrefs = new Map<string, string>();
  const spine: string[] = [];
  let revision: string | null = null;
  let navId: string | undefined;
  new Parser(
    {
      onopentag(name, a) {
        if (name === 'item') {
          hrefs.set(a.id ?? '', a.href ?? '');
          if ((a.properties ?? '').split(' ').includes('nav')) navId = a.id;
        }
        if (name === 'itemref') spine.push(a.idref ?? '');
        if (name === 'meta' && a.name === 'briefpack:revision') revision = a.content ?? '';
      },
    },
    { xmlMode: true },
  ).end(file(opfPath));
  // The navigation document is all table of contents.
  const decoded = (href: string) => {
    try {
      return decodeURI(href);
    } catch {
      return href;
    }
  };
  // Every file of the book is opened by a reading system, in the spine or not: each markup file is
  // read once, for its hazards and, in the spine, its text.
  const markup = new Map<string, OutputText>();
  const hazards = Object.keys(files).flatMap((name) => {
    if (/\.css$/i.test(name)) return cssHazards(file(name), name, true);
    if (!/\.(x?html?|svg|opf|ncx|xml)$/i.test(name)) return [];
    const read = readHtml(file(name), true);
    markup.set(name, read);
    // A book runs no script at all.
    return [...read.hazards, ...read.scripts.map(() => 'a <script> element')].map((h) => `${h} in ${name}`);
  });
  const docs = spine.filter((id) => id !== navId).map((id) => {
    const name = base + decoded(hrefs.get(id) ?? '');
    return markup.get(name) ?? readHtml(file(name), true);
  });
  return { text: collapse(docs.map((d) => d.text).join(' ')), revision, headings: docs.flatMap((d) => d.headings), hazards, scripts: [] };
}

/** Reads an output back on this thread (a PDF with PDFium, loaded on first use). */
export async function readOutput(kind: OutputKind, data: Uint8Array): Promise<OutputText> {
  if (kind === 'html') return readHtml(new TextDecoder().decode(data));
  if (kind === 'epub') return readEpub(data);
  if (kind === 'pptx') return (await import('./read-pptx.js')).readPptx(data);
  return (await import('./read-pdf.js')).readPdf(data);
}
