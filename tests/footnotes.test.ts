import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { iomSource, pdfText, runCli, squash, tempProject } from './helpers.js';

// Each output is held to the headings it shows: a deck shows no footnotes' heading (each footnote goes
// to the speaker notes of its slide) and nothing the author kept off slides, and a brief with either
// must still build in every format.
describe('a brief with footnotes and a section kept off the slides', () => {
  it('should build every output, each holding what it promises', async () => {
    const body = '\nBir dipnot[^1] burada.\n\n:::no-slides\n### Yalnız belgede\n\nSlaytta olmayan bölüm.\n:::\n\n[^1]: Dipnot metni.\n';
    const dir = await tempProject({ 'iom.md': (await iomSource()) + body });
    const built = await runCli(['build'], dir);
    expect(built.code, built.stderr).toBe(0);
    const brief = squash(pdfText(path.join(dir, 'dist/iom/brief.pdf')));
    expect(brief).toContain('Dipnotlar');
    expect(brief).toContain('Dipnot metni.');
    expect(brief).toContain('Yalnız belgede');
    const slides = squash(pdfText(path.join(dir, 'dist/iom/slides.pdf')));
    expect(slides).not.toContain('Yalnız belgede');
    expect(slides).not.toContain('Dipnot metni');
    const notes = await readFile(path.join(dir, 'dist/iom/slides.html'), 'utf8');
    expect(notes).toMatch(/<aside class="notes">[^]*?<sup>1<\/sup> Dipnot metni\.[^]*?<\/aside>/);
    const checked = await runCli(['check'], dir);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });
});
