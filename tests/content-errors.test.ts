import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { iomSource, runCli, tempProject } from './helpers.js';

/** Line (1-based) of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('a brief with an error', () => {
  let good: string;
  beforeAll(async () => {
    good = await iomSource();
  });

  const cases: Array<{ name: string; broken: (s: string) => string; line: (s: string) => number; message: RegExp }> = [
    {
      name: 'fact without a value',
      broken: (s) => s.replace(/^    value: "1951"\n/m, ''),
      line: (s) => lineOf(s, 'key: founded'),
      message: /fact 1 lacks `value`: add `value: \.\.\.`/,
    },
    {
      name: 'broken YAML',
      broken: (s) => s.replace('subtitle: Bilgi Notu', 'subtitle: Bilgi: Notu'),
      line: (s) => lineOf(s, 'subtitle: Bilgi: Notu'),
      message: /not valid YAML/,
    },
    {
      name: 'unclosed quote',
      broken: (s) => s.replace('subtitle: Bilgi Notu', 'subtitle: "Bilgi Notu'),
      line: (s) => lineOf(s, 'subtitle: "Bilgi Notu'),
      message: /not valid YAML: Missing closing "quote/,
    },
    {
      name: 'bad date',
      broken: (s) => s.replace('asOf: 2016-07-31', 'asOf: 2016-02-30'),
      line: (s) => lineOf(s, 'asOf:'),
      message: /`asOf`: is not a real calendar date/,
    },
    {
      name: 'unknown fact key',
      broken: (s) => s.replace(':fact[purpose]', ':fact[purpos]'),
      line: (s) => lineOf(s, ':fact[purpos]'),
      message: /unknown fact `purpos`/,
    },
  ];

  for (const c of cases) {
    it(`should name file and line for a ${c.name}, exit 1, and keep the last good outputs`, async () => {
      const dir = await tempProject({ 'iom.md': good });
      const first = await runCli(['build'], dir);
      expect(first.code, first.stderr).toBe(0);
      const names = (await import('node:fs/promises').then((fs) => fs.readdir(path.join(dir, 'dist/iom')))).sort();
      expect(names).toContain('brief.pdf');
      const outputs = names.map((f) => path.join(dir, 'dist/iom', f));
      const before = await Promise.all(outputs.map((f) => readFile(f)));
      const mtimes = await Promise.all(outputs.map(async (f) => (await stat(f)).mtimeMs));

      const broken = c.broken(good);
      expect(broken).not.toBe(good);
      await import('node:fs/promises').then((fs) => fs.writeFile(path.join(dir, 'content/iom.md'), broken));
      const second = await runCli(['build'], dir);

      expect(second.code).toBe(1);
      const line = c.line(broken);
      expect(line).toBeGreaterThan(0);
      expect(second.stderr).toMatch(new RegExp(`^content/iom\\.md:${line}:\\d+ error `, 'm'));
      expect(second.stderr).toMatch(c.message);
      const after = await Promise.all(outputs.map((f) => readFile(f)));
      after.forEach((data, i) => expect(data.equals(before[i]!)).toBe(true));
      expect(await Promise.all(outputs.map(async (f) => (await stat(f)).mtimeMs))).toEqual(mtimes);
      // No temporary file left behind.
      const left = await import('node:fs/promises').then((fs) => fs.readdir(path.join(dir, 'dist/iom')));
      expect(left.sort()).toEqual(names);
    });
  }

  it('should build the good briefs and fail on the bad one, naming it, and make no pack files', async () => {
    const dir = await tempProject({ 'good.md': good, 'bad.md': good.replace('asOf: 2016-07-31', 'asOf: 2016-02-30') });
    const result = await runCli(['build', '--format', 'html'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^content\/bad\.md:\d+:7 error front matter `asOf`: is not a real calendar date: write the day as YYYY-MM-DD/m);
    expect(result.stdout).toContain(path.join('dist', 'good', 'one-pager.html'));
    // An incomplete pack is not made: its manifest would list a brief that failed as missing.
    await expect(stat(path.join(dir, 'dist', 'manifest.json'))).rejects.toThrow();
  });

  it('should refuse two briefs that would write to one folder', async () => {
    const dir = await tempProject({ 'iom.md': good });
    await import('node:fs/promises').then(async (fs) => {
      await fs.mkdir(path.join(dir, 'other'));
      await fs.writeFile(path.join(dir, 'other/iom.md'), good);
    });
    const result = await runCli(['build', 'content/iom.md', 'other/iom.md', '--format', 'html'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^other\/iom\.md error other\/iom\.md and content\/iom\.md both make the output folder "iom": rename one of them/m);
    expect(result.stdout).toContain(path.join('dist', 'iom', 'one-pager.html'));
  });

  it('should refuse an unknown format with exit 2', async () => {
    const dir = await tempProject({ 'iom.md': good });
    const result = await runCli(['build', '--format', 'docx'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown format "docx"/);
  });

  it('should say how to install a browser when none is found, exit 1', async () => {
    const dir = await tempProject({ 'iom.md': good });
    const result = await runCli(['build', '--format', 'pdf', '--browser', '/nonexistent/chrome'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--browser option names \/nonexistent\/chrome, which is not an executable file/);
  });
});
