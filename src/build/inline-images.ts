import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { walkElementsFrom } from '../content/walk.js';
import { sanitizeSvg } from '../content/sanitize-svg.js';
import { decodeSource } from '../decode-source.js';
import { BriefpackError, BriefpackErrors, type Diagnostic, type SourcePlace } from '../errors.js';
import type { BriefDocument } from '../model.js';
import { isInside, readProjectFileIfAny } from '../project-fs.js';

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
 * (inside the project only: real paths, links followed), SVG sanitised. As Pandoc does, an image that
 * cannot be had (remote, a site path, a missing file) gives a warning at its line and its alt text
 * stands in; one that must not be read (outside the project, not an image) is an error. Every image's
 * problem is found in one run: the warnings come back, the errors are thrown together. The edge
 * step between the pure parse and rendering: it mutates the document's trees (the slides' too) and
 * refreshes its HTML.
 */
export async function inlineImages(doc: BriefDocument, options: InlineImagesOptions): Promise<Diagnostic[]> {
  const images: Element[] = [];
  for (const tree of imageTrees(doc)) {
    walkElementsFrom(tree, (node) => {
      if (node.tagName === 'img' && !(typeof node.properties.src === 'string' && node.properties.src.startsWith('data:'))) images.push(node);
    });
  }
  if (images.length === 0) return [];
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  // The body and the deck's view may show one image twice: one message.
  const tell = (list: Diagnostic[], d: Diagnostic) => {
    if (!list.some((w) => w.message === d.message && w.place.line === d.place.line)) list.push(d);
  };
  const standIn = (node: Element, place: SourcePlace, message: string) => {
    tell(warnings, { severity: 'warning', message: `${message}: its alt text stands in`, place, rule: 'briefpack:image-missing' });
    becomeAltText(node);
  };
  // One read per file, however often a brief shows it.
  const dataUrls = new Map<string, Promise<string | undefined>>();
  for (const node of images) {
    const src = typeof node.properties.src === 'string' ? node.properties.src : '';
    const place = { file: options.shown, line: node.position?.start.line, column: node.position?.start.column };
    try {
      if (src === '' || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(src.trim())) {
        if (src) standIn(node, place, `image ${src} is not in the project (outputs load nothing from outside); save it next to the brief and link it relatively`);
        else becomeAltText(node);
        continue;
      }
      if (src.startsWith('/')) {
        standIn(node, place, `image ${src} is a path on a web site, not a file of the project; link it relatively to the brief`);
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
      if (!type) {
        // A file that is not there is missing whatever its name says; one that is there must be a picture.
        if ((await readProjectFileIfAny(file, { root: options.root, what: `image ${src}`, place })) === undefined) standIn(node, place, `image ${src} is not there`);
        else throw new BriefpackError('CONTENT', `image ${src}: use PNG, JPEG, GIF, WebP or SVG`, place);
        continue;
      }
      let dataUrl = dataUrls.get(file);
      if (!dataUrl) {
        const read = { root: options.root, what: `image ${src}`, place };
        dataUrl = readProjectFileIfAny(file, read).then((data) => {
          if (data === undefined) return undefined;
          return `data:${type};base64,${(type === 'image/svg+xml' ? Buffer.from(safeSvg(data, src, place, warnings)) : data).toString('base64')}`;
        });
        dataUrls.set(file, dataUrl);
      }
      const url = await dataUrl;
      if (url) node.properties.src = url;
      else standIn(node, place, `image ${src} is not there`);
    } catch (error) {
      if (!(error instanceof BriefpackError)) throw error;
      tell(errors, { severity: 'error', message: error.message, place });
    }
  }
  if (errors.length > 0) throw new BriefpackErrors([...errors, ...warnings]);
  doc.html = toHtml(doc.tree);
  return warnings;
}

/** An author's SVG with nothing that runs or loads: what went is said at the image's line. */
function safeSvg(data: Buffer, src: string, place: SourcePlace, warnings: Diagnostic[]): string {
  // Decoded as every source is: a bad byte is an error at its line of the SVG file.
  const { text } = decodeSource(data, path.join(path.dirname(place.file), src));
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
