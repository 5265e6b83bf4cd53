import type { Element, Root, RootContent } from 'hast';
import { toString } from 'hast-util-to-string';
import type { Section } from '../model.js';

const isH2 = (node: RootContent): node is Element => node.type === 'element' && node.tagName === 'h2';

/** Splits a body into its `##` sections; content before the first `##` becomes an untitled lead. */
export function splitSections(tree: Root): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  for (const node of tree.children) {
    if (isH2(node)) {
      current = { id: String(node.properties.id ?? ''), title: toString(node).trim(), tree: { type: 'root', children: [] } };
      sections.push(current);
      continue;
    }
    if (!current) {
      if (node.type === 'text' && !node.value.trim()) continue;
      current = { id: '', title: '', tree: { type: 'root', children: [] } };
      sections.push(current);
    }
    current.tree.children.push(node);
  }
  return sections;
}
