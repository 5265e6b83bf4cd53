// unist-util-visit-parents as the bundle has it (scripts/unnamed-visitors.mjs): without the naming of
// every node's visitor, which was a third of a long brief's transforms, and walking the same.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Node, Parent } from 'unist';
import { CONTINUE, EXIT, SKIP, visitParents } from 'unist-util-visit-parents';
import { describe, expect, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import { unnamedVisitors, withoutVisitorNames } from '../scripts/unnamed-visitors.mjs';
import { repoRoot } from './helpers.js';

// The package exports only its entry, which sits beside lib/.
const packageSource = () => readFile(path.join(path.dirname(createRequire(import.meta.url).resolve('unist-util-visit-parents')), 'lib/index.js'), 'utf8');

/** What a walk saw: each node entered (type and depth), with a visitor that skips, exits and jumps as told. */
function walk(visit: typeof visitParents, tree: Node, reverse: boolean): string[] {
  const seen: string[] = [];
  let count = 0;
  visit(
    tree,
    (node, ancestors) => {
      seen.push(`${node.type}@${ancestors.length}`);
      count++;
      if (count === 5000) return EXIT;
      if (node.type === 'element' && (node as Node & { tagName?: string }).tagName === 'table') return SKIP;
      // A visitor may name the index to go on from: the next sibling but one.
      const parent = ancestors.at(-1) as Parent | undefined;
      if (parent && count % 97 === 0) return [CONTINUE, parent.children.indexOf(node as Parent['children'][number]) + 2];
      return CONTINUE;
    },
    reverse,
  );
  return seen;
}

describe('unist-util-visit-parents in the bundle', () => {
  it('leaves out the naming of visitors, and nothing else', async () => {
    const source = await packageSource();
    expect(source).toContain("Object.defineProperty(visit, 'name'");
    const stripped = withoutVisitorNames(source);
    expect(stripped).not.toContain('Object.defineProperty');
    // Only those lines went.
    expect(source.split('\n').length - stripped.split('\n').length).toBe(4);
    expect(() => withoutVisitorNames(stripped)).toThrow(/found it 0 times/);
  });

  it('is how lib/ has it', async () => {
    const files = (await readdir(path.join(repoRoot, 'lib'), { recursive: true })).filter((f) => f.endsWith('.js'));
    const bundled = await Promise.all(files.map((f) => readFile(path.join(repoRoot, 'lib', f), 'utf8')));
    // The package is in the bundle (its error message), its naming is not.
    expect(bundled.some((text) => text.includes('expected visitor or object with visitors'))).toBe(true);
    expect(bundled.filter((text) => /Object\.defineProperty\(visit\w*, "name"/.test(text))).toEqual([]);
  });

  it('walks every tree as the package does', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-visit-'));
    try {
      const entry = path.join(dir, 'entry.mjs');
      await writeFile(entry, "export { visitParents } from 'unist-util-visit-parents';\n");
      await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile: path.join(dir, 'out.mjs'), nodePaths: [path.join(repoRoot, 'node_modules')], plugins: [unnamedVisitors], logLevel: 'silent' });
      const bundled = (await import(pathToFileURL(path.join(dir, 'out.mjs')).href)) as { visitParents: typeof visitParents };
      expect(bundled.visitParents).not.toBe(visitParents);
      const fixtures = path.join(repoRoot, 'tests/fixtures/real');
      const names = (await readdir(fixtures)).filter((f) => f.endsWith('.md'));
      expect(names.length).toBeGreaterThan(5);
      for (const name of names) {
        const { doc } = parseBrief(await readFile(path.join(fixtures, name), 'utf8'), `tests/fixtures/real/${name}`);
        for (const reverse of [false, true]) expect(walk(bundled.visitParents, doc.tree, reverse)).toEqual(walk(visitParents, doc.tree, reverse));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
