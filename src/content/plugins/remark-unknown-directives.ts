import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { walkMarkdown } from '../walk.js';

export interface Options {
  /** Directive names other plugins handle; any other is not a directive the author meant. */
  known: readonly string[];
}

/**
 * remark-directive reads any `:word` as a text directive, which ordinary prose hits
 * ("Not:önemli"). Unknown text directives go back to the text they were written as; unknown block
 * directives keep their content and get a warning.
 */
export default function remarkUnknownDirectives(options: Options) {
  const known = new Set(options.known);
  return (tree: Root, file: VFile) => {
    // Looked for first, quickly: most briefs have none, and visit's walk costs ten times as much.
    let any = false;
    walkMarkdown(tree, (node) => void (any ||= (node.type === 'textDirective' || node.type === 'leafDirective' || node.type === 'containerDirective') && !known.has(node.name)));
    if (!any) return;
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return;
      if (node.type === 'textDirective' && !known.has(node.name)) {
        const start = node.position?.start.offset;
        const end = node.position?.end.offset;
        const value = start !== undefined && end !== undefined ? String(file.value).slice(start, end) : `:${node.name}`;
        parent.children.splice(index, 1, { type: 'text', value, position: node.position });
        return index + 1;
      }
      if ((node.type === 'leafDirective' || node.type === 'containerDirective') && !known.has(node.name)) {
        file.message(`unknown directive \`${node.name}\`; its content is kept as ordinary text`, node, 'briefpack:directive');
        parent.children.splice(index, 1, ...(node.type === 'leafDirective' ? [{ type: 'paragraph' as const, children: node.children }] : node.children));
        return index;
      }
      return undefined;
    });
  };
}
