import type { Root } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import type { VFile } from 'vfile';
import '../data.js';

/**
 * Replaces `:fact[key]` with the value of that fact from the front matter, so a number stated in the
 * fact box and in the text lives in one place. An unknown key fails the file at the directive.
 */
export default function remarkFactDirective() {
  return (tree: Root, file: VFile) => {
    const facts = new Map((file.data.frontMatter?.facts ?? []).map((f) => [f.key, f.value]));
    visit(tree, 'textDirective', (node: TextDirective, index, parent) => {
      if (node.name !== 'fact' || !parent || index === undefined) return;
      const key = toString(node).trim();
      const value = facts.get(key);
      if (value === undefined) {
        const known = [...facts.keys()].join(', ') || 'none';
        file.fail(`unknown fact \`${key}\` in :fact[${key}]; facts in the front matter: ${known}`, node, 'briefpack:fact');
      }
      parent.children.splice(index, 1, { type: 'text', value, position: node.position });
      return SKIP;
    });
  };
}
