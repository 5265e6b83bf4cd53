import type { Nodes, Parents, Root } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import '../data.js';
import { walkMarkdown } from '../walk.js';

/**
 * Replaces `:fact[key]` with the value of that fact from the front matter, so a number stated in the
 * fact box and in the text lives in one place. An unknown key fails the file at the directive.
 */
export default function remarkFactDirective() {
  return (tree: Root, file: VFile) => {
    const facts = new Map((file.data.frontMatter?.facts ?? []).map((f) => [f.key, f.value]));
    // What holds a fact's directive, in document order; not what a fact holds, which its value replaces.
    const holders: Parents[] = [];
    walkMarkdown(tree, (node) => {
      if (isFact(node)) return false;
      if ('children' in node && node.children.some(isFact)) holders.push(node);
      return true;
    });
    for (const parent of holders) {
      parent.children.forEach((node, index) => {
        if (!isFact(node)) return;
        const key = toString(node).trim();
        const value = facts.get(key);
        if (value === undefined) {
          const known = [...facts.keys()].join(', ') || 'none';
          file.fail(`unknown fact \`${key}\` in :fact[${key}]; facts in the front matter: ${known}`, node, 'briefpack:fact');
        }
        parent.children[index] = { type: 'text', value, position: node.position };
      });
    }
  };
}

const isFact = (node: Nodes): node is TextDirective => node.type === 'textDirective' && node.name === 'fact';
