import type { Nodes, Root, RootContent } from 'mdast';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import type { Point, Position } from 'unist';
import { walkMarkdown } from './walk.js';

/**
 * A long brief's Markdown is parsed in parts on several threads, and the parts' trees joined: the
 * very tree one parse of the whole would give. Two things make that so:
 *
 * - A part ends at a top-level ATX heading. CommonMark reads blocks line by line, so whether a line
 *   is such a heading depends on the lines before it alone; and such a heading closes every block
 *   before it, as the end of the text does. So each part but the last is parsed up to and with the
 *   heading the next part begins with, and used only if that heading comes out a top-level heading
 *   on its line (not code, HTML or a container's content).
 * - Whether `[x]` or `[^x]` is a reference depends on definitions anywhere in the document. Every
 *   part is parsed with the definitions the whole text seems to have (`definitionLabels`, a line
 *   scan) written in as extra lines away from its own blocks, whose nodes are then taken out; the
 *   join is used only if the definitions the parts really have are exactly those.
 *
 * Anything else is parsed whole (`joinParts` answers why not).
 */

/** One part of a brief's Markdown, as a parse thread gets it. */
export interface MarkdownPart {
  /** The part's text with the definitions' lines: what is parsed. */
  text: string;
  /** 1-based line of the whole text the part's own first line is. */
  line: number;
  /** Offset in the whole text of the part's own first character. */
  offset: number;
  /** Lines of definitions before the part's own text (none in the first part, which may open with front matter). */
  seedLines: number;
  /** Characters of definitions before the part's own text. */
  seedLength: number;
  /** Line (in the part) of the heading that begins the next part, parsed here to check it is one; none for the last part. */
  nextHeadingLine: number | null;
}

/** Labels of the definitions (`[x]: url`) and footnote definitions (`[^x]: text`) a text has, as written. */
export interface DefinitionLabels {
  definitions: string[];
  footnotes: string[];
}

// A line that defines, after any block quote or list markers: `[label]:` (no brackets or line ending
// inside the label). A candidate only: one in code, or with no destination, is no definition.
const definitionLine = /^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*\[(\^?)((?:[^\\[\]\r\n]|\\[^\r\n]){1,999})\]:/gm;

/** The definitions a text seems to have, from its lines alone (see `definitionLine`). */
export function definitionLabels(text: string): DefinitionLabels {
  const definitions = new Set<string>();
  const footnotes = new Set<string>();
  for (const [, caret, label] of text.matchAll(definitionLine)) (caret ? footnotes : definitions).add(label!);
  return { definitions: [...definitions], footnotes: [...footnotes] };
}

// A leading YAML block, as remark-frontmatter reads one: `---` lines around it.
const frontMatter = /^---[ \t]*\r?\n(?:[^]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

// Fence lines (with up to three spaces of indent) and top-level ATX headings.
const fenceOrHeading = /^( {0,3})(`{3,}|~{3,})([^\r\n]*)$|^#{1,6}(?:[ \t]|\r?$)/gm;

/**
 * Offsets of the lines `count - 1` parts begin with: top-level ATX headings (outside fences, as far
 * as a scan of fence lines tells) at or after each share of the text, the first part's share
 * `firstShare` times each other's; fewer where none is found.
 */
export function partStarts(text: string, count: number, firstShare = 1): number[] {
  const starts: number[] = [];
  // Front matter is closed by a line further on: no cut inside it (a YAML comment is `# ...`).
  const from = frontMatter.exec(text)?.[0].length ?? 0;
  let fence: { char: string; length: number } | null = null;
  fenceOrHeading.lastIndex = from;
  for (let match = fenceOrHeading.exec(text); match && starts.length < count - 1; match = fenceOrHeading.exec(text)) {
    const [, , marker, rest] = match;
    if (marker !== undefined) {
      if (!fence) {
        // A backtick fence's info string has no backtick.
        if (marker[0] === '~' || !rest!.includes('`')) fence = { char: marker[0]!, length: marker.length };
      } else if (marker[0] === fence.char && marker.length >= fence.length && rest!.trim() === '') fence = null;
    } else if (!fence && match.index > from && match.index >= from + ((text.length - from) * (firstShare + starts.length)) / (firstShare + count - 1)) starts.push(match.index);
  }
  return starts;
}

const countLines = (text: string) => {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
};

/** Definitions written as lines of their own, a blank line after each: `[x]: #`, `[^x]: .`. */
function seedText(labels: DefinitionLabels): string {
  return [...labels.definitions.map((label) => `[${label}]: #\n\n`), ...labels.footnotes.map((label) => `[^${label}]: .\n\n`)].join('');
}

/**
 * The Markdown (front matter included) cut before each of `starts` (line starts), each part but the
 * last running on through the line the next one begins with, every part given `labels` as lines.
 */
export function markdownParts(text: string, starts: readonly number[], labels: DefinitionLabels): MarkdownPart[] {
  const seeds = seedText(labels);
  const seedLines = countLines(seeds);
  const bounds = [0, ...starts, text.length];
  let line = 1;
  return bounds.slice(0, -1).map((offset, i) => {
    const end = bounds[i + 1]!;
    const own = text.slice(offset, end);
    const ownLines = countLines(own);
    const last = i === bounds.length - 2;
    // The next part's first line, through its line ending.
    const next = last ? '' : text.slice(end, text.indexOf('\n', end) + 1 || text.length);
    const first = i === 0;
    const part: MarkdownPart = {
      text: first ? `${own}${next}\n${seeds}` : `${seeds}${own}${next}`,
      line,
      offset,
      seedLines: first ? 0 : seedLines,
      seedLength: first ? 0 : seeds.length,
      nextHeadingLine: last ? null : (first ? 0 : seedLines) + ownLines + 1,
    };
    line += ownLines;
    return part;
  });
}

/**
 * A label as written, as the tree identifies it: mdast's `identifier` (a node's `label` has its
 * escapes decoded, which a reference's match does not).
 */
const identifierOf = (label: string) => normalizeIdentifier(label).toLowerCase();

/** Whether `node` is the seeded definition, of that kind, with that identifier. */
function isSeed(node: RootContent | undefined, kind: 'definition' | 'footnoteDefinition', identifier: string): boolean {
  return (node?.type === 'definition' || node?.type === 'footnoteDefinition') && node.type === kind && node.identifier === identifier;
}

function shifted(point: Point, part: MarkdownPart): Point {
  const line = point.line - part.seedLines + part.line - 1;
  return point.offset === undefined ? { line, column: point.column } : { line, column: point.column, offset: point.offset - part.seedLength + part.offset };
}

/**
 * The parts' trees (parsed from `parts`' texts, in order) joined into the tree of the whole text,
 * or why they cannot be: a part's end was not a top-level heading, or the definitions the parts
 * really have are not the ones they were given (`actual` then has those, for a parse again).
 */
export function joinParts(trees: Root[], parts: readonly MarkdownPart[], labels: DefinitionLabels): { tree: Root } | { failed: string; actual?: DefinitionLabels } {
  const seeded = [...labels.definitions.map((label) => ['definition', identifierOf(label)] as const), ...labels.footnotes.map((label) => ['footnoteDefinition', identifierOf(label)] as const)];
  const children: RootContent[] = [];
  // What the parts define, by identifier.
  const actual = { definitions: new Set<string>(), footnotes: new Set<string>() };
  for (const [i, tree] of trees.entries()) {
    const part = parts[i]!;
    let nodes = tree.children;
    if (i === 0) {
      const seeds = nodes.slice(nodes.length - seeded.length);
      if (!seeded.every(([kind, label], k) => isSeed(seeds[k], kind, label))) return { failed: 'the definitions given to the first part were not read as such' };
      nodes = nodes.slice(0, nodes.length - seeded.length);
    } else {
      if (!seeded.every(([kind, label], k) => isSeed(nodes[k], kind, label) && nodes[k]!.position!.end.line <= part.seedLines)) return { failed: `the definitions given to part ${i + 1} were not read as such` };
      nodes = nodes.slice(seeded.length);
    }
    if (part.nextHeadingLine !== null) {
      const heading = nodes.at(-1);
      if (heading?.type !== 'heading' || heading.position?.start.line !== part.nextHeadingLine || heading.position.start.column !== 1) return { failed: `part ${i + 2} does not begin with a top-level heading` };
      nodes = nodes.slice(0, -1);
    }
    for (const node of nodes) {
      const read = (inner: Nodes) => {
        if (i > 0 && inner.position) inner.position = { start: shifted(inner.position.start, part), end: shifted(inner.position.end, part) } satisfies Position;
        if (inner.type === 'definition') actual.definitions.add(inner.identifier);
        else if (inner.type === 'footnoteDefinition') actual.footnotes.add(inner.identifier);
      };
      read(node);
      if ('children' in node) walkMarkdown(node, read);
      children.push(node);
    }
  }
  const given = { definitions: new Set(labels.definitions.map(identifierOf)), footnotes: new Set(labels.footnotes.map(identifierOf)) };
  const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
  if (!same(actual.definitions, given.definitions) || !same(actual.footnotes, given.footnotes)) {
    // An identifier is a label that identifies as itself: written as one, it defines what it names.
    return { failed: 'the parts were given other definitions than they have', actual: { definitions: [...actual.definitions], footnotes: [...actual.footnotes] } };
  }
  const first = trees[0]!.position;
  const lastTree = trees.at(-1)!.position;
  const position = first && lastTree ? { start: first.start, end: shifted(lastTree.end, parts.at(-1)!) } : undefined;
  return { tree: { type: 'root', children, ...(position ? { position } : {}) } };
}
