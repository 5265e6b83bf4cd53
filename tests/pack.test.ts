import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { parse } from 'parse5';
import { describe, expect, inject, it } from 'vitest';
import { iomSource, pdfInfo, pdfPageText, repoRoot, runCli, squash, tempProject } from './helpers.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Every file under a folder, relative, with `/`. */
async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`])));
  return nested.flat().sort();
}

describe('the IOM pack', () => {
  const dir = inject('packDir');

  it('should list every file in manifest.json with its size, hash, brief, edition and revision', async () => {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    const files = (await filesUnder(dir)).filter((f) => f !== 'manifest.json' && !f.endsWith('.zip'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(['iom/brief.pdf', 'iom.en/brief.pdf', 'pack.pdf', 'index.html']));
    for (const f of manifest.files) {
      const data = await readFile(path.join(dir, f.path));
      expect(f.bytes).toBe(data.byteLength);
      expect(f.sha256).toBe(sha256(data));
      if (f.path.endsWith('.html')) expect(data.toString()).toContain(`content="${f.revision}"`);
    }
    expect(manifest.files.find((f: { path: string }) => f.path === 'iom.en/one-pager.html')).toMatchObject({ brief: 'iom', edition: 'en' });
    expect(manifest.files.find((f: { path: string }) => f.path === 'pack.pdf')).toMatchObject({ brief: null, edition: 'tr' });
    expect(manifest.pack).toMatchObject({ slug: 'brifing-paketi', title: 'Uluslararası Kuruluşlar Brifing Paketi' });
  });

  it('should zip every file, manifest included, under one folder', async () => {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    const zipName = `${manifest.pack.slug}-${manifest.pack.version}.zip`;
    const zip = unzipSync(new Uint8Array(await readFile(path.join(dir, zipName))));
    const folder = zipName.replace(/\.zip$/, '');
    const names = Object.keys(zip);
    expect(names.every((n) => n.startsWith(`${folder}/`))).toBe(true);
    const paths = names.map((n) => n.slice(folder.length + 1));
    expect([...paths].sort()).toEqual([...manifest.files.map((f: { path: string }) => f.path), 'manifest.json'].sort());
    // Brief by brief (each brief's outputs together, in the pack's order), then the pack's own files.
    expect(paths.slice(-3)).toEqual(['pack.pdf', 'index.html', 'manifest.json']);
    const folders = paths.slice(0, -3).map((p) => p.slice(0, p.indexOf('/')));
    expect(folders.filter((f, i) => f !== folders[i - 1])).toEqual(['iom', 'iom.ar', 'iom.en', 'iom.fr', 'iom.zh']);
    expect(strFromU8(zip[`${folder}/manifest.json`]!)).toBe(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
  });

  it('should link every output of every edition from index.html, with its size', async () => {
    const html = await readFile(path.join(dir, 'index.html'), 'utf8');
    expect(parse(html).childNodes.length).toBeGreaterThan(0);
    expect(html).toMatch(/<html lang="tr" dir="ltr">/);
    const links = [...html.matchAll(/<a href="([^"]+)"[^>]*>[^<]*<\/a> <span class="bp-size">([^<]*)<\/span>/g)].map((m) => [m[1]!, m[2]!] as const);
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    for (const f of manifest.files.filter((f: { brief: string | null }) => f.brief)) {
      const link = links.find(([href]) => href === f.path);
      expect(link, f.path).toBeTruthy();
      // Shown rounded: to a tenth of a kB below 10 kB, else to a whole one (48.5 kB is shown 49).
      const shown = link![1];
      expect(Math.abs(Number.parseFloat(shown) - f.bytes / 1024), `${f.path}: ${shown} for ${f.bytes} bytes`).toBeLessThanOrEqual(shown.includes('.') ? 0.05 : 0.5);
    }
    for (const [href] of links) await expect(readFile(path.join(dir, href))).resolves.toBeTruthy();
  });

  it('should make pack.pdf: cover, contents with real page numbers, every brief, pages numbered across', () => {
    const pdf = path.join(dir, 'pack.pdf');
    const pages = Number(pdfInfo(pdf).Pages);
    const texts = Array.from({ length: pages }, (_, i) => pdfPageText(pdf, i + 1));
    texts.forEach((t, i) => expect(t).toContain(`Sayfa ${i + 1} / ${pages}`));
    expect(texts[0]!.replace(/\s+/g, ' ')).toContain('ULUSLARARASI KURULUŞLAR BRİFİNG PAKETİ');
    const contents = texts.findIndex((t) => t.includes('İçindekiler'));
    const lines = texts.map((t) => t.split('\n').map((l) => l.trim()));
    for (const title of ['Birleşmiş Milletler Uluslararası Göç Örgütü', '1. Genel Bilgi', '2. Türkiye’de IOM']) {
      const listed = Number(/(\d+)$/.exec(lines[contents]!.find((l) => l.startsWith(title) && l !== title) ?? '')?.[1]);
      // A heading on a line of its own; a brief's title, upper-cased, over the lines it is set on.
      const actual = lines.findIndex((page, i) => i > contents && (page.some((l) => l === title) || squash(page.join(' ')).includes(title.toLocaleUpperCase('tr')))) + 1;
      expect(listed, title).toBe(actual);
    }
    // The Turkish edition, as the pack is Turkish; its pages run under its title.
    expect(texts.join('\n')).toContain('169 üye ve 8 gözlemci devlet');
    expect(texts.at(-1)).toContain('BİRLEŞMİŞ MİLLETLER ULUSLARARASI GÖÇ ÖRGÜTÜ');
  });

  it('should find the editions in agreement, and name what an edition changed', async () => {
    const good = await runCli(['check', dir], repoRoot);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/content\/iom\.en\.md ~ content\/iom\.md\s+ok/);
    const project = await tempProject({ 'iom.md': await iomSource(), 'iom.en.md': (await readFile(path.join(repoRoot, 'content/iom.en.md'), 'utf8')).replace('169 member states', '170 member states').replace(/^asOf: 2016-07-31/m, 'asOf: 2016-01-01') });
    await writeFile(path.join(project, 'content/pack.yaml'), 'title: Deneme\neditions: [tr, en]\nformats: [html]\n');
    const built = await runCli(['build'], project);
    expect(built.code, built.stderr).toBe(0);
    const checked = await runCli(['check'], project);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/content\/iom\.en\.md ~ content\/iom\.md\s+fact members has the numbers \[170 8\], the main edition \[169 8\]/);
    expect(checked.stdout).toMatch(/stale: as of 2016-01-01, the main edition of 2016-07-31/);
  });

  it('should report an edition pack.yaml asks for that a brief lacks', async () => {
    const project = await tempProject({ 'iom.md': await iomSource() });
    await writeFile(path.join(project, 'content/pack.yaml'), 'title: Deneme\neditions: [tr, en]\nformats: [html]\n');
    const built = await runCli(['build'], project);
    expect(built.stderr).toMatch(/^content\/pack\.yaml warning brief "iom" has no en edition \(content\/iom\.en\.md\)/m);
    const checked = await runCli(['check'], project);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/editions tr, en\s+brief "iom" has no en edition/);
  });

  it('should name a pack.yaml error at its line', async () => {
    const project = await tempProject({ 'iom.md': await iomSource() });
    await writeFile(path.join(project, 'content/pack.yaml'), 'title: Deneme\nbriefs: [iom, unhcr]\n');
    const missing = await runCli(['build'], project);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/content\/pack\.yaml error pack\.yaml lists "unhcr", but content\/ has no such brief/);
    await writeFile(path.join(project, 'content/pack.yaml'), 'title: Deneme\nformats: [pdf, docx]\n');
    const bad = await runCli(['build'], project);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^content\/pack\.yaml:2:\d+ error pack\.yaml `formats\.1`/m);
  });
});

describe('reproducible, sharded builds', () => {
  const epoch = { SOURCE_DATE_EPOCH: '1764028800' };
  const briefs = async () => {
    const iom = await iomSource();
    const other = (slug: string, title: string) => iom.replace(/^title: .*$/m, `title: ${title}`).replace('Bilgi Notu', `Bilgi Notu ${slug}`);
    return { 'iom.md': iom, 'iom.en.md': await readFile(path.join(repoRoot, 'content/iom.en.md'), 'utf8'), 'unhcr.md': other('unhcr', 'BM Mülteciler Yüksek Komiserliği'), 'who.md': other('who', 'Dünya Sağlık Örgütü'), 'ilo.md': other('ilo', 'Uluslararası Çalışma Örgütü') };
  };

  it('should give the same bytes twice, and three shards merged should equal the whole build', { timeout: 240_000 }, async () => {
    const project = await tempProject(await briefs());
    await writeFile(path.join(project, 'content/pack.yaml'), 'title: Deneme Paketi\nslug: deneme\nversion: 1.2.0\nformats: [pdf, html, epub]\n');
    for (const out of ['whole-a', 'whole-b']) expect((await runCli(['build', '--out', out], project, epoch)).code).toBe(0);
    const whole = await filesUnder(path.join(project, 'whole-a'));
    expect(whole).toContain('deneme-1.2.0.zip');
    expect(await filesUnder(path.join(project, 'whole-b'))).toEqual(whole);
    for (const f of whole) expect(sha256(await readFile(path.join(project, 'whole-b', f))), f).toBe(sha256(await readFile(path.join(project, 'whole-a', f))));

    const shardSlugs: string[][] = [];
    for (const k of [1, 2, 3]) {
      const result = await runCli(['build', '--shard', `${k}/3`, '--out', `shard-${k}`], project, epoch);
      expect(result.code, result.stderr).toBe(0);
      const manifest = JSON.parse(await readFile(path.join(project, `shard-${k}/manifest.json`), 'utf8'));
      shardSlugs.push([...new Set(manifest.files.map((f: { brief: string }) => f.brief))] as string[]);
    }
    // Every brief in exactly one shard, with its editions.
    expect(shardSlugs.flat().sort()).toEqual(['ilo', 'iom', 'unhcr', 'who']);
    const merged = await runCli(['merge', 'shard-1', 'shard-2', 'shard-3', '--out', 'merged'], project, epoch);
    expect(merged.code, merged.stderr).toBe(0);
    expect(await filesUnder(path.join(project, 'merged'))).toEqual(whole);
    for (const f of whole) expect(sha256(await readFile(path.join(project, 'merged', f))), f).toBe(sha256(await readFile(path.join(project, 'whole-a', f))));
  });
});
