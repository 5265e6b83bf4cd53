import type { Element, Root } from 'hast';
import { walkElements } from '../walk.js';

export interface Options {
  /** The prefix rehype-sanitize put before ids (its `clobberPrefix`). */
  prefix: string;
}

/**
 * rehype-sanitize prefixes author ids (footnotes, `<a id>`) against DOM clobbering but leaves the
 * links to them alone; this points `#name` links at `#prefix-name` where only the prefixed id exists.
 */
export default function rehypeRelinkClobbered(options: Options) {
  return (tree: Root) => {
    const ids = new Set<string>();
    const links: Element[] = [];
    walkElements(tree, (node) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
      if (node.tagName === 'a' && typeof node.properties.href === 'string' && node.properties.href.startsWith('#')) links.push(node);
    });
    for (const link of links) {
      const fragment = (link.properties.href as string).slice(1);
      // A fragment with a bad %-escape (`#%FF`) names no id, decoded or not: it stays as written.
      let target: string;
      try {
        target = decodeURIComponent(fragment);
      } catch {
        continue;
      }
      if (!ids.has(target) && ids.has(options.prefix + target)) link.properties.href = `#${options.prefix}${target}`;
    }
  };
}
