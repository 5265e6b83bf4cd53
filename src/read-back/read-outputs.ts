import { strFromU8, unzipSync } from 'fflate';
import { Parser } from 'htmlparser2';
import { cssHazards, HtmlHazards } from '../hazards.js';
import { collapse, type OutputKind, type OutputText } from './output-text.js';

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
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        hazards.openTag(name, attributes);
        if (name === 'meta' && attributes.name === 'briefpack:revision') revision = attributes.content ?? '';
        if (unseen.has(name)) unseenDepth++;
        else if (name === 'nav') navDepth++;
        else if (headingTags.has(name) && unseenDepth === 0 && navDepth === 0) heading = [];
      },
      ontext(data) {
        if (unseenDepth > 0) return;
        text.push(data);
        heading?.push(data);
      },
      onclosetag(name) {
        if (unseen.has(name)) return void unseenDepth--;
        if (name === 'nav') navDepth--;
        if (heading && headingTags.has(name)) {
          headings.push(collapse(heading.join('')));
          heading = undefined;
        }
        // Block ends are word ends: "<li>a</li><li>b</li>" reads "a b".
        if (unseenDepth === 0) text.push(' ');
      },
    },
    { decodeEntities: true },
  );
  // Inlined fonts and scripts are most of a page's bytes and none of its words: checked, then dropped
  // before parsing. A style or script element ends at the first `</style` or `</script`, as the regexp does.
  const emptied = html.replace(/<(style|script)\b([^>]*)>([\s\S]*?)<\/\1/gi, (_, tag: string, attributes: string, body: string) => {
    if (tag.toLowerCase() === 'style') hazards.style(body);
    else hazards.script(body);
    return `<${tag}${attributes}></${tag}`;
  });
  parser.end(emptied);
  return { text: collapse(text.join('')), revision, headings, hazards: hazards.result() };
}

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
  const docs = spine.filter((id) => id !== navId).map((id) => readHtml(file(base + decodeURI(hrefs.get(id) ?? '')), true));
  // Every file of the book is opened by a reading system, in the spine or not.
  const hazards = Object.keys(files).flatMap((name) => {
    if (/\.css$/i.test(name)) return cssHazards(file(name), name, true);
    if (/\.(x?html?|svg|opf|ncx|xml)$/i.test(name)) return readHtml(file(name), true).hazards.map((h) => `${h} in ${name}`);
    return [];
  });
  return { text: collapse(docs.map((d) => d.text).join(' ')), revision, headings: docs.flatMap((d) => d.headings), hazards };
}

/** Reads an output back on this thread (a PDF with PDFium, loaded on first use). */
export async function readOutput(kind: OutputKind, data: Uint8Array): Promise<OutputText> {
  if (kind === 'html') return readHtml(new TextDecoder().decode(data));
  if (kind === 'epub') return readEpub(data);
  return (await import('./read-pdf.js')).readPdf(data);
}
