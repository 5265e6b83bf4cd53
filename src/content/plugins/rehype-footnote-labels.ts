import type { Root } from 'hast';
import type { VFile } from 'vfile';
import type { Lang } from '../../model.js';
import '../data.js';
import { walkElements } from '../walk.js';

export interface FootnoteLabels {
  /** The heading over the footnotes. */
  footnotes: string;
  /** The accessible name of a footnote's link back to the text; the reference number follows. */
  backToReference: string;
}

export interface Options {
  labels: (lang: Lang) => FootnoteLabels;
}

/**
 * remark-rehype labels footnotes in English whatever the brief's language; this relabels them in the
 * language of the front matter (run right after remark-rehype, before sanitising).
 */
export default function rehypeFootnoteLabels(options: Options) {
  return (tree: Root, file: VFile) => {
    const lang = file.data.frontMatter?.lang;
    if (!lang) return;
    const labels = options.labels(lang);
    walkElements(tree, (node) => {
      if (node.properties.id === 'footnote-label') node.children = [{ type: 'text', value: labels.footnotes }];
      const aria = node.properties.ariaLabel;
      if (node.tagName === 'a' && typeof aria === 'string') {
        const back = /^Back to reference (.+)$/.exec(aria);
        if (back) node.properties.ariaLabel = `${labels.backToReference} ${back[1]}`;
      }
    });
  };
}
