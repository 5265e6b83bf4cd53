import type { Paragraph, Parent, Root, RootContent } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import type { VFile } from 'vfile';

/**
 * The slide directives and the marker each becomes: `data-bp-slides` on a `div` (or `hr`), the one
 * attribute the sanitize schema lets through for them; rehype-slide-view reads and removes it.
 */
export const slideDirectives = {
  /** `:::notes`: speaker notes, on no page. */
  notes: 'notes',
  /** `:::slides`: shown on slides only. */
  slides: 'only',
  /** `:::no-slides`: in the documents, never on a slide. */
  'no-slides': 'never',
  /** `::slide-break`: the deck starts a new slide here. */
  'slide-break': 'break',
} as const;

export type SlideRole = (typeof slideDirectives)[keyof typeof slideDirectives];
type Directive = ContainerDirective | LeafDirective | TextDirective;

const origin = 'briefpack:slides';
const roleOf = (node: RootContent): SlideRole | undefined =>
  (node.type === 'containerDirective' || node.type === 'leafDirective' || node.type === 'textDirective') && Object.hasOwn(slideDirectives, node.name)
    ? slideDirectives[node.name as keyof typeof slideDirectives]
    : undefined;

const mark = (node: ContainerDirective, role: SlideRole) => {
  node.data = { ...node.data, hName: 'div', hProperties: { dataBpSlides: role } };
};

/**
 * Reads `:::notes`, `:::slides`, `:::no-slides` and `::slide-break` and marks them for the deck; the
 * documents drop notes and slides-only blocks later. Misuse gets a message at the directive, and
 * always errs on the side of keeping notes off the documents.
 */
export default function remarkSlideDirectives() {
  return (tree: Root, file: VFile) => {
    const sourceOf = (node: Directive) => {
      const { start, end } = node.position ?? {};
      return start?.offset !== undefined && end?.offset !== undefined ? String(file.value).slice(start.offset, end.offset) : `:${node.name}`;
    };

    /** `inside`: the nearest enclosing slide directive; `between`: whether a slide break may stand here. */
    const walk = (parent: Parent, inside: SlideRole | undefined, between: boolean) => {
      for (let i = 0; i < parent.children.length; i++) {
        const node = parent.children[i] as RootContent;
        const role = roleOf(node);
        if (!role) {
          if ('children' in node) walk(node, inside, false);
          continue;
        }
        const directive = node as Directive;
        const name = directive.name;

        if (directive.type === 'textDirective') {
          const block = role === 'break' ? '::slide-break' : `:::${name}`;
          file.message(`\`:${name}\` is a block directive: write \`${block}\` on a line of its own`, directive, origin);
          parent.children.splice(i, 1, { type: 'text', value: sourceOf(directive), position: directive.position });
          continue;
        }

        if (role === 'break') {
          const rest = directive.type === 'containerDirective' ? directive.children : [];
          if (directive.type === 'containerDirective') file.message('`slide-break` takes no content: write `::slide-break` on a line of its own', directive, origin);
          else if (directive.children.length > 0) file.message('`::slide-break` takes no text; the label is ignored', directive, origin);
          if (!between || inside === 'notes' || inside === 'never') {
            const where = inside === 'notes' ? 'inside speaker notes' : inside === 'never' ? 'inside `:::no-slides`' : 'inside a list, quote or other block';
            file.message(`\`::slide-break\` ${where} has no effect; put it between blocks`, directive, origin);
            parent.children.splice(i, 1, ...(rest as RootContent[]));
            i--;
            continue;
          }
          const marker: LeafDirective = { type: 'leafDirective', name, attributes: {}, children: [], position: directive.position };
          marker.data = { hName: 'hr', hProperties: { dataBpSlides: 'break' } };
          parent.children.splice(i, 1, marker as RootContent, ...(rest as RootContent[]));
          continue;
        }

        // A leaf form (`::notes[text]`) becomes the container it should have been, so notes stay notes.
        let container: ContainerDirective;
        if (directive.type === 'leafDirective') {
          file.message(`\`::${name}\` wraps blocks: write \`:::${name}\`, the content, then \`:::\``, directive, origin);
          const paragraph: Paragraph = { type: 'paragraph', children: directive.children, position: directive.position };
          container = { type: 'containerDirective', name, attributes: {}, children: [paragraph], position: directive.position };
          parent.children.splice(i, 1, container as RootContent);
        } else {
          container = directive;
        }

        const contradiction =
          inside === 'notes' ? `\`:::${name}\` inside speaker notes: its content stays in the notes`
          : inside === 'never' && role === 'notes' ? 'speaker notes inside `:::no-slides` never reach a slide'
          : inside === 'never' && role === 'only' ? '`:::slides` inside `:::no-slides` shows nowhere'
          : inside === 'only' && role === 'never' ? '`:::no-slides` inside `:::slides` shows nowhere'
          : undefined;
        if (contradiction) file.message(contradiction, container, origin);

        if (inside === 'notes' || inside === role) {
          // Nested in notes, or in a block of the same kind: the outer one already says it all.
          parent.children.splice(i, 1, ...(container.children as RootContent[]));
          i--;
          continue;
        }
        mark(container, role);
        walk(container, role, between && role !== 'notes');
      }
    };
    walk(tree, undefined, true);
  };
}
