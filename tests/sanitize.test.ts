import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import { iomSource, pdfText, runCli, tempProject } from './helpers.js';

const hostile = `

<script>alert('x')</script>

<img src="https://example.com/x.png" onerror="alert('img')">

<iframe src="https://example.com/frame"></iframe>

<a href="javascript:alert('link')">tıkla</a> ve <sup>2</sup> kalır.

<style>body{display:none}</style>

<form action="https://example.com"><input name="q"></form>
`;

describe('raw HTML in a brief', () => {
  it('should never reach the document model', async () => {
    const { doc } = parseBrief((await iomSource()) + hostile, 'content/iom.md');
    expect(doc.html).not.toMatch(/<script|onerror|<iframe|javascript:|<style|<form|alert\(/i);
    // Harmless markup survives.
    expect(doc.html).toContain('<sup>2</sup>');
  });

  it('should never reach any output', async () => {
    const dir = await tempProject({ 'iom.md': (await iomSource()) + hostile });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    // The remote image is dropped before any browser could fetch it.
    const html = await readFile(path.join(dir, 'dist/iom/one-pager.html'), 'utf8');
    expect(html).not.toMatch(/<script|onerror|<iframe|javascript:|<form|alert\(/i);
    expect(html.match(/<style>/g)).toHaveLength(1);
    const text = pdfText(path.join(dir, 'dist/iom/brief.pdf'));
    expect(text).not.toMatch(/alert|display:none/);
    expect(text).toContain('tıkla');
  });
});
