import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/**
 * Warns of a footnote that nothing refers to: GFM leaves it out of the document, so its text would
 * vanish without a word (Pandoc warns alike).
 */
export default function remarkUnusedFootnotes() {
  return (tree: Root, file: VFile) => {
    const referenced = new Set<string>();
    visit(tree, 'footnoteReference', (node) => void referenced.add(node.identifier));
    visit(tree, 'footnoteDefinition', (node) => {
      if (referenced.has(node.identifier)) return;
      file.message(`footnote [^${node.label ?? node.identifier}] is never referred to, so no output shows it: refer to it or delete it`, node, 'briefpack:footnote-unused');
    });
  };
}
