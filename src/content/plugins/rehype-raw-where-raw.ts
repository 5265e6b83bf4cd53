import type { Root, RootContent } from 'hast';
import rehypeRaw from 'rehype-raw';
import { walkElements } from '../walk.js';
import type { VFile } from 'vfile';

/**
 * rehype-raw (raw HTML parsed into the tree), on a tree that has raw HTML in it. Over a tree without
 * any it builds the same tree again through parse5: half a second of a 5 MB brief's parse, on the
 * path everything else waits for. Its one change there is a loss: parse5 drops a newline that opens
 * a code block's text, as if it followed <pre> (the CommonMark spec's examples 127 and 129), which a
 * document with raw HTML still suffers.
 */
export default function rehypeRawWhereRaw() {
  const raw = rehypeRaw();
  return (tree: Root, file: VFile): Root => {
    let found = tree.children.some(isRaw);
    if (!found) walkElements(tree, (node) => !(found ||= node.children.some(isRaw)));
    return found ? raw(tree, file) : tree;
  };
}

const isRaw = (node: RootContent) => node.type === 'raw';
