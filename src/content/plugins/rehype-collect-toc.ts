import type { Root } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import type { VFile } from 'vfile';
import type { TocEntry } from '../../model.js';
import '../data.js';
import { walkElements } from '../walk.js';

export interface Options {
  /** Deepest heading rank listed; 3 lists `##` and `###`. */
  maxDepth?: number;
}

/** Lists the body's headings (after rehype-slug gave them ids) on `file.data.toc`. */
export default function rehypeCollectToc(options: Options = {}) {
  const maxDepth = options.maxDepth ?? 3;
  return (tree: Root, file: VFile) => {
    const toc: TocEntry[] = [];
    walkElements(tree, (node) => {
      const depth = headingRank(node);
      if (!depth || depth > maxDepth) return;
      const id = node.properties.id;
      if (typeof id !== 'string') return;
      const title = toString(node).trim();
      // An empty heading (`##` alone) shows nothing to list or find.
      if (title) toc.push({ id, depth, title });
    });
    file.data.toc = toc;
  };
}
