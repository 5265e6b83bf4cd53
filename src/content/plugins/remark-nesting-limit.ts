import type { Nodes, Root } from 'mdast';
import type { VFile } from 'vfile';

export interface Options {
  /** The deepest a node may sit below the root. */
  maxDepth?: number;
}

/**
 * Fails a document nested deeper than any brief needs (quotes, lists, emphasis within one another),
 * at the line where it gets too deep. Later stages (rehype-raw's HTML parser, the serialisers) walk
 * the tree recursively, and 5,000 `*` around a word would otherwise overflow the stack. This walk
 * keeps its own stack.
 */
export default function remarkNestingLimit(options: Options = {}) {
  const maxDepth = options.maxDepth ?? 100;
  return (tree: Root, file: VFile) => {
    const pending: Array<[Nodes, number]> = [[tree, 0]];
    for (let next = pending.pop(); next; next = pending.pop()) {
      const [node, depth] = next;
      if (depth > maxDepth) {
        file.fail(`the text is nested more than ${maxDepth} levels deep here (quotes, lists or emphasis within one another): flatten it`, node, 'briefpack:nesting');
      }
      if ('children' in node) for (const child of node.children) pending.push([child, depth + 1]);
    }
  };
}
