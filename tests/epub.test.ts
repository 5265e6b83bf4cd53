import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import type { BriefDocument } from '../src/model.js';
import { coverSvg } from '../src/formats/epub/cover.js';
import { bookIdentifier } from '../src/formats/epub/package-document.js';
import { resolveVars, themeTokens } from '../src/formats/epub/theme-tokens.js';
import { BookImages, collectAnchors, toXhtml } from '../src/formats/epub/xhtml.js';
import { ncName } from '../src/formats/epub/xml.js';
import { labelsOf } from '../src/locale.js';
import { aceBin, aceViolations, epubcheck, epubcheckJar, iomSource, rgbaPixels, runCli, squash, tempProject } from './helpers.js';

// A 1x1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const noEpubcheck = 'epubcheck is not installed here (apt-get install epubcheck; .ci/run installs it)';

type Book = Record<string, Uint8Array>;
const text = (book: Book, name: string): string => {
  const entry = book[name];
  if (!entry) throw new Error(`${name} is not in the book: ${Object.keys(book).join(', ')}`);
  return strFromU8(entry);
};
const xhtmlNames = (book: Book) => Object.keys(book).filter((n) => n.endsWith('.xhtml'));

/** Reading text of an XHTML file: tags dropped, references decoded, white space collapsed. */
function readingText(xhtml: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return squash(
    xhtml
      .replace(/<title>[\s\S]*?<\/title>/, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, ref: string) =>
        ref.startsWith('#x') ? String.fromCodePoint(parseInt(ref.slice(2), 16)) : ref.startsWith('#') ? String.fromCodePoint(Number(ref.slice(1))) : named[ref]!,
      ),
  );
}

/** The first local file header of a zip: which entry, how stored, with what extra field. */
function firstEntry(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const nameLength = view.getUint16(26, true);
  const extraLength = view.getUint16(28, true);
  return {
    signature: view.getUint32(0, true),
    method: view.getUint16(8, true),
    extraLength,
    name: strFromU8(zip.subarray(30, 30 + nameLength)),
    data: strFromU8(zip.subarray(30 + nameLength + extraLength, 30 + nameLength + extraLength + view.getUint32(18, true))),
  };
}

describe('the EPUB of content/iom.md', () => {
  let file: string;
  let zip: Uint8Array;
  let book: Book;
  let doc: BriefDocument;

  beforeAll(async () => {
    file = path.join(inject('packDir'), 'iom', 'brief.epub');
    zip = new Uint8Array(await readFile(file));
    book = unzipSync(zip);
    doc = parseBrief(await iomSource(), 'content/iom.md').doc;
  });

  it('should start with the mimetype entry, stored, without extra field', () => {
    expect(firstEntry(zip)).toEqual({ signature: 0x04034b50, method: 0, extraLength: 0, name: 'mimetype', data: 'application/epub+zip' });
  });

  it('should pass epubcheck with no errors and no warnings', { timeout: 120_000 }, ({ skip }) => {
    skip(!existsSync(epubcheckJar), noEpubcheck);
    expect(epubcheck(file)).toEqual([]);
  });

  it('should carry every fact and every heading in its text', () => {
    const all = xhtmlNames(book).map((n) => readingText(text(book, n))).join(' ');
    for (const fact of doc.facts) {
      expect(all).toContain(squash(fact.label));
      expect(all).toContain(squash(fact.value));
    }
    for (const entry of doc.toc) expect(all).toContain(entry.title);
    expect(doc.sections.length).toBeGreaterThan(1);
    for (const section of doc.sections) expect(all).toContain(section.title);
  });

  it('should describe the brief in the package metadata, in Turkish', () => {
    const opf = text(book, 'EPUB/package.opf');
    expect(opf).toContain('<dc:language>tr</dc:language>');
    expect(opf).toContain('xml:lang="tr"');
    expect(opf).toContain(`<dc:identifier id="pub-id">${bookIdentifier(doc.meta)}</dc:identifier>`);
    expect(opf).toContain('<dc:title>Birleşmiş Milletler Uluslararası Göç Örgütü — Bilgi Notu</dc:title>');
    expect(opf).toContain('<dc:creator id="creator">Briefpack</dc:creator>');
    // The issuer publishes it; the organisation it is about is its subject.
    expect(opf).toContain('<dc:publisher>Briefpack</dc:publisher>');
    expect(opf).toContain('<dc:subject>Uluslararası Göç Örgütü (IOM)</dc:subject>');
    // What a reader who reads it another way needs to know (EPUB Accessibility 1.1, DAISY Ace).
    for (const [property, value] of [['accessMode', 'textual'], ['accessModeSufficient', 'textual'], ['accessibilityFeature', 'tableOfContents'], ['accessibilityFeature', 'structuralNavigation'], ['accessibilityHazard', 'none']]) {
      expect(opf).toContain(`<meta property="schema:${property}">${value}</meta>`);
    }
    expect(opf).toMatch(/<meta property="schema:accessibilitySummary" xml:lang="en">[^<]+<\/meta>/);
    expect(text(book, 'EPUB/nav.xhtml')).toContain('role="doc-toc"');
    expect(opf).toContain('<dc:date>2016-07-31</dc:date>');
    expect(opf).toMatch(/<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/meta>/);
    // A raster cover for shelves and thumbnails (some reading systems show no SVG there), EPUB 2's way too.
    expect(opf).toContain('<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>');
    expect(opf).toContain('<meta name="cover" content="cover-image"/>');
    for (const name of xhtmlNames(book)) expect(text(book, name)).toContain('lang="tr" xml:lang="tr"');
  });

  it('should list every table-of-contents entry in the navigation, linked to its heading', () => {
    const nav = text(book, 'EPUB/nav.xhtml');
    const toc = /<nav[^>]*epub:type="toc"[^>]*>([\s\S]*?)<\/nav>/.exec(nav)![1]!;
    const links = [...toc.matchAll(/<a href="([^"#]+)#([^"]+)">([^<]*)<\/a>/g)].map(([, page, id, title]) => ({ page, id, title: readingText(title!) }));
    expect(links.map((l) => l.title)).toEqual([labelsOf('tr').keyFacts, ...doc.toc.map((t) => t.title)]);
    for (const link of links) {
      const target = new RegExp(`<h[23] id="${link.id}">([^<]*)</h[23]>`).exec(text(book, `EPUB/${link.page}`));
      expect(readingText(target?.[1] ?? ''), `${link.page}#${link.id}`).toBe(link.title);
    }
    expect(readingText(toc)).toContain(labelsOf('tr').contents);
  });

  it('should embed the fonts its stylesheet uses and declare them as font/woff2', () => {
    const css = text(book, 'EPUB/styles/book.css');
    const opf = text(book, 'EPUB/package.opf');
    const fonts = [...new Set([...css.matchAll(/url\(\.\.\/(fonts\/[^)]+\.woff2)\)/g)].map((m) => m[1]!))];
    // Turkish needs latin-ext (ğ, ş, İ), cut to briefpack's repertoire.
    expect(fonts).toContain('fonts/noto-sans-latin-ext-400-normal.subset.woff2');
    for (const font of fonts) {
      expect(book[`EPUB/${font}`]?.byteLength).toBeGreaterThan(1000);
      expect(opf).toContain(`href="${font}" media-type="font/woff2"`);
    }
    expect(css).toMatch(/font-family: 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Emoji', 'Noto Sans SC', 'Noto Sans TC', 'Noto Sans JP', 'Noto Sans KR', sans-serif/);
    expect(css, 'custom properties must be resolved for reading systems').not.toContain('var(');
  });

  it('should carry its cover as a PNG drawn from the shapes of its SVG cover page (in its fonts: cover-png.test.ts)', () => {
    expect(text(book, 'EPUB/cover.xhtml')).toMatch(/<svg [^>]*viewBox="0 0 1200 1800"/);
    const cover = book['EPUB/images/cover.png']!;
    expect(cover.byteLength).toBeLessThan(150_000);
    const { width, height, at } = rgbaPixels(cover);
    expect([width, height]).toEqual([800, 1200]);
    // The title is white on the accent panel, under the organisation's name (the cover's y 260 to
    // 780 of 1800).
    let white = 0;
    let all = 0;
    for (let y = 174; y < 520; y += 2) {
      for (let x = 0; x < width; x += 2, all++) if (at(x, y).slice(0, 3).every((v) => v > 240)) white++;
    }
    expect(white / all).toBeGreaterThan(0.1);
    expect(at(5, 5)).toEqual(at(5, 730));
  });

  it('should show the fact box with Turkish labels on the title page', () => {
    const page = readingText(text(book, 'EPUB/title.xhtml'));
    expect(page).toContain(labelsOf('tr').keyFacts);
    expect(page).toContain('Bilgi tarihi: 31 Temmuz 2016');
  });
});

// Footnotes, GFM tables and task lists, raw HTML the sanitiser keeps, links of every kind, a control
// character, ids that are not XML names, content before the first section.
const edgeBrief = `---
title: "A title that must wrap on the cover & <still> escape"
organisation: Ministry of Tests & Checks
author: Policy Team "Alpha"
lang: en
asOf: 2024-02-29
summary: Edge cases <b>not bold</b>.
facts:
  - key: budget
    label: Budget & "costs"
    value: "<1 bn"
---

Lead text with a [link to the tables](#3-tables-and-tasks) and a [relative link](other.md).

## 1. Footnotes & links

A footnote[^1], [a link](https://example.org/a?x=1&y=2), <a href="#nowhere">a broken anchor</a>, <a name="old">a named anchor</a>,
<strike>struck</strike>, <tt>teletype</tt>. Control \u0001character.

![a remote image](https://example.org/x.png) ![](local.png)

<picture><source srcset="https://example.org/y.webp"><img src="https://example.org/y.png" alt="picture alt"></picture>

<p align="center" width="3">Centred</p> <span id="dup">one</span> <span id="dup">two</span>

<details open><summary>More</summary>Hidden</details> <div dir="sideways" lang="not a lang">Odd attributes</div>

### 1.1 Sub with \`code\`

## 2. Second

<table border="1"><tr><td colspan="2" align="right" valign="top">wide</td></tr><tr><th scope="bogus">x</th><td rowspan="abc">y</td></tr></table>

## 3. Tables and tasks

| Left | Centre | Right |
| :--- | :----: | ----: |
| a    | b      | c     |

- [x] done
- [ ] todo

Back to [the first section](#1-footnotes--links).

[^1]: The footnote, pointing at [section 2](#2-second).
`;

describe('building the EPUB', () => {
  it('should make valid books of a brief full of edge cases and of one without body', { timeout: 120_000 }, async ({ skip }) => {
    const dir = await tempProject({ 'edge.md': edgeBrief, 'bos.md': edgeBrief.slice(0, edgeBrief.indexOf('---\n\n') + 4) });
    await writeFile(path.join(dir, 'content/local.png'), png);
    const result = await runCli(['build', '--format', 'epub'], dir);
    // Only the expected warnings: remote images dropped, old dates, the control character removed.
    expect(result.stderr.split('\n').filter((l) => l && !/warning (image https:|the brief is as of|1 control character \(U\+0001)|^1 output|^2 outputs/.test(l))).toEqual([]);
    expect(result.code).toBe(0);
    const file = path.join(dir, 'dist/edge/brief.epub');
    const book = unzipSync(new Uint8Array(await readFile(file)));
    const body = xhtmlNames(book).map((n) => text(book, n)).join('\n');
    expect(body).not.toMatch(/<(strike|tt|picture|source)\b|example\.org\/(x|y)\./);
    // The local image is a file of the book, listed in the package.
    expect(body).toContain('<img src="images/image-1.png" alt=""/>');
    expect(book['EPUB/images/image-1.png']).toEqual(new Uint8Array(png));
    expect(text(book, 'EPUB/package.opf')).toContain('href="images/image-1.png" media-type="image/png"');
    expect(body).toContain('<label><input type="checkbox" checked="checked" disabled="disabled"/> done</label>');
    expect(body).toContain('<a href="section-4.xhtml#id-3-tables-and-tasks">link to the tables</a>');
    expect(body).toContain('a remote image');
    skip(!existsSync(epubcheckJar), noEpubcheck);
    expect(epubcheck(file)).toEqual([]);
    // Front matter only: no sections, and the navigation still lists the fact box.
    expect(epubcheck(path.join(dir, 'dist/bos/brief.epub'))).toEqual([]);
  });

  it('should give the same bytes for the same SOURCE_DATE_EPOCH in any time zone', async () => {
    const dir = await tempProject({ 'iom.md': await iomSource() });
    const epoch = '1709208000'; // 2024-02-29T12:00:00Z
    const builds = [];
    for (const [out, tz] of [['a', 'UTC'], ['b', 'Pacific/Chatham']] as const) {
      const result = await runCli(['build', '--format', 'epub', '--out', out], dir, { SOURCE_DATE_EPOCH: epoch, TZ: tz });
      expect(result.code, result.stderr).toBe(0);
      builds.push(await readFile(path.join(dir, out, 'iom/brief.epub')));
    }
    expect(Buffer.compare(builds[0]!, builds[1]!)).toBe(0);
    expect(text(unzipSync(new Uint8Array(builds[0]!)), 'EPUB/package.opf')).toContain('<meta property="dcterms:modified">2024-02-29T12:00:00Z</meta>');
  });
});

describe('EPUB pieces', () => {
  it('should make ids XML names', () => {
    expect(ncName('1-genel-bilgi')).toBe('id-1-genel-bilgi');
    expect(ncName('2-türkiyede-iom')).toBe('id-2-türkiyede-iom');
    expect(ncName('türkiye')).toBe('türkiye');
    expect(ncName('a:b c')).toBe('a-b-c');
    expect(ncName('')).toBe('id-');
  });

  it('should map ids and links across the pages of the book', () => {
    const { doc } = parseBrief('---\ntitle: T\norganisation: O\nauthor: A\nlang: tr\nasOf: 2020-01-01\nsummary: S\nfacts: [{key: k, label: L, value: V}]\n---\n\n## 1. Bir\n\n[iki](#2-iki) [yok](#yok)\n\n## 2. Iki\n\n[bir](#1-bir)\n', 'x.md');
    const pages = doc.sections.map((s, i) => ({ file: `s${i + 1}.xhtml`, ids: [s.id], tree: s.tree }));
    const anchors = collectAnchors(pages);
    expect(anchors.get('1-bir')).toEqual({ file: 's1.xhtml', id: 'id-1-bir' });
    expect(toXhtml(pages[0]!.tree, 's1.xhtml', anchors, new BookImages())).toContain('<a href="s2.xhtml#id-2-iki">iki</a> <a>yok</a>');
    expect(toXhtml(pages[1]!.tree, 's2.xhtml', anchors, new BookImages())).toContain('<a href="s1.xhtml#id-1-bir">bir</a>');
  });

  it('should derive a stable name-based UUID from the slug and language', () => {
    const id = bookIdentifier({ slug: 'iom', lang: 'tr' });
    expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bookIdentifier({ slug: 'iom', lang: 'tr' })).toBe(id);
    expect(bookIdentifier({ slug: 'iom', lang: 'en' })).not.toBe(id);
  });

  it("should resolve the theme's custom properties, through fallbacks and other properties", () => {
    const tokens = themeTokens(':root { --a: #123; --b: var(--a); /* --c: no */ }', 'tr');
    expect(resolveVars('p { color: var(--b); border-color: var(--z, red); }', tokens)).toBe('p { color: #123; border-color: red; }');
    expect(() => resolveVars('p { color: var(--c) }', tokens)).toThrow(/--c/);
  });

  it('should set the cover title in Turkish capitals, escaped', () => {
    const meta = { ...parseBrief('---\ntitle: "istanbul <b> & ılık"\norganisation: O\nauthor: A\nlang: tr\nasOf: 2020-01-01\nsummary: S\nfacts: [{key: k, label: L, value: V}]\n---\n', 'x.md').doc.meta };
    const svg = coverSvg({ meta, labels: labelsOf('tr'), tokens: new Map() });
    expect(svg).toContain('>İSTANBUL &lt;B&gt;</text>');
    expect(svg).toContain('>&amp; ILIK</text>');
    expect(svg).toContain('<title>istanbul &lt;b&gt; &amp; ılık</title>');
    expect(svg).not.toContain('<b>');
  });

  it('should break cover lines after a hyphen, never before punctuation', () => {
    const meta = { ...parseBrief('---\ntitle: T\nlang: en\n---\n', 'x.md').doc.meta };
    // Titles whose line ends fall everywhere around "mid-year" and the comma.
    for (let words = 1; words <= 12; words++) {
      const title = `${'Funding '.repeat(words)}the system: 2026 mid-year review, in full`;
      const svg = coverSvg({ meta: { ...meta, title }, labels: labelsOf('en'), tokens: new Map() });
      const lines = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map(([, text]) => text!);
      for (const line of lines) expect(line, title).not.toMatch(/^[-,:]/);
    }
  });

  it('should keep a very long cover title on the accent panel', () => {
    const meta = { ...parseBrief('---\ntitle: T\norganisation: O\nauthor: A\nlang: en\nasOf: 2020-01-01\nsummary: S\nfacts: [{key: k, label: L, value: V}]\n---\n', 'x.md').doc.meta };
    const svg = coverSvg({ meta: { ...meta, title: 'word '.repeat(200), subtitle: 'A subtitle' }, labels: labelsOf('en'), tokens: new Map() });
    // The page, then the panel.
    const panel = Number([...svg.matchAll(/<rect width="1200" height="(\d+)"/g)][1]![1]);
    const titleLines = [...svg.matchAll(/<text x="\d+" y="(\d+)" font-family="serif"[^>]*>([^<]*)<\/text>/g)];
    expect(titleLines.length).toBeGreaterThan(3);
    expect(titleLines.at(-1)![2]).toMatch(/…$/);
    for (const [, y] of titleLines) expect(Number(y)).toBeLessThan(panel);
  });
});

describe('every edition of the content pack, read by DAISY Ace', () => {
  const packDir = inject('packDir');
  const editions = existsSync(packDir) ? readdirSync(packDir).filter((slug) => existsSync(path.join(packDir, slug, 'brief.epub'))) : [];

  it('are five', () => expect(editions.sort()).toEqual(['iom', 'iom.ar', 'iom.en', 'iom.fr', 'iom.zh']));

  it.each(editions)('%s: no accessibility violation', async (slug) => {
    if (!existsSync(aceBin)) throw new Error(`DAISY Ace is not installed at ${aceBin}: run bash scripts/setup.sh`);
    expect(await aceViolations(path.join(packDir, slug, 'brief.epub'))).toEqual([]);
  }, 300_000);
});
