import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { cloneTree } from '../content/clone-tree.js';
import { walkElements } from '../content/walk.js';

/**
 * A brief's body as HTML with every id, and every link to one, prefixed: briefs laid one after
 * another in the pack share heading ids ("1-genel-bilgi") that must stay apart. The tree is not changed.
 */
export function prefixedHtml(tree: Root, prefix: string): string {
  const copy = cloneTree(tree);
  walkElements(copy, (node) => {
    const p = node.properties;
    if (typeof p.id === 'string') p.id = prefix + p.id;
    if (typeof p.href === 'string' && p.href.startsWith('#')) p.href = `#${prefix}${p.href.slice(1)}`;
    for (const key of ['ariaDescribedBy', 'ariaLabelledBy'] as const) {
      const ids = p[key];
      if (Array.isArray(ids)) p[key] = ids.map((id) => prefix + String(id));
    }
  });
  return toHtml(copy);
}
