import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, inject, it } from 'vitest';
import { printedStamp } from '../src/render/revision.js';
import { hyphenatedAnywhere, repoRoot, runCli } from './helpers.js';

/** A copy of the suite's pack that a test may tamper with. */
async function packCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-check-'));
  await cp(inject('packDir'), dir, { recursive: true });
  return dir;
}

describe('briefpack check', () => {
  it('should pass a fresh build, output by output', async () => {
    const result = await runCli(['check', inject('packDir')], repoRoot);
    expect(result.code, result.stderr).toBe(0);
    for (const file of ['brief.pdf', 'one-pager.html', 'brief.epub']) expect(result.stdout).toMatch(new RegExp(`iom/${file.replace('.', '\\.')}\\s+ok`));
  });

  it('should fail and name the output and the fact when a fact value was changed', async () => {
    const dir = await packCopy();
    const file = path.join(dir, 'iom/one-pager.html');
    const html = await readFile(file, 'utf8');
    expect(html).toContain('169 üye ve 8 gözlemci devlet');
    // In the fact box and, hyphenated, in the text.
    await writeFile(file, html.replace(hyphenatedAnywhere('169 üye ve 8 gözlemci devlet'), '170 üye ve 8 gözlemci devlet'));
    const result = await runCli(['check', dir], repoRoot);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/iom\/one-pager\.html\s+fact "Üyeler" \(members\) lacks its value "169 üye ve 8 gözlemci devlet"/);
    expect(result.stdout).toMatch(/iom\/brief\.pdf\s+ok/);
    expect(result.stderr).toMatch(/check failed: (\d+) of (\d+) outputs agree/);
    const [, agree, all] = /(\d+) of (\d+)/.exec(result.stderr)!;
    // The one-pager, and the manifest that lists its old bytes.
    expect(Number(agree)).toBe(Number(all) - 2);
    expect(result.stdout).toMatch(/manifest\.json\s+iom\/one-pager\.html is not the file it lists/);
    await rm(dir, { recursive: true });
  });

  it('should fail on a dropped section and on an output of another revision', async () => {
    const dir = await packCopy();
    const file = path.join(dir, 'iom/brief.epub');
    const book = unzipSync(new Uint8Array(await readFile(file)));
    // Drop the last section's page from the book, and stamp the package with another revision.
    const opf = strFromU8(book['EPUB/package.opf']!).replace(/<itemref idref="section-2"\/>/, '').replace(/content="r[0-9a-f]{8} /, 'content="r00000000 ');
    book['EPUB/package.opf'] = strToU8(opf);
    await writeFile(file, zipSync(book));
    const result = await runCli(['check', dir], repoRoot);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/iom\/brief\.epub\s+heading "2\. Türkiye’de IOM" is missing/);
    expect(result.stdout).toMatch(/revision r00000000 · v[\d.]+ · \d{4}-\d\d-\d\d is not the source's r[0-9a-f]{8} · v[\d.]+\n/);
    await rm(dir, { recursive: true });
  });

  it('should fail when one output comes from another build of the same source', async () => {
    const dir = await packCopy();
    const file = path.join(dir, 'iom/one-pager.html');
    const html = await readFile(file, 'utf8');
    const stamp = /name="briefpack:revision" content="([^"]+)"/.exec(html)![1]!;
    const older = stamp.replace(/\d{4}-\d\d-\d\d$/, '2020-01-01');
    // The one-pager shows the stamp with its date written out: that of the other build too.
    await writeFile(file, html.replaceAll(stamp, older).replaceAll(printedStamp(stamp, 'tr'), printedStamp(older, 'tr')));
    const result = await runCli(['check', dir], repoRoot);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`iom/one-pager\\.html +revision ${older.replace(/[.·]/g, '.')} differs from`));
    await rm(dir, { recursive: true });
  });

  it('should report a missing output', async () => {
    const dir = await packCopy();
    await rm(path.join(dir, 'iom/brief.pdf'));
    const result = await runCli(['check', dir], repoRoot);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/iom\/brief\.pdf\s+missing: run `briefpack build`/);
    await rm(dir, { recursive: true });
  });
});

describe('the build', () => {
  it('should refuse to write outputs that disagree with the source', async () => {
    const { tempProject, iomSource } = await import('./helpers.js');
    const dir = await tempProject({ 'iom.md': await iomSource() });
    // A template overlay that forgets the fact box.
    await import('node:fs/promises').then(async (fs) => {
      await fs.mkdir(path.join(dir, 'tpl/partials'), { recursive: true });
      await fs.writeFile(path.join(dir, 'tpl/partials/fact-table.hbs'), '');
      await fs.writeFile(path.join(dir, 'briefpack.config.json'), JSON.stringify({ templates: 'tpl', formats: ['html'] }));
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/iom\.md error outputs disagree with the source, nothing written:\n {2}one-pager\.html: fact "Merkez" \(headquarters\) lacks its value "Cenevre, İsviçre"/);
  });
});
