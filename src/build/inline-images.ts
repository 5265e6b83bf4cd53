import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import { BriefpackError, type Diagnostic } from '../errors.js';
import type { BriefDocument } from '../model.js';

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

/**
 * Outputs load nothing from outside, so images are inlined as data: URLs: local files are read
 * (inside the project only), remote ones dropped for their alt text with a warning. The edge step
 * between the pure parse and rendering: it mutates the document's tree and refreshes its HTML.
 */
export async function inlineImages(doc: BriefDocument, options: InlineImagesOptions): Promise<Diagnostic[]> {
  const images: Array<{ node: Element; index: number; parent: Root | Element; src: string }> = [];
  visit(doc.tree, 'element', (node, index, parent) => {
    if (node.tagName === 'img' && typeof node.properties.src === 'string' && !node.properties.src.startsWith('data:')) {
      images.push({ node, index: index!, parent: parent as Root | Element, src: node.properties.src });
    }
  });
  if (images.length === 0) return [];
  const warnings: Diagnostic[] = [];
  const at = (node: Element) => ({ file: options.shown, line: node.position?.start.line, column: node.position?.start.column });
  // Replace from the last so earlier indexes stay right.
  for (const { node, index, parent, src } of images.reverse()) {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) {
      warnings.push({ severity: 'warning', message: `image ${src} is not in the project: outputs load nothing from outside, so its alt text stands in; save it next to the brief and link it relatively`, place: at(node) });
      parent.children.splice(index, 1, { type: 'text', value: String(node.properties.alt ?? '') });
      continue;
    }
    const file = path.resolve(path.dirname(options.briefFile), decodeURI(src.split(/[?#]/)[0]!));
    const rel = path.relative(options.root, file);
    const type = mediaTypes[path.extname(file).toLowerCase()];
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new BriefpackError('CONTENT', `image ${src} is outside the project`, at(node));
    if (!type) throw new BriefpackError('CONTENT', `image ${src}: use PNG, JPEG, GIF, WebP or SVG`, at(node));
    const data = await readFile(file).catch((error: Error) => {
      throw new BriefpackError('CONTENT', `image ${src} cannot be read: ${error.message}`, at(node));
    });
    node.properties.src = `data:${type};base64,${data.toString('base64')}`;
  }
  doc.html = toHtml(doc.tree);
  return warnings;
}
