import type { Element, Parents, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { cloneTree } from '../clone-tree.js';
import type { SlideRole } from './remark-slide-directives.js';

declare module 'vfile' {
  interface DataMap {
    /** The body as the deck sees it (see `slideRole`), split off before the documents drop its parts. */
    slideTree: Root;
  }
}

/** The slide marker remark-slide-directives put on an element, if any. */
export function slideRole(node: RootContent): SlideRole | undefined {
  if (node.type !== 'element') return undefined;
  const value = node.properties.dataBpSlides;
  return value === 'notes' || value === 'only' || value === 'never' || value === 'break' ? value : undefined;
}

/** Replaces each child for which `f` returns an array by that array, depth first. */
function rewrite(parent: Parents, f: (node: RootContent) => RootContent[] | undefined) {
  const out: RootContent[] = [];
  for (const node of parent.children) {
    const replaced = f(node);
    if (replaced) out.push(...replaced);
    else {
      if ('children' in node) rewrite(node, f);
      out.push(node);
    }
  }
  parent.children = out as typeof parent.children;
}

/** The documents: notes, slides-only blocks and breaks go; no-slides blocks stay, unwrapped. */
function documentView(tree: Root) {
  rewrite(tree, function drop(node): RootContent[] | undefined {
    const role = slideRole(node);
    if (!role) return undefined;
    if (role !== 'never') return [];
    const wrapper = node as Element;
    rewrite(wrapper, drop);
    return wrapper.children;
  });
}

/**
 * The deck: no-slides blocks go; slides-only blocks are unwrapped, and where they stand between
 * blocks their children keep the `only` marker (shown as written, never shortened); notes and
 * breaks stay marked for the planner.
 */
function deckView(parent: Parents, topLevel: boolean) {
  const out: RootContent[] = [];
  for (const node of parent.children) {
    const role = slideRole(node);
    if (role === 'never') continue;
    if (role === 'only') {
      const wrapper = node as Element;
      deckView(wrapper, topLevel);
      if (topLevel) for (const child of wrapper.children) if (child.type === 'element' && !slideRole(child)) child.properties.dataBpSlides = 'only';
      out.push(...wrapper.children);
      continue;
    }
    if ('children' in node) deckView(node, false);
    out.push(node);
  }
  parent.children = out as typeof parent.children;
}

/**
 * Splits the sanitised body into its two views: `file.data.slideTree` for the deck, and the tree
 * itself, from here on the documents' view (so ids, the table of contents and every document
 * output never see a note).
 */
export default function rehypeSlideView() {
  return (tree: Root, file: VFile) => {
    const deck = cloneTree(tree);
    deckView(deck, true);
    file.data.slideTree = deck;
    documentView(tree);
  };
}
