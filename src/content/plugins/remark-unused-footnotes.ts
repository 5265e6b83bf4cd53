import type { FootnoteDefinition, Root } from 'mdast';
import type { VFile } from 'vfile';
import { walkMarkdown } from '../walk.js';

/**
 * Warns of a footnote that nothing refers to: GFM leaves it out of the document, so its text would
 * vanish without a word (Pandoc warns alike).
 */
export default function remarkUnusedFootnotes() {
  return (tree: Root, file: VFile) => {
    const referenced = new Set<string>();
    const definitions: FootnoteDefinition[] = [];
    walkMarkdown(tree, (node) => {
      if (node.type === 'footnoteReference') referenced.add(node.identifier);
      else if (node.type === 'footnoteDefinition') definitions.push(node);
    });
    for (const node of definitions) {
      if (referenced.has(node.identifier)) continue;
      file.message(`footnote [^${node.label ?? node.identifier}] is never referred to, so no output shows it: refer to it or delete it`, node, 'briefpack:footnote-unused');
    }
  };
}
