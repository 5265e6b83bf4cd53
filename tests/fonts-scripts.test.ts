import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { loadPdfium } from '../src/read-back/read-pdf.js';
import { epubcheck, epubcheckJar, pdfFonts, repoRoot, runCli, tempProject, type CliResult } from './helpers.js';

/** The briefs in tests/fixtures/scripts: the IOM brief in Chinese and in Arabic, and one in Cyrillic, Greek, Hebrew and emoji. */
const briefs = ['iom-zh', 'iom-ar', 'mixed'];

/** Every character of a PDF's text with the font that draws it and the size of its glyph's box. */
async function pdfChars(data: Uint8Array): Promise<Array<{ char: string; font: string; width: number; height: number }>> {
  const m = await loadPdfium();
  const { pdfium } = m;
  const bytes = pdfium.wasmExports.malloc(data.byteLength);
  pdfium.HEAPU8.set(data, bytes);
  const doc = m.FPDF_LoadMemDocument(bytes, data.byteLength, '');
  const box = pdfium.wasmExports.malloc(32);
  const name = pdfium.wasmExports.malloc(256);
  const chars: Array<{ char: string; font: string; width: number; height: number }> = [];
  try {
    for (let n = 0; n < m.FPDF_GetPageCount(doc); n++) {
      const page = m.FPDF_LoadPage(doc, n);
      const text = m.FPDFText_LoadPage(page);
      for (let i = 0, count = m.FPDFText_CountChars(text); i < count; i++) {
        m.FPDFText_GetFontInfo(text, i, name, 256, 0);
        m.FPDFText_GetCharBox(text, i, box, box + 8, box + 16, box + 24);
        const [left, right, bottom, top] = [0, 1, 2, 3].map((k) => pdfium.getValue(box + k * 8, 'double') as number);
        chars.push({ char: String.fromCharCode(m.FPDFText_GetUnicode(text, i)), font: pdfium.UTF8ToString(name), width: right! - left!, height: top! - bottom! });
      }
      m.FPDFText_ClosePage(text);
      m.FPDF_ClosePage(page);
    }
  } finally {
    m.FPDF_CloseDocument(doc);
    for (const p of [bytes, box, name]) pdfium.wasmExports.free(p);
  }
  return chars;
}

// Built by the CLI as a user builds them, the pack's own files included.
describe('outputs of briefs in Arabic, Chinese, Cyrillic, Greek, Hebrew and emoji', () => {
  let project: string;
  let built: CliResult;
  const out = (name: string, file: string) => path.join(project, 'dist', name, file);

  beforeAll(async () => {
    const sources = await Promise.all(briefs.map(async (name) => [`${name}.md`, await readFile(path.join(repoRoot, 'tests/fixtures/scripts', `${name}.md`), 'utf8')] as const));
    project = await tempProject(Object.fromEntries(sources));
    built = await runCli(['build'], project);
  });
  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('should build and check every output, and find a glyph for every character', () => {
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toContain('briefpack:missing-glyph');
  });

  const pdfs = () => [...briefs.flatMap((name) => ['brief.pdf', 'slides.pdf'].map((file) => out(name, file))), path.join(project, 'dist/pack.pdf')];
  const fontsOf = (file: string) => pdfFonts(file).map((font) => font.name);

  it('should draw every PDF with bundled fonts alone, each embedded: no DejaVu, no Liberation', () => {
    for (const file of pdfs()) {
      const fonts = pdfFonts(file);
      expect(fonts.length, file).toBeGreaterThan(0);
      expect(fonts.filter((font) => !font.embedded || !/^[A-Z]{6}\+Noto(Sans|Serif|Emoji)/.test(font.name)), file).toEqual([]);
    }
  });

  it('should draw the Arabic brief with Noto Sans Arabic, and the Chinese one with a subset of Noto Sans SC', () => {
    for (const file of ['brief.pdf', 'slides.pdf']) {
      expect(fontsOf(out('iom-ar', file)).some((name) => /^[A-Z]{6}\+NotoSansArabic-/.test(name)), file).toBe(true);
      expect(fontsOf(out('iom-zh', file)).some((name) => /^[A-Z]{6}\+NotoSansSC/.test(name)), file).toBe(true);
    }
    expect(fontsOf(out('mixed', 'brief.pdf')).some((name) => /NotoSansHebrew/.test(name))).toBe(true);
    // pack.pdf takes each brief's fonts.
    expect(fontsOf(path.join(project, 'dist/pack.pdf'))).toEqual(expect.arrayContaining([expect.stringMatching(/NotoSansArabic/), expect.stringMatching(/NotoSansSC/), expect.stringMatching(/NotoEmoji/)]));
  });

  it('should draw Cyrillic and Greek with Noto Sans, Serif and Mono themselves', async () => {
    const chars = await pdfChars(new Uint8Array(await readFile(out('mixed', 'brief.pdf'))));
    const fontOf = (char: string) => new Set(chars.filter((c) => c.char === char).map((c) => c.font.replace(/^[A-Z]{6}\+/, '')));
    // И in the title (Serif), in the body text (Sans); κ in the code span (Mono) and the text.
    expect([...fontOf('И')].sort()).toEqual(expect.arrayContaining(['NotoSans-Regular', 'NotoSerif-Bold']));
    expect([...fontOf('κ')]).toEqual(expect.arrayContaining(['NotoSans-Regular', 'NotoSansMono-Regular']));
  });

  it('should draw the emoji of a heading with real glyphs of Noto Emoji, a joined sequence as one', async () => {
    for (const file of ['brief.pdf', 'slides.pdf']) {
      const chars = await pdfChars(new Uint8Array(await readFile(out('mixed', file))));
      const text = chars.map((c) => c.char).join('');
      // Every place each is shown: the contents, the heading, the running header.
      for (const emoji of ['🌍', '📚', '🚀', '👩‍🎓']) {
        const places = [...text.matchAll(new RegExp(emoji, 'gu'))].map((m) => m.index);
        expect(places.length, `${file}: ${emoji}`).toBeGreaterThan(0);
        for (const at of places) {
          const drawn = chars.slice(at, at + emoji.length);
          expect(drawn.every((c) => /NotoEmoji/.test(c.font) && c.width > 1 && c.height > 1), `${file}: ${emoji} ${JSON.stringify(drawn)}`).toBe(true);
        }
      }
    }
  });

  it('should keep each one-pager self-contained and the Chinese one under 1 MB', async () => {
    expect((await readFile(out('iom-zh', 'one-pager.html'))).byteLength).toBeLessThan(1_000_000);
    for (const name of briefs) {
      const html = await readFile(out(name, 'one-pager.html'), 'utf8');
      expect(html, name).not.toMatch(/url\((?!data:)/);
    }
  });

  it('should draw every character of the one-pagers with the fonts they inline, none of the machine', async () => {
    const browser = await puppeteer.launch({ executablePath: await findBrowser(), args: chromiumArgs() });
    try {
      const page = await browser.newPage();
      const cdp = await page.createCDPSession();
      for (const name of briefs) {
        await page.setContent(await readFile(out(name, 'one-pager.html'), 'utf8'), { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        await cdp.send('DOM.enable');
        await cdp.send('CSS.enable');
        const elements: number[] = [];
        const walk = (node: { nodeId: number; nodeType: number; children?: unknown[] }) => {
          if (node.nodeType === 1) elements.push(node.nodeId);
          for (const child of (node.children ?? []) as Array<typeof node>) walk(child);
        };
        walk((await cdp.send('DOM.getDocument', { depth: -1 })).root);
        const used = new Map<string, boolean>();
        for (const nodeId of elements) {
          for (const font of (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts) used.set(font.familyName, font.isCustomFont);
        }
        expect([...used.keys()].length, name).toBeGreaterThan(1);
        expect([...used].filter(([, inlined]) => !inlined).map(([family]) => family), name).toEqual([]);
      }
    } finally {
      await browser.close();
    }
  });

  it('should make books epubcheck finds nothing wrong with, their cut fonts and unicode-ranges included', ({ skip }) => {
    skip(!existsSync(epubcheckJar), 'epubcheck is not installed here (apt-get install epubcheck)');
    for (const name of briefs) expect(epubcheck(out(name, 'brief.epub')), name).toEqual([]);
  });

});

describe("the pack's editions (content/)", () => {
  const packDir = inject('packDir');
  const editions = readdirSync(packDir).filter((name) => existsSync(path.join(packDir, name, 'brief.pdf')));

  it('should draw every PDF of every edition with bundled fonts alone, each embedded; Arabic in Noto Sans Arabic, Chinese in a subset of Noto Sans SC', () => {
    expect(editions).toEqual(expect.arrayContaining(['iom', 'iom.en', 'iom.ar', 'iom.zh']));
    for (const file of [...editions.flatMap((name) => ['brief.pdf', 'slides.pdf'].map((f) => path.join(packDir, name, f))), path.join(packDir, 'pack.pdf')]) {
      expect(pdfFonts(file).filter((font) => !font.embedded || !/^[A-Z]{6}\+Noto(Sans|Serif|Emoji)/.test(font.name)), file).toEqual([]);
    }
    for (const file of ['brief.pdf', 'slides.pdf']) {
      expect(pdfFonts(path.join(packDir, 'iom.ar', file)).some((font) => /^[A-Z]{6}\+NotoSansArabic-/.test(font.name)), file).toBe(true);
      expect(pdfFonts(path.join(packDir, 'iom.zh', file)).some((font) => /^[A-Z]{6}\+NotoSansSC/.test(font.name)), file).toBe(true);
    }
  });

  it('should keep the Chinese one-pager under 1 MB', async () => {
    expect((await readFile(path.join(packDir, 'iom.zh', 'one-pager.html'))).byteLength).toBeLessThan(1_000_000);
  });
});

describe('a character no bundled font has', () => {
  it('should be a build warning at its file:line with its code point, an error with --strict', async () => {
    const front = '---\ntitle: Runes\norganisation: O\nauthor: A\nlang: en\nasOf: 2026-10-01\nsummary: S\nfacts: [{key: k, label: L, value: V}]\n---\n';
    const project = await tempProject({ 'runes.md': `${front}\n## Scripts\n\nThe futhark begins ᚠᚢᚦ; Linear B: 𐀀.\n` });
    try {
      const built = await runCli(['build', '--format', 'html'], project);
      expect(built.code).toBe(0);
      expect(built.stderr).toContain('content/runes.md:13:20 warning no bundled font has U+16A0 ᚠ, U+16A2 ᚢ, U+16A6 ᚦ, U+10000 𐀀');
      expect(built.stderr).toMatch(/U\+10000 𐀀: they would be drawn in a system font or as a box; add an @fontsource font that has them to the config's fonts \[briefpack:missing-glyph\]/);
      const strict = await runCli(['build', '--format', 'html', '--strict'], project);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toContain('content/runes.md:13:20 error no bundled font has U+16A0 ᚠ');
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});
