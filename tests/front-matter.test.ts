import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import { slugify } from '../src/content/slug.js';
import { BriefpackErrors } from '../src/errors.js';
import { epubcheck, epubcheckJar, lineOf, pdfInfo, pdfText, repoRoot, runCli, tempProject, type CliResult } from './helpers.js';

const bare = `# Göç Notu

A first paragraph, before any section.

## Background

Some text.

## Outlook

- one point
- another
`;

/** Every text file of a built brief, the EPUB's files included. */
async function outputTexts(dir: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const file of await readdir(dir)) {
    const full = path.join(dir, file);
    // The HTML without its scripts and styles (reveal.js says null, the CSS .bp-facts).
    if (file.endsWith('.html')) texts[file] = (await readFile(full, 'utf8')).replace(/<(script|style)\b[\s\S]*?<\/\1>/g, '');
    if (file.endsWith('.pdf')) texts[file] = pdfText(full);
    if (file.endsWith('.epub')) {
      for (const [name, data] of Object.entries(unzipSync(new Uint8Array(await readFile(full))))) {
        if (/\.(xhtml|opf|ncx|svg)$/.test(name)) texts[`${file}/${name}`] = strFromU8(data);
      }
    }
  }
  return texts;
}

const opf = async (epub: string) => strFromU8(unzipSync(new Uint8Array(await readFile(epub)))['EPUB/package.opf']!);

describe('a brief without front matter', () => {
  let dir: string;
  let built: CliResult;
  let checked: CliResult;
  beforeAll(async () => {
    dir = await tempProject({ 'İç_Göç.md': bare });
    built = await runCli(['build'], dir);
    checked = await runCli(['check'], dir);
  }, 300_000);

  it('builds every format under its file name made a slug, with no warning, and checks ok', async () => {
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toBe('');
    expect((await readdir(path.join(dir, 'dist/ic-goc'))).sort()).toEqual(['brief.epub', 'brief.pdf', 'one-pager.html', 'slides.html', 'slides.pdf', 'slides.pptx']);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });

  it('takes its title from its # heading and prints nothing for what it does not say: no fact box, no date, no "undefined"', async () => {
    const texts = await outputTexts(path.join(dir, 'dist/ic-goc'));
    for (const [file, text] of Object.entries(texts)) {
      expect(text, file).not.toMatch(/undefined|\bnull\b|NaN|Invalid Date/);
      expect(text, file).not.toMatch(/Key facts|bp-facts|As of/);
    }
    const html = texts['one-pager.html']!;
    expect(html).toContain('<title>Göç Notu</title>');
    expect(html).toContain('<html lang="en"');
    expect(html).not.toMatch(/<meta name="(description|author)"|<p class="bp-(summary|eyebrow|dateline)"/);
    expect(texts['brief.pdf']).toMatch(/GÖÇ NOTU/);
    expect(pdfInfo(path.join(dir, 'dist/ic-goc/brief.pdf'))).toMatchObject({ Title: 'Göç Notu' });
    const meta = await opf(path.join(dir, 'dist/ic-goc/brief.epub'));
    expect(meta).not.toMatch(/<dc:(creator|publisher|date|description|subject)/);
    expect(await readFile(path.join(dir, 'dist/index.html'), 'utf8')).not.toMatch(/class="bp-pack-entry-meta"/);
  });

  it('is an EPUB epubcheck finds nothing wrong with', ({ skip }) => {
    skip(!existsSync(epubcheckJar), 'epubcheck is not installed here');
    expect(epubcheck(path.join(dir, 'dist/ic-goc/brief.epub'))).toEqual([]);
  });

  it('takes lang, author and organisation from the config', async () => {
    const project = await tempProject({ 'notes.md': 'Just a paragraph, no heading at all.\n' });
    await writeFile(path.join(project, 'briefpack.config.json'), JSON.stringify({ lang: 'tr', author: 'Politika Ekibi', organisation: 'Örnek Kurum' }));
    const result = await runCli(['build', '--format', 'html,epub'], project);
    expect(result.code, result.stderr).toBe(0);
    const html = await readFile(path.join(project, 'dist/notes/one-pager.html'), 'utf8');
    expect(html).toContain('<html lang="tr"');
    expect(html).toContain('<title>notes</title>');
    expect(html).toContain('<meta name="author" content="Politika Ekibi">');
    expect(html).toContain('<p class="bp-eyebrow">Örnek Kurum</p>');
    expect(await opf(path.join(project, 'dist/notes/brief.epub'))).toMatch(/<dc:creator id="creator">Politika Ekibi<\/dc:creator>[\s\S]*<dc:publisher>Politika Ekibi<\/dc:publisher>[\s\S]*<dc:subject>Örnek Kurum<\/dc:subject>/);
  }, 120_000);
});

describe('front matter written for another tool', () => {
  let dir: string;
  let built: CliResult;
  const real = (name: string) => readFile(path.join(repoRoot, 'tests/fixtures/real', name), 'utf8');
  beforeAll(async () => {
    dir = await tempProject({ 'jekyll-post.md': await real('jekyll-post.md'), 'quarto-report.md': await real('quarto-report.md') });
    built = await runCli(['build', '--format', 'pdf,html,epub'], dir, { SOURCE_DATE_EPOCH: String(Date.UTC(2024, 10, 30) / 1000) });
  }, 300_000);

  it('builds, with one warning a file listing the keys briefpack does not read', () => {
    expect(built.code, built.stderr).toBe(0);
    // Briefs build side by side: their warnings come in either order.
    const warnings = built.stderr.split('\n').filter(Boolean).sort();
    expect(warnings).toEqual([
      expect.stringMatching(/^content\/jekyll-post\.md:2:9 warning front matter keys `layout`, `permalink`, `image`, `comments`, `published` are not read by briefpack and ignored: remove them/),
      // The 2021 post is older than 12 months on 30 November 2024; the warning stands at its `date`.
      expect.stringMatching(/^content\/jekyll-post\.md:4:7 warning the brief is as of 14 March 2021/),
      expect.stringMatching(/^content\/quarto-report\.md:14:14 warning front matter keys `date-format`, `format`, `bibliography`, `execute` are not read/),
    ]);
  });

  it("keeps a Jekyll post's title, description, date, tags, categories and author", async () => {
    const out = path.join(dir, 'dist/jekyll-post');
    const html = await readFile(path.join(out, 'one-pager.html'), 'utf8');
    expect(html).toContain('<title>Moving 40 repositories from Travis CI to GitHub Actions</title>');
    expect(html).toContain('<meta name="description" content="What we learned moving forty repositories to GitHub Actions in two weeks, and what we would do differently.">');
    expect(html).toContain('<meta name="keywords" content="ci, github-actions, automation, engineering, devops">');
    expect(html).toContain('<meta name="author" content="Jane Doe">');
    expect(html).toContain('<time datetime="2021-03-14">14 March 2021</time>');
    expect(pdfInfo(path.join(out, 'brief.pdf'))).toMatchObject({ Author: 'Jane Doe', Subject: expect.stringMatching(/^What we learned/) });
    expect(await opf(path.join(out, 'brief.epub'))).toContain('<dc:date>2021-03-14</dc:date>');
  });

  it("keeps a Quarto document's authors, abstract, date, keywords and language", async () => {
    const out = path.join(dir, 'dist/quarto-report');
    const html = await readFile(path.join(out, 'one-pager.html'), 'utf8');
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('<meta name="author" content="Camille Martin, Youssef Benali">');
    expect(html).toContain('<meta name="description" content="Cette note décrit les sources et la méthode utilisées pour estimer les traversées de la Méditerranée entre 2015 et 2023, et leurs limites.">');
    expect(html).toContain('<meta name="keywords" content="migration, Méditerranée, méthodologie">');
    expect(html).toContain('<time datetime="2024-05-17">17 mai 2024</time>');
    expect(pdfText(path.join(out, 'brief.pdf'))).toMatch(/Camille Martin, Youssef Benali/);
    const meta = await opf(path.join(out, 'brief.epub'));
    expect(meta).toContain('<dc:creator id="creator">Camille Martin, Youssef Benali</dc:creator>');
    expect(meta).toContain('<dc:language>fr</dc:language>');
  });
});

describe("other tools' values", () => {
  const meta = (frontMatter: string) => parseBrief(`---\n${frontMatter}\n---\n\nText.\n`, 'content/x.md', { today: new Date('2026-11-30T12:00:00Z') }).doc.meta;

  it('take the day of a date, a datetime or a YAML timestamp, and the build\'s day for Quarto\'s today', () => {
    expect(meta('date: 2024-05-17').asOf).toBe('2024-05-17');
    expect(meta('date: 2021-03-14 09:30:00 +0100').asOf).toBe('2021-03-14');
    expect(meta('date: 2021-03-14T23:30:00-07:00').asOf).toBe('2021-03-14');
    expect(meta('date: today').asOf).toBe('2026-11-30');
    expect(meta('asOf: 2020-01-02\ndate: 2024-05-17').asOf).toBe('2020-01-02');
  });

  it('join authors written every way Pandoc and Quarto write them', () => {
    expect(meta('author: [Ada Lovelace, Alan Turing]').author).toBe('Ada Lovelace, Alan Turing');
    expect(meta('author:\n  - name:\n      given: Ada\n      family: Lovelace\n  - name: {literal: W3C}').author).toBe('Ada Lovelace, W3C');
    expect(meta('authors: [Grace Hopper]').author).toBe('Grace Hopper');
  });

  it('join tags, categories and keywords, and take description or abstract as the summary', () => {
    expect(meta('keywords: [a]\ntags: b c\ncategories: [c, d]').keywords).toEqual(['a', 'b', 'c', 'd']);
    expect(meta('description: One.\nabstract: Two.').summary).toBe('One.');
    expect(meta('language: de').lang).toBe('de');
  });
});

describe('front matter problems', () => {
  const broken = `---
title: Broken
organization: IOM
autor: Me
asOf: 2026-02-30
lang: 12 34
facts:
  - key: members
    label: Members
---

Text.
`;

  it('are all told in one run, each at its line with what to do', async () => {
    let error: unknown;
    try {
      parseBrief(broken, 'content/x.md', { today: new Date('2026-11-30') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BriefpackErrors);
    const found = (error as BriefpackErrors).diagnostics.map((d) => [d.severity, d.place.line, d.message]);
    expect(found).toEqual([
      ['error', lineOf(broken, 'asOf:'), expect.stringMatching(/^front matter `asOf`: is not a real calendar date: write the day as YYYY-MM-DD, like 2026-11-30$/)],
      ['error', lineOf(broken, 'lang:'), expect.stringMatching(/^front matter `lang`: lang "12 34" is no BCP 47 language tag: write one like "tr"/)],
      ['error', lineOf(broken, 'key: members'), 'fact 1 lacks `value`: add `value: ...`'],
      ['warning', lineOf(broken, 'organization:'), expect.stringMatching(/`organization` .*did you mean `organisation`\?/)],
      ['warning', lineOf(broken, 'autor:'), expect.stringMatching(/`autor` .*did you mean `author`\?/)],
    ]);
  });

  it("in a fact are errors, each misspelt key at its own line (facts are briefpack's own)", () => {
    const source = '---\nfacts:\n  - key: a\n    label: A\n    value: 1\n    lable: x\n    sorce: y\n---\n\nText.\n';
    let error: unknown;
    try {
      parseBrief(source, 'content/x.md');
    } catch (e) {
      error = e;
    }
    expect((error as BriefpackErrors).diagnostics.map((d) => [d.severity, d.place.line, d.message])).toEqual([
      ['error', 6, 'fact 1 has a key briefpack does not know, `lable`: did you mean `label`?'],
      ['error', 7, 'fact 1 has a key briefpack does not know, `sorce`: did you mean `source`?'],
    ]);
  });

  it('fail the build with every one printed and nothing written', async () => {
    const dir = await tempProject({ 'x.md': broken });
    const result = await runCli(['build', '--format', 'html'], dir);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => /^content\/x\.md:\d+:\d+ (error|warning) /.test(l));
    expect(lines).toHaveLength(5);
    expect(result.stderr).toMatch(/build failed: 3 errors, 0 outputs .*, 2 warnings/);
    expect(result.stderr).not.toMatch(/``/);
    expect(existsSync(path.join(dir, 'dist/x'))).toBe(false);
  });
});

describe('file names', () => {
  it('become slugs: Turkish letters transliterated, marks dropped, other characters dashes; editions kept', () => {
    expect(slugify('İç_Göç')).toBe('ic-goc');
    expect(slugify('ŞIRNAK ılık Straße')).toBe('sirnak-ilik-strasse');
    expect(slugify('Rapport été 2024!')).toBe('rapport-ete-2024');
    expect(slugify('iom.en')).toBe('iom.en');
    expect(parseBrief('Text.\n', 'content/İç_Göç.en.md').doc.meta).toMatchObject({ slug: 'ic-goc.en', lang: 'en', title: 'İç Göç' });
  });

  it('with no Latin letter become a short hash of the name, the same every time', () => {
    expect(slugify('تقرير')).toMatch(/^brief-[0-9a-f]{8}$/);
    expect(slugify('تقرير')).toBe(slugify('تقرير'));
    expect(slugify('报告')).not.toBe(slugify('تقرير'));
  });

  it('that make one slug fail the build, naming both files', async () => {
    const dir = await tempProject({ 'İç_Göç.md': bare, 'ic-goc.md': bare });
    const result = await runCli(['build', '--format', 'html'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^content\/(İç_Göç|ic-goc)\.md error content\/(İç_Göç|ic-goc)\.md and content\/(İç_Göç|ic-goc)\.md both make the output folder "ic-goc": rename one of them/m);
    const [, a, b, c] = /^(content\/\S+) error (content\/\S+) and (content\/\S+) both/m.exec(result.stderr)!;
    expect(a).toBe(b);
    expect(new Set([b, c])).toEqual(new Set(['content/İç_Göç.md', 'content/ic-goc.md']));
  });
});

describe('briefpack new', () => {
  it('writes a brief with every key explained that builds with no warning, and never overwrites one', async () => {
    const dir = await tempProject({});
    const made = await runCli(['new', 'İç Göç Raporu'], dir);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('content/ic-goc-raporu.md');
    const source = await readFile(path.join(dir, 'content/ic-goc-raporu.md'), 'utf8');
    for (const key of ['title', 'subtitle', 'organisation', 'author', 'lang', 'asOf', 'summary', 'keywords', 'facts']) {
      expect(source, key).toMatch(new RegExp(`^# .*\\n${key}:`, 'm'));
    }
    expect(source).toContain('title: İç Göç Raporu');
    expect(source).toMatch(/^## /m);
    expect(source).toMatch(/:fact\[founded\]/);

    const built = await runCli(['build'], dir);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toBe('');
    expect(built.stdout).not.toMatch(/warning/);
    expect((await runCli(['check'], dir)).code).toBe(0);

    const again = await runCli(['new', 'İç Göç Raporu'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/content\/ic-goc-raporu\.md exists already: edit it, or give another name/);
    expect(await readFile(path.join(dir, 'content/ic-goc-raporu.md'), 'utf8')).toBe(source);
  }, 300_000);
});
