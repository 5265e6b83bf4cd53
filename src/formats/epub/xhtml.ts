import type { Element, Properties, Root, RootContent } from 'hast';
import { walkElements } from '../../content/walk.js';
import { softHyphen } from '../../content/hyphenation.js';
import { escapeXml, ncName } from './xml.js';

/** Where an id of the brief lands in the book: its file and its XML-valid id there. */
export interface Anchor {
  file: string;
  id: string;
}

export type Anchors = ReadonlyMap<string, Anchor>;

/** One content document made from the brief's body. */
export interface BodyPage {
  file: string;
  /** Ids the page's template adds around the tree (the section heading's). */
  ids: readonly string[];
  tree: Root;
}

/**
 * Gives every id of the body a valid XML id, unique in the book, and notes the file that holds it, so
 * links and the navigation can point across the split into one file per section.
 */
export function collectAnchors(pages: readonly BodyPage[]): Map<string, Anchor> {
  const anchors = new Map<string, Anchor>();
  const used = new Set<string>();
  const add = (id: string, file: string) => {
    if (!id || anchors.has(id)) return;
    const base = ncName(id);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    anchors.set(id, { file, id: name });
  };
  for (const page of pages) {
    page.ids.forEach((id) => add(id, page.file));
    walkElements(page.tree, (node) => {
      if (typeof node.properties.id === 'string') add(node.properties.id, page.file);
    });
  }
  return anchors;
}

// The sanitiser keeps GitHub's tag list, which has two elements HTML5 made obsolete.
const renamed: Record<string, string> = { strike: 's', tt: 'code' };
const voids = new Set(['br', 'hr', 'input', 'wbr']);
// GitHub's attribute list is mostly HTML4 presentation attributes that EPUB's HTML5 rejects: keep these.
const globalAttributes = new Set(['id', 'className', 'lang', 'dir', 'title', 'ariaLabel', 'ariaDescribedBy', 'ariaLabelledBy']);
const elementAttributes: Record<string, readonly string[]> = {
  a: ['href', 'hrefLang'],
  ol: ['start'],
  td: ['colSpan', 'rowSpan', 'align'],
  th: ['colSpan', 'rowSpan', 'align', 'scope'],
  input: ['type', 'checked', 'disabled'],
  details: ['open'],
};
const linkProtocols = new Set(['http:', 'https:', 'mailto:', 'irc:', 'ircs:', 'xmpp:']);
const langTag = /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i;
const oneOf = (values: readonly string[]) => (v: string) => values.includes(v);
const isInteger = (min: number, max: number) => (v: string) => /^-?\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
const checks: Record<string, (value: string) => boolean> = {
  lang: (v) => langTag.test(v),
  hrefLang: (v) => langTag.test(v),
  dir: oneOf(['ltr', 'rtl', 'auto']),
  scope: oneOf(['row', 'col', 'rowgroup', 'colgroup']),
  type: oneOf(['checkbox']),
  start: isInteger(-1e9, 1e9),
  colSpan: isInteger(1, 1000),
  rowSpan: isInteger(0, 65534),
  align: oneOf(['left', 'center', 'right', 'justify']),
};
const booleans = new Set(['checked', 'disabled', 'open']);
const attributeNames: Record<string, string> = { className: 'class', hrefLang: 'hreflang', colSpan: 'colspan', rowSpan: 'rowspan' };

/** `ariaDescribedBy` -> `aria-describedby`, `dataFootnoteRef` -> `data-footnote-ref`. */
function attributeName(property: string): string {
  if (/^aria[A-Z]/.test(property)) return `aria-${property.slice(4).toLowerCase()}`;
  if (/^data[A-Z]/.test(property)) return `data${property.slice(4).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return attributeNames[property] ?? property;
}

/** Images of the brief (the build inlines them as data: URLs), as files of the book. */
export class BookImages {
  readonly files = new Map<string, { id: string; href: string; mediaType: string; data: Uint8Array }>();

  /** The book path of an inlined image; undefined for anything else. */
  add(src: string): string | undefined {
    const match = /^data:(image\/(png|jpeg|gif|webp|svg\+xml));base64,(.*)$/s.exec(src);
    if (!match) return undefined;
    const known = this.files.get(src);
    if (known) return known.href;
    const n = this.files.size + 1;
    const ext = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp', 'svg+xml': 'svg' }[match[2]!]!;
    const href = `images/image-${n}.${ext}`;
    this.files.set(src, { id: `image-${n}`, href, mediaType: match[1]!, data: Buffer.from(match[3]!, 'base64') });
    return href;
  }
}

interface PageState {
  file: string;
  anchors: Anchors;
  images: BookImages;
  /** Ids written to this page so far: a repeated id is dropped. */
  written: Set<string>;
}

/** A link the book can follow: an id anywhere in the book, or an absolute URL of a protocol the sanitiser allows. */
function resolveHref(href: string, page: PageState): string | undefined {
  if (href.startsWith('#')) {
    let target: string;
    try {
      target = decodeURIComponent(href.slice(1));
    } catch {
      return undefined;
    }
    const anchor = page.anchors.get(target);
    return anchor && `${anchor.file === page.file ? '' : anchor.file}#${anchor.id}`;
  }
  try {
    const url = new URL(href);
    return linkProtocols.has(url.protocol) ? url.href : undefined;
  } catch {
    // Relative links point at files the book does not have.
    return undefined;
  }
}

/** The attributes of one element that are valid in EPUB XHTML, with ids and id references mapped. */
function attributes(tagName: string, properties: Properties, page: PageState): string {
  const out: string[] = [];
  const put = (name: string, value: string) => out.push(` ${name}="${escapeXml(value)}"`);
  const allowed = elementAttributes[tagName] ?? [];
  for (const [key, raw] of Object.entries(properties)) {
    if (raw === null || raw === undefined || raw === false) continue;
    const isData = /^data[A-Z]/.test(key);
    if (!globalAttributes.has(key) && !allowed.includes(key) && !isData) continue;
    const value = Array.isArray(raw) ? raw.map(String) : raw === true ? [] : [String(raw)];
    const text = value.join(' ');
    if (checks[key] && !checks[key](text)) continue;
    if (key === 'id') {
      const anchor = page.anchors.get(text);
      if (anchor?.file !== page.file || page.written.has(anchor.id)) continue;
      page.written.add(anchor.id);
      put('id', anchor.id);
    } else if (key === 'ariaDescribedBy' || key === 'ariaLabelledBy') {
      // ID references must name an element of the same document.
      const ids = value.map((id) => page.anchors.get(id)).filter((a) => a?.file === page.file).map((a) => a!.id);
      if (ids.length > 0) put(attributeName(key), ids.join(' '));
    } else if (key === 'href') {
      const href = resolveHref(text, page);
      if (href) put('href', href);
    } else if (key === 'align') {
      put('style', `text-align: ${text}`);
    } else if (booleans.has(key)) {
      put(key, key);
    } else {
      put(attributeName(key), text);
    }
  }
  return out.join('');
}

function serialize(node: Root | RootContent, page: PageState): string {
  switch (node.type) {
    case 'root':
      return node.children.map((child) => serialize(child, page)).join('');
    case 'text':
      // Soft hyphens are for the printed brief and the one-pager (see rehype-hyphenate): a reading
      // system hyphenates by itself, at the reader's type size.
      return escapeXml(node.value.replaceAll(softHyphen, ''));
    case 'element':
      return element(node, page);
    default:
      // Comments, doctypes and raw HTML have no place in the book (the sanitiser drops them already).
      return '';
  }
}

function element(node: Element, page: PageState): string {
  const children = () => node.children.map((child) => serialize(child, page)).join('');
  // Inlined images become files of the book; any other (there should be none) its alternative text.
  if (node.tagName === 'img') {
    const alt = typeof node.properties.alt === 'string' ? node.properties.alt.trim() : '';
    const href = typeof node.properties.src === 'string' ? page.images.add(node.properties.src) : undefined;
    if (href) return `<img src="${escapeXml(href)}" alt="${escapeXml(alt)}"/>`;
    return alt ? `<span class="bp-image-alt">${escapeXml(alt)}</span>` : '';
  }
  if (node.tagName === 'picture') return children();
  if (node.tagName === 'source') return '';
  const tag = renamed[node.tagName] ?? node.tagName;
  // In a chapter (`doc-chapter`), an aside is a complementary landmark to reading systems, and a
  // section's asides would be several landmarks of one name: an author's aside is a note to the text.
  const note = tag === 'aside' && !node.properties.ariaLabel && !node.properties.ariaLabelledBy ? ' role="note"' : '';
  const attrs = attributes(node.tagName, node.properties, page) + note;
  return voids.has(tag) ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${children()}</${tag}>`;
}

/**
 * Serialises a page's sanitised hast as EPUB XHTML: well-formed XML, HTML5 elements and attributes
 * only, ids valid XML names, every link resolvable inside the book or absolute.
 */
export function toXhtml(tree: Root, file: string, anchors: Anchors, images: BookImages): string {
  return serialize(tree, { file, anchors, images, written: new Set() });
}
