import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { walkElements } from '../walk.js';

/** Whether a link says anything: text, or a picture's text alternative. */
function named(link: Element): boolean {
  if (toString(link).trim()) return true;
  let alt = false;
  walkElements(link, (node) => {
    if (node.tagName === 'img' && typeof node.properties.alt === 'string' && node.properties.alt.trim()) alt = true;
  });
  return alt;
}

/**
 * A link with nothing to read (`[](https://…)`, a badge without alt text) shows its address: a
 * reader, and a screen reader, would find nothing to follow.
 */
export default function rehypeNameEmptyLinks() {
  return (tree: Root) => {
    walkElements(tree, (node) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string' || !href || named(node)) return;
      node.children.push({ type: 'text', value: href.replace(/^mailto:/i, '') });
    });
  };
}
