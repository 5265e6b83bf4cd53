import type { Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { walkElements } from '../walk.js';

const bare = (url: string) => url.trim().replace(/^(?:https?:\/\/|mailto:)/i, '').replace(/\/$/, '').toLowerCase();

/**
 * Marks links whose text is their address (a GFM autolink, `<https://…>`) with `bp-bare-link`: print
 * styles write an external link's address after it for paper readers, which these already show.
 */
export default function rehypeMarkBareLinks() {
  return (tree: Root) => {
    walkElements(tree, (node) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string' || bare(toString(node)) !== bare(href)) return;
      const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
      node.properties.className = [...classes, 'bp-bare-link'];
    });
  };
}
