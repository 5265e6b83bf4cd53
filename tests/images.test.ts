import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { iomSource, runCli, tempProject } from './helpers.js';

// A 1x1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('images in a brief', () => {
  it('should inline a local image into every output and load nothing', async () => {
    const dir = await tempProject({ 'iom.md': `${await iomSource()}\n![Logo](img/logo.png)\n` });
    await mkdir(path.join(dir, 'content/img'));
    await writeFile(path.join(dir, 'content/img/logo.png'), png);
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/warning (image|brief.pdf: refused)/);
    const html = await readFile(path.join(dir, 'dist/iom/one-pager.html'), 'utf8');
    expect(html).toContain(`<img src="data:image/png;base64,${png.toString('base64')}" alt="Logo">`);
  });

  it('should show the alt text of a missing image or a site path, with a warning at its line, and fail only in strict mode', async () => {
    const source = `${await iomSource()}\nMetin.\n\n![Eksik logo](img/yok.png)\n\n![Site logosu](/assets/logo.png)\n`;
    const dir = await tempProject({ 'iom.md': source });
    const line = (needle: string) => source.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const result = await runCli(['build', '--format', 'html'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^content/iom\\.md:${line('yok.png')}:1 warning image img/yok\\.png is not there: its alt text stands in`, 'm'));
    expect(result.stderr).toMatch(new RegExp(`^content/iom\\.md:${line('/assets/')}:1 warning image /assets/logo\\.png is a path on a web site`, 'm'));
    const html = await readFile(path.join(dir, 'dist/iom/one-pager.html'), 'utf8');
    expect(html).toContain('Eksik logo');
    expect(html).toContain('Site logosu');
    const strict = await runCli(['build', '--format', 'html', '--strict', '--out', 'strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/error image img\/yok\.png is not there: its alt text stands in \(an error in strict mode\)/);
    await expect(readFile(path.join(dir, 'strict/iom/one-pager.html'))).rejects.toThrow();
  });

  it('should drop a remote image for its alt text, with a warning at its line', async () => {
    const source = `${await iomSource()}\n![IOM logosu](https://example.org/logo.png)\n`;
    const dir = await tempProject({ 'iom.md': source });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const line = source.split('\n').findIndex((l) => l.includes('example.org')) + 1;
    expect(result.stderr).toMatch(new RegExp(`^content/iom\\.md:${line}:1 warning image https://example.org/logo.png is not in the project`, 'm'));
    // The browser was never asked for it.
    expect(result.stderr).not.toMatch(/refused a request/);
    const html = await readFile(path.join(dir, 'dist/iom/one-pager.html'), 'utf8');
    expect(html).not.toContain('example.org');
    expect(html).toContain('IOM logosu');
  });

  it('should fail on every image outside the project or of another type in one run, each at its line', async () => {
    const source = `${await iomSource()}\nMetin.\n\n![x](../../../etc/passwd.png)\n\n![y](belge.docx)\n\n![z](img/yok.png)\n\n![w](yok-uzantisiz)\n`;
    const dir = await tempProject({ 'iom.md': source, 'belge.docx': 'PK' });
    const line = (needle: string) => source.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const result = await runCli(['build', '--format', 'html'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^content/iom\\.md:${line('passwd')}:1 error image \\.\\./\\.\\./\\.\\./etc/passwd\\.png is outside the project`, 'm'));
    expect(result.stderr).toMatch(new RegExp(`^content/iom\\.md:${line('docx')}:1 error image belge\\.docx: use PNG, JPEG, GIF, WebP or SVG`, 'm'));
    expect(result.stderr).toMatch(new RegExp(`^content/iom\\.md:${line('yok.png')}:1 warning image img/yok\\.png is not there`, 'm'));
    // A name without a picture's type that is not there is missing, as any other.
    expect(result.stderr).toMatch(new RegExp(`^content/iom\\.md:${line('uzantisiz')}:1 warning image yok-uzantisiz is not there`, 'm'));
  });
});
