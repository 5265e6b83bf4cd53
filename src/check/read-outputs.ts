import { strFromU8, unzipSync } from 'fflate';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { remove } from 'unist-util-remove';
import { visit } from 'unist-util-visit';

/** The kinds of file a brief's outputs are, as far as reading them back goes. */
export type OutputKind = 'pdf' | 'html' | 'epub';

/** What an output says, read back from its bytes: its text and the revision stamp it carries. */
export interface OutputText {
  /** Every word a reader sees (and, for a deck, the speaker notes), white space collapsed. */
  text: string;
  /** The stamp in the output's metadata; null when it has none. */
  revision: string | null;
  /** Text of every heading (a deck: every slide title), not counting tables of contents. */
  headings: string[];
}

export const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * Text of an HTML or XHTML document without styles and scripts, its headings outside navigation
 * (a table of contents lists a heading that may be gone), and its `briefpack:revision` meta.
 */
export function readHtml(html: string): OutputText {
  // Inlined fonts and scripts are most of a page's bytes and none of its words: drop them before
  // parsing. A style or script element ends at the first `</style` or `</script`, as the regexps do.
  const tree: Root = fromHtml(html.replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1/gi, '<$1></$1'));
  let revision: string | null = null;
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'meta' && node.properties.name === 'briefpack:revision') revision = String(node.properties.content ?? '');
  });
  remove(tree, (node) => node.type === 'element' && ['style', 'script', 'template', 'head'].includes((node as Element).tagName));
  const headings: string[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'nav') return 'skip';
    if (headingTags.has(node.tagName)) headings.push(collapse(toString(node)));
    return undefined;
  });
  // Block ends are word ends: "<li>a</li><li>b</li>" reads "a b".
  visit(tree, 'element', (node: Element) => {
    node.children.push({ type: 'text', value: ' ' });
  });
  return { text: collapse(toString(tree)), revision, headings };
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
  const opf = fromHtml(file(opfPath));
  const base = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';
  const hrefs = new Map<string, string>();
  const spine: string[] = [];
  let revision: string | null = null;
  let navId: string | undefined;
  visit(opf, 'element', (node: Element) => {
    if (node.tagName === 'item' && String(node.properties.properties ?? '').split(' ').includes('nav')) navId = String(node.properties.id);
    const p = node.properties;
    if (node.tagName === 'item') hrefs.set(String(p.id), String(p.href));
    if (node.tagName === 'itemref') spine.push(String(p.idref));
    if (node.tagName === 'meta' && p.name === 'briefpack:revision') revision = String(p.content ?? '');
  });
  // The navigation document is all table of contents.
  const docs = spine.filter((id) => id !== navId).map((id) => readHtml(file(base + decodeURI(hrefs.get(id) ?? ''))));
  return { text: collapse(docs.map((d) => d.text).join(' ')), revision, headings: docs.flatMap((d) => d.headings) };
}

/** Reads an output back on this thread (a PDF with PDFium, loaded on first use). */
export async function readOutput(kind: OutputKind, data: Uint8Array): Promise<OutputText> {
  if (kind === 'html') return readHtml(new TextDecoder().decode(data));
  if (kind === 'epub') return readEpub(data);
  return (await import('./read-pdf.js')).readPdf(data);
}
