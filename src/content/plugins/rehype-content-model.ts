import type { Element, ElementContent, Root } from 'hast';
import { walkElements } from '../walk.js';

// Elements whose content may only be phrasing (text and inline markup).
const phrasingOnly = new Set(['p', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'span', 'em', 'strong', 'b', 'i', 'u', 's', 'code', 'kbd', 'samp', 'var', 'sub', 'sup', 'small', 'mark', 'abbr', 'cite', 'dfn', 'q', 'dt', 'bdi', 'bdo', 'time', 'summary', 'tt', 'strike']);
// Elements that are never phrasing.
const flowOnly = new Set(['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'dd', 'dt', 'figure', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul']);
const listItemParents: Record<string, ReadonlySet<string>> = {
  li: new Set(['ul', 'ol']),
  dt: new Set(['dl', 'div']),
  dd: new Set(['dl', 'div']),
};

const isFlowOnly = (node: ElementContent): node is Element => node.type === 'element' && flowOnly.has(node.tagName);

/** A block's content moved into its phrasing parent: a line break in `<pre>`, a space elsewhere, so words stay apart. */
function inlined(parent: Element, children: ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (!isFlowOnly(child)) {
      out.push(child);
      continue;
    }
    if (child.tagName === 'hr') continue;
    if (out.length > 0) out.push({ type: 'text', value: parent.tagName === 'pre' ? '\n' : ' ' });
    out.push(...inlined(parent, child.children));
  }
  return out;
}

/**
 * Raw HTML the browser parses leniently but XHTML (the EPUB) refuses: a `<p>` inside `<pre>`, a
 * `<div>` inside `<span>`, a list item outside a list. The inner block gives its text to its parent;
 * an orphan item becomes a `<div>`. Nothing a reader sees is lost.
 */
export default function rehypeContentModel() {
  return (tree: Root) => {
    walkElements(tree, (node, parent) => {
      if (phrasingOnly.has(node.tagName) && node.children.some(isFlowOnly)) node.children = inlined(node, node.children);
      const parents = listItemParents[node.tagName];
      if (parents && !(parent.type === 'element' && parents.has(parent.tagName))) node.tagName = 'div';
    });
  };
}
