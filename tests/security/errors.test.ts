import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBrief } from '../../src/content/parse-brief.js';
import { BriefpackError, describeError } from '../../src/errors.js';
import { iomSource, runCli, tempProject } from '../helpers.js';

/** A stack trace's frames, as Node prints them. */
const stackFrame = /\n\s+at /;

describe('errors a user can act on', () => {
  it('should name the file and the cause of a file system error, without a stack', () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '/p/dist/iom/.brief.pdf.tmp-1'"), { code: 'EACCES', syscall: 'open', path: '/p/dist/iom/.brief.pdf.tmp-1' });
    const message = describeError(error, (file) => path.relative('/p', file));
    expect(message).toBe('cannot write dist/iom/.brief.pdf.tmp-1: permission denied');
    expect(message).not.toMatch(stackFrame);
  });

  it('should call an unexpected error briefpack\'s own, with no stack unless asked for', () => {
    expect(describeError(new TypeError('x is undefined'))).toMatch(/^internal error, please report it: x is undefined \(BRIEFPACK_DEBUG=1 shows where\)$/);
  });

  it('should say a file stands where an output folder should be, and nothing about missing editions', async () => {
    const dir = await tempProject({ 'iom.md': await iomSource() });
    await mkdir(path.join(dir, 'dist'));
    await writeFile(path.join(dir, 'dist/iom'), 'not a folder');
    const result = await runCli(['build', '--format', 'html'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/iom\.md error cannot write dist\/iom\S*: a file stands where a folder should be/);
    expect(result.stderr).not.toMatch(/edition/);
    expect(result.stderr).not.toMatch(stackFrame);
  });

  it('should refuse a windows-1254 body at its first bad byte, naming the encoding, and write nothing', async () => {
    const source = await iomSource();
    const body = source.indexOf('\n---', 4) + 4;
    // The front matter in UTF-8, the body as an old Turkish editor saves it.
    const windows1254: Record<string, number> = { ğ: 0xf0, ş: 0xfe, ı: 0xfd, İ: 0xdd, ü: 0xfc, ö: 0xf6, ç: 0xe7, Ş: 0xde, Ğ: 0xd0, Ü: 0xdc, Ö: 0xd6, Ç: 0xc7 };
    const legacyBody = source.slice(body).replace(/[^\x00-\x7f]/g, (c) => String.fromCharCode(windows1254[c] ?? 0x3f));
    const legacy = Buffer.concat([Buffer.from(source.slice(0, body)), Buffer.from(legacyBody, 'latin1')]);
    const dir = await tempProject({});
    await writeFile(path.join(dir, 'content/iom.md'), legacy);
    const result = await runCli(['build', '--format', 'html'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^content\/iom\.md:\d+:\d+ error byte 0x[0-9A-F]{2} at line \d+ is not UTF-8; the file looks like windows-1254/m);
    expect(result.stderr).not.toMatch(stackFrame);
    expect(existsSync(path.join(dir, 'dist/iom'))).toBe(false);
  });

  it('should build a brief saved as UTF-16 with a byte order mark as its UTF-8 twin', async () => {
    const source = await iomSource();
    const dir = await tempProject({});
    await writeFile(path.join(dir, 'content/iom.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')]));
    const result = await runCli(['build', '--format', 'html'], dir);
    expect(result.code, result.stderr).toBe(0);
    const html = await readFile(path.join(dir, 'dist/iom/one-pager.html'), 'utf8');
    expect(html).toContain('Uluslararası Göç Örgütü');
  });

  it('should refuse a YAML alias bomb at its first alias, quickly', async () => {
    const laughs = ['lol0: &a0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `lol${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)];
    const source = (await iomSource()).replace(/^---\n/, `---\n${laughs.join('\n')}\n`);
    const started = performance.now();
    const error = (() => {
      try {
        parseBrief(source, 'content/iom.md');
      } catch (e) {
        return e;
      }
    })();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(BriefpackError);
    expect((error as BriefpackError).message).toMatch(/repeats its aliases/);
    // The first alias is on the third line of the file (`---` is the first).
    expect((error as BriefpackError).place?.line).toBe(3);
  });

  it('should report an unclosed quote where it opens, not where the YAML ends', () => {
    const source = '---\ntitle: "IOM\nsubtitle: Bilgi Notu\norganisation: IOM\nauthor: A\nlang: tr\nasOf: 2016-07-31\nsummary: S\nfacts:\n  - key: a\n    label: b\n    value: c\n---\n\nMetin.\n';
    expect(() => parseBrief(source, 'content/iom.md')).toThrowError(expect.objectContaining({ place: expect.objectContaining({ line: 2, column: 8 }) }));
  });
});
