import type { Nodes, PhrasingContent, Root } from 'mdast';
import { walkMarkdown } from '../walk.js';

/** How many raw `<a …>` a piece of inline HTML opens, less those it closes. */
const opened = (html: string) => (html.match(/<a[\s>]/gi)?.length ?? 0) - (html.match(/<\/a\s*>/gi)?.length ?? 0);

/** The node with every link in it replaced by the link's content. */
function unlinked(node: PhrasingContent): PhrasingContent[] {
  if (node.type === 'link') return node.children.flatMap(unlinked);
  if ('children' in node) return [{ ...node, children: node.children.flatMap(unlinked) } as PhrasingContent];
  return [node];
}

/**
 * Text inside an author's raw `<a href>` stays text: GFM links an address written there again
 * (`<a href="mailto:x@y.org">x@y.org</a>`), and HTML, which allows no link in a link, would close
 * the author's before it, leaving it empty and nameless to a screen reader.
 */
export default function remarkNoLinksInLinks() {
  return (tree: Root) => {
    walkMarkdown(tree, (node: Nodes) => {
      if (!('children' in node) || !node.children.some((child) => child.type === 'html')) return;
      let open = 0;
      (node as { children: Nodes[] }).children = node.children.flatMap((child): Nodes[] => {
        if (child.type === 'html') {
          open = Math.max(0, open + opened(child.value));
          return [child];
        }
        return open > 0 ? unlinked(child as PhrasingContent) : [child];
      });
    });
  };
}
