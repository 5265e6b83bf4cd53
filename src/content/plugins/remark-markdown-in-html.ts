import type { Html, Nodes, Root, RootContent } from 'mdast';
import { fromMarkdown, type Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Extension as MicromarkExtension } from 'micromark-util-types';
import type { Processor } from 'unified';

// Block elements people wrap Markdown in (asides, notes, a whole body in a <div markdown="1">).
const containers = new Set(['aside', 'div', 'section', 'article', 'details', 'figure', 'header', 'footer', 'main', 'center', 'blockquote']);
// Lines opening with these are still prose (`<strong>Note:</strong> see [here](x)`).
const phrasing = /^<\/?(?:a|abbr|b|bdi|bdo|br|cite|code|del|dfn|em|i|img|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var|wbr)[\s/>]/i;
const openingTag = /^<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>/;
const markdownAttribute = /\smarkdown\s*=\s*["']?(?:1|block|span)\b/i;
// Past this, wrappers within wrappers stay as written.
const maxDepth = 16;

interface Split {
  open: string;
  inner: string;
  close: string | null;
  /** Lines of `value` before the inner text starts. */
  lineOffset: number;
  /** Where in `value` the inner text starts. */
  start: number;
}

/**
 * An HTML block that is an opening container tag, text and maybe its closing tag, taken apart. Null
 * when the block holds HTML structure (a raw table, nested blocks): that stays as written, as
 * CommonMark has it.
 */
function splitHtmlBlock(value: string): Split | null {
  const match = openingTag.exec(value);
  const tag = match?.[1]?.toLowerCase();
  if (!match || !tag || !containers.has(tag)) return null;
  let rest = value.slice(match[0].length);
  const closing = new RegExp(`</${tag}\\s*>\\s*$`, 'i');
  const end = closing.exec(rest);
  if (end) rest = rest.slice(0, end.index);
  const leading = /^[ \t]*\n/.exec(rest)?.[0].length ?? 0;
  const lineOffset = leading > 0 ? 1 : 0;
  const inner = rest.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '');
  if (!inner.trim() || new RegExp(`<${tag}[\\s>]`, 'i').test(inner)) return null;
  const lines = inner.split('\n');
  const forced = markdownAttribute.test(match[2] ?? '');
  if (!forced && lines.some((line) => line.trimStart().startsWith('<') && !phrasing.test(line.trimStart()))) return null;
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return { open: match[0], inner: lines.map((l) => l.slice(indent)).join('\n'), close: end ? end[0].trim() : null, lineOffset, start: match[0].length + leading };
}

/**
 * Moves every position of a parsed fragment to where it came from: lines exactly, offsets as near as
 * a dedented fragment allows (the HTML parser wants them; messages use lines).
 */
function shift(nodes: RootContent[], lines: number, offset: number) {
  const pending: Nodes[] = [...nodes];
  const moved = (point: { line: number; column: number; offset?: number }) => ({ line: point.line + lines, column: point.column, offset: (point.offset ?? 0) + offset });
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.position) node.position = { start: moved(node.position.start), end: moved(node.position.end) };
    if ('children' in node) pending.push(...node.children);
  }
}

/**
 * Markdown inside HTML blocks, as Pandoc and kramdown read it: `<aside>` + a line of `**bold**` and
 * `[a link](…)` + `</aside>` is one raw HTML block to CommonMark, so its Markdown would reach readers
 * as written. A container block whose lines are prose (or that says `markdown="1"`) is parsed as
 * Markdown between its tags; blocks of HTML structure stay raw.
 */
export default function remarkMarkdownInHtml(this: Processor) {
  const data = this.data();
  const options = {
    extensions: (data.micromarkExtensions ?? []) as MicromarkExtension[],
    mdastExtensions: (data.fromMarkdownExtensions ?? []) as Array<FromMarkdownExtension | FromMarkdownExtension[]>,
  };
  return (tree: Root) => {
    // Its own stack, no recursion: the nesting limit runs after this.
    const pending: Array<[Nodes, number]> = [[tree, 0]];
    for (let next = pending.pop(); next; next = pending.pop()) {
      const [parent, depth] = next;
      if (!('children' in parent)) continue;
      const children: RootContent[] = [];
      // A wrapper's parsed content is looked at again, one level deeper: wrappers nest.
      // Reversed, so the next child is popped off its end.
      const queue: Array<[RootContent, number]> = (parent.children as RootContent[]).map((child): [RootContent, number] => [child, depth]).reverse();
      for (let item = queue.pop(); item; item = queue.pop()) {
        const [child, level] = item;
        const split = child.type === 'html' && level < maxDepth ? splitHtmlBlock(child.value) : null;
        if (!split) {
          children.push(child);
          pending.push([child, level]);
          continue;
        }
        const parsed = fromMarkdown(split.inner, options).children;
        shift(parsed, (child.position?.start.line ?? 1) - 1 + split.lineOffset, (child.position?.start.offset ?? 0) + split.start);
        const html = (value: string): Html => ({ type: 'html', value, position: child.position });
        children.push(html(split.open));
        if (split.close) queue.push([html(split.close), maxDepth]);
        for (let i = parsed.length - 1; i >= 0; i--) queue.push([parsed[i]!, level + 1]);
      }
      (parent as { children: RootContent[] }).children = children;
    }
  };
}
