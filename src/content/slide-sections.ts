import type { Root } from 'hast';
import rehypeSlug from 'rehype-slug';
import { unified } from 'unified';
import { slideRole } from './plugins/rehype-slide-view.js';
import { splitSections } from './sections.js';
import type { SlideBlock, SlideSection } from '../model.js';

const slugger = unified().use(rehypeSlug).freeze();

/**
 * The deck view (rehype-slide-view's `slideTree`) as sections of typed blocks. Headings get ids the
 * way the document's do, so a slide's URL hash names its section.
 */
export function slideSections(tree: Root): SlideSection[] {
  slugger.runSync(tree);
  return splitSections(tree).map((section) => {
    const blocks: SlideBlock[] = [];
    for (const node of section.tree.children) {
      if (node.type !== 'element') continue;
      const line = node.position?.start.line ?? null;
      const role = slideRole(node);
      if (role === 'notes') blocks.push({ type: 'notes', children: node.children, line });
      else if (role === 'break') blocks.push({ type: 'break', line });
      else {
        delete node.properties.dataBpSlides;
        blocks.push({ type: 'content', node, slidesOnly: role === 'only', line });
      }
    }
    const heading = tree.children.find((n) => n.type === 'element' && n.tagName === 'h2' && n.properties.id === section.id);
    return { id: section.id, title: section.title, line: heading?.position?.start.line ?? blocks[0]?.line ?? null, blocks };
  });
}
