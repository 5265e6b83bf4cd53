import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import { sanitizeSvg } from '../content/sanitize-svg.js';
import { BriefpackError, type Diagnostic, type SourcePlace } from '../errors.js';
import type { BriefDocument } from '../model.js';
import { isInside, readProjectFile } from '../project-fs.js';

const mediaTypes: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

export interface InlineImagesOptions {
  /** The project folder: no image is read from outside it. */
  root: string;
  /** The brief's file, which relative image paths are relative to. */
  briefFile: string;
  /** The brief's path as messages show it. */
  shown: string;
}

/** Every tree of the document that may hold an image: the body, and the deck's slides-only blocks and notes. */
function imageTrees(doc: BriefDocument): Array<Root | Element> {
  const slideNodes = doc.slides.flatMap((section) =>
    section.blocks.flatMap((block): ElementContent[] => (block.type === 'content' ? [block.node] : block.type === 'notes' ? block.children : [])),
  );
  return [doc.tree, ...slideNodes.filter((n): n is Element => n.type === 'element')];
}

/** Turns an image into its alt text, in place: sections and slides share the body's nodes, and a slide's block may be the image itself. */
function becomeAltText(node: Element): void {
  const alt = String(node.properties.alt ?? '');
  Object.assign(node, { tagName: 'span', properties: {}, children: alt ? [{ type: 'text', value: alt }] : [] } satisfies Partial<Element>);
}

/**
 * Outputs load nothing from outside, so images are inlined as data: URLs: local files are read
 * (inside the project only: real paths, links followed), remote ones dropped for their alt text with
 * a warning, SVG sanitised. The edge step between the pure parse and rendering: it mutates the
 * document's trees (the slides' too) and refreshes its HTML.
 */
export async function inlineImages(doc: BriefDocument, options: InlineImagesOptions): Promise<Diagnostic[]> {
  const images: Element[] = [];
  for (const tree of imageTrees(doc)) {
    visit(tree, 'element', (node) => {
      if (node.tagName === 'img' && !(typeof node.properties.src === 'string' && node.properties.src.startsWith('data:'))) images.push(node);
    });
  }
  if (images.length === 0) return [];
  const warnings: Diagnostic[] = [];
  const at = (node: Element) => ({ file: options.shown, line: node.position?.start.line, column: node.position?.start.column });
  // One read per file, however often a brief shows it.
  const dataUrls = new Map<string, Promise<string>>();
  for (const node of images) {
    const src = typeof node.properties.src === 'string' ? node.properties.src : '';
    const place = at(node);
    if (src === '' || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(src.trim())) {
      // The body and the deck's view may show one image twice: one warning.
      const warning = `image ${src} is not in the project: outputs load nothing from outside, so its alt text stands in; save it next to the brief and link it relatively`;
      if (src && !warnings.some((w) => w.message === warning && w.place.line === place.line)) warnings.push({ severity: 'warning', message: warning, place });
      becomeAltText(node);
      continue;
    }
    let relative: string;
    try {
      relative = decodeURI(src.split(/[?#]/)[0]!);
    } catch {
      throw new BriefpackError('CONTENT', `image ${src}: its %-escapes are not valid UTF-8 (write %20 for a space, or the character itself)`, place);
    }
    const file = path.resolve(path.dirname(options.briefFile), relative);
    const type = mediaTypes[path.extname(file).toLowerCase()];
    if (!isInside(options.root, file)) throw new BriefpackError('CONTENT', `image ${src} is outside the project`, place);
    if (!type) throw new BriefpackError('CONTENT', `image ${src}: use PNG, JPEG, GIF, WebP or SVG`, place);
    let dataUrl = dataUrls.get(file);
    if (!dataUrl) {
      dataUrl = readProjectFile(file, { root: options.root, what: `image ${src}`, place }).then((data) => {
        if (type !== 'image/svg+xml') return `data:${type};base64,${data.toString('base64')}`;
        return `data:${type};base64,${Buffer.from(safeSvg(data, src, place, warnings)).toString('base64')}`;
      });
      dataUrls.set(file, dataUrl);
    }
    node.properties.src = await dataUrl;
  }
  doc.html = toHtml(doc.tree);
  return warnings;
}

/** An author's SVG with nothing that runs or loads: what went is said at the image's line. */
function safeSvg(data: Buffer, src: string, place: SourcePlace, warnings: Diagnostic[]): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new BriefpackError('CONTENT', `image ${src} is not a UTF-8 SVG file`, place);
  }
  let sanitized;
  try {
    sanitized = sanitizeSvg(text);
  } catch (error) {
    throw new BriefpackError('CONTENT', `image ${src}: ${(error as Error).message}`, place);
  }
  // What editors leave (their own namespaces, metadata, a DOCTYPE) goes silently; what would have run,
  // loaded or linked is told, its names stripped of control characters (they reach a terminal).
  const told = sanitized.removed.filter((r) => /^on\w* attribute|script|href|url\(|@import|foreignobject|iframe|embed|object|animat|^set element|style element|xml-stylesheet|link/i.test(r));
  if (told.length > 0) {
    const removed = told.map((r) => r.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')).join(', ');
    warnings.push({ severity: 'warning', message: `image ${src}: removed ${removed}: images run nothing and load nothing from outside`, place, rule: 'briefpack:svg-sanitized' });
  }
  return sanitized.svg;
}
