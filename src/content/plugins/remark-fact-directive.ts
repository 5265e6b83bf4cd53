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
    // Every fact's directive in document order (the first unknown one is the one told), with what
    // holds it; not what a fact holds, which its value replaces.
    const holderOf = new Map<TextDirective, Parents>();
    const found: TextDirective[] = [];
    walkMarkdown(tree, (node) => {
      if (isFact(node)) return void found.push(node), false;
      if ('children' in node) for (const child of node.children) if (isFact(child)) holderOf.set(child, node);
      return true;
    });
    for (const node of found) {
      const key = toString(node).trim();
      const value = facts.get(key);
      if (value === undefined) {
        const known = [...facts.keys()].join(', ') || 'none';
        file.fail(`unknown fact \`${key}\` in :fact[${key}]; facts in the front matter: ${known}`, node, 'briefpack:fact');
      }
      const parent = holderOf.get(node)!;
      const siblings = parent.children as Nodes[];
      siblings[siblings.indexOf(node)] = { type: 'text', value, position: node.position };
    }
  };
}

const isFact = (node: Nodes): node is TextDirective => node.type === 'textDirective' && node.name === 'fact';
