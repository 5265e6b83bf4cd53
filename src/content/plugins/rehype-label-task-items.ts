import type { Element, ElementContent, Root } from 'hast';
import { walkElements } from '../walk.js';

// Where a task item's text ends: the first block (a nested list, a paragraph) or another control.
const ends = new Set(['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'input', 'label', 'ol', 'p', 'pre', 'section', 'table', 'ul']);

/**
 * A task list's checkbox and the item's text become one `<label>`, so the checkbox has a name (a
 * screen reader says "checkbox, checked" and what was done, once). GFM writes the checkbox first in
 * the item, or in its first paragraph when the list is loose.
 */
export default function rehypeLabelTaskItems() {
  return (tree: Root) => {
    walkElements(tree, (node: Element) => {
      if (node.tagName !== 'li' && node.tagName !== 'p') return;
      const first = node.children.findIndex((c) => !isSpace(c));
      const box = node.children[first];
      if (box?.type !== 'element' || box.tagName !== 'input' || box.properties.type !== 'checkbox') return;
      let end = first + 1;
      while (end < node.children.length && !isEnd(node.children[end]!)) end++;
      const label: Element = { type: 'element', tagName: 'label', properties: {}, children: node.children.slice(first, end) };
      node.children = [...node.children.slice(0, first), label, ...node.children.slice(end)];
    });
  };
}

const isEnd = (node: ElementContent) => node.type === 'element' && ends.has(node.tagName);
const isSpace = (node: ElementContent) => node.type === 'text' && !node.value.trim();
