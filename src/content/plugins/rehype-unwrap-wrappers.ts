import type { Element, ElementContent, Root, RootContent } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { whitespace } from 'hast-util-whitespace';

const isWrapper = (node: RootContent): node is Element =>
  node.type === 'element' &&
  (node.tagName === 'div' || node.tagName === 'section') &&
  node.properties.dataFootnotes === undefined &&
  node.properties.dataBpSlides === undefined &&
  hasHeading(node);

function hasHeading(node: Element): boolean {
  const pending: ElementContent[] = [...node.children];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.type !== 'element') continue;
    if (headingRank(next)) return true;
    pending.push(...next.children);
  }
  return false;
}

const blockTags = new Set(['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'ol', 'p', 'pre', 'section', 'table', 'ul']);
const isBlock = (node: ElementContent) => node.type === 'element' && blockTags.has(node.tagName);

/**
 * A wrapper's children as top-level blocks: elements take on its `dir` and `lang` unless they have
 * their own, and loose text or inline runs between blocks become paragraphs (the deck and the
 * sections see only blocks).
 */
function unwrap(wrapper: Element): RootContent[] {
  const inherited = Object.fromEntries(['dir', 'lang'].flatMap((k) => (wrapper.properties[k] === undefined ? [] : [[k, wrapper.properties[k]]])));
  const out: RootContent[] = [];
  let run: ElementContent[] = [];
  const endRun = () => {
    if (run.some((n) => !whitespace(n))) out.push({ type: 'element', tagName: 'p', properties: { ...inherited }, children: run });
    else out.push(...run);
    run = [];
  };
  for (const child of wrapper.children) {
    if (!isBlock(child)) {
      run.push(child);
      continue;
    }
    endRun();
    const element = child as Element;
    element.properties = { ...inherited, ...element.properties };
    out.push(element);
  }
  endRun();
  return out;
}

/**
 * A body wrapped in an HTML block (`<div dir="rtl" markdown="1">` around the whole text, a
 * `<section>` per chapter) is taken out of its wrappers, so its headings make the sections and
 * slides they would make unwrapped. Wrappers without a heading stay (a styled note keeps its box).
 */
export default function rehypeUnwrapWrappers() {
  return (tree: Root) => {
    const out: RootContent[] = [];
    const pending = [...tree.children].reverse();
    for (let node = pending.pop(); node; node = pending.pop()) {
      if (isWrapper(node)) pending.push(...unwrap(node).reverse());
      else out.push(node);
    }
    tree.children = out;
  };
}
