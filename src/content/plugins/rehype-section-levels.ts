import type { Element, Root } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import '../data.js';
import { walkElements } from '../walk.js';

const normal = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase();

/**
 * Sections come from the heading levels the document really uses: its shallowest level becomes `##`,
 * the one section level every output lays out, and the levels under it follow (a brief written with
 * `#` only gets `##` sections; one written from `###` down, too). A lone `#` heading first (a title
 * over `##` chapters, as READMEs have it) leaves the sections to the next level and becomes a section
 * of its own, unless it only repeats the front matter's title, which the title block shows already.
 * The footnotes' heading is not the author's and stays as it is.
 */
export default function rehypeSectionLevels() {
  return (tree: Root, file: VFile) => {
    const headings: Element[] = [];
    walkElements(tree, (node) => {
      if (node.properties.dataFootnotes !== undefined) return false;
      if (headingRank(node)) headings.push(node);
      return true;
    });
    const title = file.data.frontMatter?.title;
    const first = headings[0];
    if (first && title && headingRank(first) === 1 && headings.filter((h) => headingRank(h) === 1).length === 1 && normal(toString(first)) === normal(title)) {
      visit(tree, 'element', (node, index, parent) => {
        if (node !== first || !parent || index === undefined) return undefined;
        parent.children.splice(index, 1);
        return [SKIP, index];
      });
      headings.shift();
    }
    if (headings.length === 0) return;
    const counts = new Map<number, number>();
    for (const h of headings) counts.set(headingRank(h)!, (counts.get(headingRank(h)!) ?? 0) + 1);
    const used = [...counts.keys()].sort((a, b) => a - b);
    // A lone `#` as the first heading is a title over the document's sections.
    const titleLike = used[0] === 1 && counts.get(1) === 1 && headingRank(headings[0]!) === 1;
    const sectionRank = (titleLike ? used[1] : undefined) ?? used[0]!;
    const shift = sectionRank - 2;
    if (shift === 0 && used[0]! >= 2) return;
    for (const h of headings) h.tagName = `h${Math.min(6, Math.max(2, headingRank(h)! - shift))}`;
  };
}
