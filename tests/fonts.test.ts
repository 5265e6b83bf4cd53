import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareBrief } from '../src/build/render-brief.js';
import { loadConfig } from '../src/config.js';
import { loadProject } from '../src/project/load-project.js';
import { loadRenderAssets, type RenderAssets } from '../src/render/assets.js';
import { inRanges, woff2CodePoints } from '../src/render/font-cmap.js';
import { fallbackOrder, langMatches, placePoints, textPoints } from '../src/render/font-choice.js';
import { subsetCovers } from '../src/render/font-subset.js';
import { inPieces } from '../src/render/font-library.js';
import { fontFamilies, type FontFace } from '../src/render/fonts.js';
import { themeTokens } from '../src/formats/epub/theme-tokens.js';
import { missingGlyphWarnings } from '../src/render/missing-glyphs.js';
import { iomSource, repoRoot } from './helpers.js';

const config = loadConfig(repoRoot);
const bytes = (files: Iterable<Uint8Array>) => [...files].reduce((sum, f) => sum + f.byteLength, 0);
const fileName = (url: string) => url.replace(/^.*\//, '');
/** The families the default config makes, by package name. */
const families = fontFamilies(config.fonts, config.fontSubsets);
const family = (name: string) => families.find((f) => f.package === `@fontsource/${name}`)!;
const baseFaces = async () => (await Promise.all(families.filter((f) => !f.fallback).map((f) => f.faces()))).flat().filter((face) => face.base);

describe('font subsets', () => {
  it('should cover Turkish and English in both cases, and nothing outside Latin-1 and Extended-A', () => {
    expect(subsetCovers('İstanbul, Iğdır ve Şırnak: ĞÜŞİÖÇ ğüşıöç — “tırnak” · € 1.200')).toBe(true);
    expect(subsetCovers('The organisation’s members…')).toBe(true);
    expect(subsetCovers('Nguyễn')).toBe(false);
    expect(subsetCovers('Ελλάδα')).toBe(false);
  });
});

describe('what a face has', () => {
  it("should read a WOFF2 face's characters from its cmap, not its unicode-range", async () => {
    const latin = (await family('noto-sans').faces()).find((face) => face.url.endsWith('/noto-sans-latin-400-normal.woff2'))!;
    const has = woff2CodePoints(new Uint8Array(await readFile(latin.file)));
    for (const char of 'AzÇü€’…') expect(inRanges(has, char.codePointAt(0)!), char).toBe(true);
    // fontsource's range claims ↑ and ‰ for the face; its file has neither (the README's back-link is ^ for it).
    for (const char of '↑‰') {
      expect(inRanges(latin.range, char.codePointAt(0)!), char).toBe(true);
      expect(inRanges(has, char.codePointAt(0)!), char).toBe(false);
    }
  });
});

describe('which font draws what', () => {
  it('should count what a text shows, upper-cased too, and no white space, control or joiner', () => {
    const { points, emoji, joiners } = textPoints('iç\t🌍 a\u200db\ufe0f', 'tr');
    expect(String.fromCodePoint(...points)).toBe('ABIabiÇçİ🌍');
    expect([...emoji]).toEqual([0x1f30d, 0x62]);
    expect(joiners).toBe('\u200d\ufe0f');
  });

  it('should match languages as CSS :lang() does', () => {
    expect(langMatches('zh-Hant', 'zh-Hant-TW')).toBe(true);
    expect(langMatches('zh-Hant', 'zh-TW')).toBe(false);
    expect(langMatches('zh', 'ZH-cn')).toBe(true);
    expect(langMatches('ja', 'jam')).toBe(false);
  });

  it("should put the language's CJK font first of the CJK fonts, Simplified Chinese's for any other language", () => {
    const fallbacks = families.filter((f) => f.fallback);
    const cjk = (lang: string) => fallbackOrder(fallbacks, lang).map((f) => f.package.replace('@fontsource/noto-', ''));
    expect(cjk('en')).toEqual(['sans-arabic', 'sans-hebrew', 'emoji', 'sans-sc', 'sans-tc', 'sans-jp', 'sans-kr']);
    for (const lang of ['zh', 'zh-Hans', 'zh-CN', 'ar', 'tr']) expect(cjk(lang).slice(3), lang).toEqual(['sans-sc', 'sans-tc', 'sans-jp', 'sans-kr']);
    for (const lang of ['zh-Hant', 'zh-TW', 'zh-HK', 'zh-Hant-CN']) expect(cjk(lang).slice(3), lang).toEqual(['sans-tc', 'sans-sc', 'sans-jp', 'sans-kr']);
    expect(cjk('ja-JP').slice(3)).toEqual(['sans-jp', 'sans-sc', 'sans-tc', 'sans-kr']);
    expect(cjk('ko').slice(3)).toEqual(['sans-kr', 'sans-sc', 'sans-tc', 'sans-jp']);
    // The script and emoji fonts keep their places before them.
    expect(cjk('ko').slice(0, 3)).toEqual(['sans-arabic', 'sans-hebrew', 'emoji']);
  });

  it("should order the theme's CJK faces by the document's language, in the EPUB's resolved stacks too", async () => {
    const theme = await readFile(path.join(repoRoot, 'templates/theme/theme.css'), 'utf8');
    const body = (lang: string) => themeTokens(theme, lang).get('--bp-font-body')!.match(/'Noto Sans (SC|TC|JP|KR)'/g)!.join(' ');
    for (const lang of ['zh', 'zh-CN', 'en', 'ar']) expect(body(lang), lang).toBe("'Noto Sans SC' 'Noto Sans TC' 'Noto Sans JP' 'Noto Sans KR'");
    for (const lang of ['zh-Hant', 'zh-TW', 'zh-HK']) expect(body(lang), lang).toBe("'Noto Sans TC' 'Noto Sans SC' 'Noto Sans JP' 'Noto Sans KR'");
    expect(body('ja')).toBe("'Noto Sans JP' 'Noto Sans SC' 'Noto Sans TC' 'Noto Sans KR'");
    expect(body('ko-KR')).toBe("'Noto Sans KR' 'Noto Sans SC' 'Noto Sans TC' 'Noto Sans JP'");
    // The body stack: the body font, then every fallback font of the config, in its order.
    const familyName = async (f: (typeof families)[number]) => /font-family: '([^']+)'/.exec((await f.faces())[0]!.block)![1];
    const names = await Promise.all([families[0]!, ...families.filter((f) => f.fallback)].map(familyName));
    expect(themeTokens(theme, 'en').get('--bp-font-body')).toBe(`${names.map((n) => `'${n}'`).join(', ')}, sans-serif`);
  });

  it('should give a character to one face of every weight that has it, a where-used face only when no base face has it', () => {
    const face = (name: string, style: string, base: boolean, chars: string) => ({ name, style, base, chars });
    const faces = [
      face('cyrillic-400', '400', false, 'aдё'), face('math-400', '400', false, 'д'), face('latin-400', '400', true, 'ab'),
      face('cyrillic-700', '700', false, 'дё'), face('latin-700', '700', true, 'ab'),
    ];
    const placed = placePoints(faces, [...'aдёж'].map((c) => c.codePointAt(0)!), (f, p) => f.chars.includes(String.fromCodePoint(p)));
    // The first face of a weight that has a character, a base face before any other.
    expect(Object.fromEntries([...placed.faces].map(([f, points]) => [f.name, String.fromCodePoint(...points)]))).toEqual({
      'latin-400': 'a', 'latin-700': 'a', 'cyrillic-400': 'дё', 'cyrillic-700': 'дё',
    });
    expect(placed.left).toEqual(['ж'.codePointAt(0)]);
  });

  it('should warn of a character no font has at its first place, a line of them in one warning', () => {
    const source = '---\ntitle: ᚠ\n---\n\nᚠ and ᚢ, 𐀀\n';
    const warnings = missingGlyphWarnings([0x16a0, 0x16a2, 0x10000, 0x2c00], source, 'content/x.md', 'label Ⰰ');
    expect(warnings.map((w) => [w.place.line, w.place.column, w.message.split(':')[0], w.rule])).toEqual([
      [2, 8, 'no bundled font has U+16A0 ᚠ', 'briefpack:missing-glyph'],
      [5, 7, 'no bundled font has U+16A2 ᚢ, U+10000 𐀀', 'briefpack:missing-glyph'],
      [undefined, undefined, 'no bundled font has U+2C00 Ⰰ', 'briefpack:missing-glyph'],
    ]);
  });
});

describe('the fonts of a brief', () => {
  let assets: RenderAssets;
  beforeAll(async () => {
    assets = await loadRenderAssets(await loadProject(loadConfig(repoRoot)));
  });
  const prepare = (source: string) =>
    prepareBrief({ source, file: `${repoRoot}/content/x.md`, root: repoRoot, shown: 'content/x.md', assets, builtOn: new Date(), maxFactAgeMonths: 1200 });
  /** The faces a text needs beyond the base faces, as `family-subset-weight` file names. */
  const chosen = async (text: string, lang: string) => {
    const choice = await assets.fonts.choose(text, lang);
    return { names: [...choice.faces.keys()].map((face: FontFace) => fileName(face.url).replace(/(-normal)?\.woff2$/, '')), missing: choice.missing };
  };
  const fixture = (name: string) => readFile(path.join(repoRoot, 'tests/fixtures/scripts', name), 'utf8');

  it('should choose for megabytes of text without exhausting the stack (a 5 MB brief did), in pieces that keep surrogate pairs whole', async () => {
    const long = 'Göç ve kalkınma, İstanbul’da 2016. '.repeat(150_000);
    expect(long.length).toBeGreaterThan(5_000_000);
    expect(await chosen(long, 'tr')).toEqual({ names: [], missing: [] });
    const pieces = inPieces(`${'a'.repeat(65_535)}😀b`);
    expect(pieces.join('')).toBe(`${'a'.repeat(65_535)}😀b`);
    expect(pieces[0]).toBe('a'.repeat(65_535));
  });

  it('should give a brief in the repertoire the base faces alone, cut to it', async () => {
    const iom = await prepare(await iomSource());
    const base = await baseFaces();
    expect(iom.fonts.faces.map((face) => fileName(face.url))).toEqual(base.map((face) => fileName(face.url).replace(/\.woff2$/, '.subset.woff2')));
    // Every text face still there, at under a third of the bytes.
    const whole = bytes(await Promise.all(base.map(async (face) => new Uint8Array(await readFile(face.file)))));
    expect(bytes(iom.fonts.files.values())).toBeLessThan(whole / 3);
  });

  it("should draw a Vietnamese name with the text fonts' Vietnamese faces, cut to it, beside the base faces' cut", async () => {
    const brief = await prepare((await iomSource()).replace('Cenevre', 'Nguyễn'));
    const names = brief.fonts.faces.map((face) => fileName(face.url));
    expect(names.filter((n) => n.endsWith('.subset.woff2'))).toHaveLength((await baseFaces()).length);
    expect(names.filter((n) => !n.endsWith('.subset.woff2')).map((n) => n.replace(/\.[0-9a-f]{12}\.woff2$/, ''))).toEqual([
      'noto-sans-vietnamese-400-normal', 'noto-sans-vietnamese-400-italic', 'noto-sans-vietnamese-600-normal', 'noto-sans-vietnamese-700-normal',
      'noto-serif-vietnamese-700-normal', 'noto-sans-mono-vietnamese-400-normal',
    ]);
    expect(brief.warnings.filter((w) => w.rule === 'briefpack:missing-glyph')).toEqual([]);
  });

  it('should inline an emoji font face only into a brief that shows its emoji, cut to them', async () => {
    // © and ™ are the text fonts'; ↔ is no text font's, so the emoji font draws it.
    expect((await chosen('© ™ ‍ Nguyễn', 'tr')).names.filter((n) => n.startsWith('noto-emoji'))).toEqual([]);
    expect((await chosen('↔', 'tr')).names).toEqual(['noto-emoji-2-400']);
    const globe = (await prepare(`${await iomSource()}\nDünya 🌍 ve Nguyễn.\n`)).fonts;
    const emoji = globe.faces.filter((face) => face.url.includes('noto-emoji'));
    expect(emoji).toHaveLength(1);
    expect(globe.inlineCss.match(/font-family: 'Noto Emoji'/g)).toHaveLength(1);
    const whole = await readFile(path.join(repoRoot, 'node_modules/@fontsource/noto-emoji/files', fileName(emoji[0]!.url).replace(/\.[0-9a-f]{12}\.woff2$/, '.woff2')));
    expect(globe.files.get(emoji[0]!.url)!.byteLength).toBeLessThan(whole.byteLength / 4);
  });

  it("should draw Cyrillic and Greek with the text fonts' own subsets, in every text font", async () => {
    const { names, missing } = await chosen('Мир Ελλάδα', 'ru');
    expect(names.sort()).toEqual(
      ['cyrillic', 'greek'].flatMap((s) => [`noto-sans-${s}-400`, `noto-sans-${s}-400-italic`, `noto-sans-${s}-600`, `noto-sans-${s}-700`, `noto-serif-${s}-700`, `noto-sans-mono-${s}-400`]).sort(),
    );
    expect(missing).toEqual([]);
  });

  it('should draw Arabic and Hebrew with their Noto Sans, in every weight', async () => {
    expect((await chosen('المنظمة الدولية للهجرة', 'ar')).names).toEqual(['noto-sans-arabic-arabic-400', 'noto-sans-arabic-arabic-600', 'noto-sans-arabic-arabic-700']);
    expect((await chosen('ארגון ההגירה', 'he')).names).toEqual(['noto-sans-hebrew-hebrew-400', 'noto-sans-hebrew-hebrew-600', 'noto-sans-hebrew-hebrew-700']);
  });

  it("should draw Han, kana and hangul with the language's CJK font, Simplified Chinese's in any other", async () => {
    const family = async (text: string, lang: string) => [...new Set((await chosen(text, lang)).names.map((n) => n.replace(/-\[?\d+\]?-\d{3}$/, '')))];
    for (const lang of ['zh', 'zh-Hans', 'zh-CN', 'en', 'ar']) expect(await family('国际移民组织', lang), lang).toEqual(['noto-sans-sc']);
    for (const lang of ['zh-Hant', 'zh-TW', 'zh-HK']) expect(await family('國際移民組織', lang), lang).toEqual(['noto-sans-tc']);
    expect(await family('国際移住機関 ひらがな カタカナ', 'ja')).toEqual(['noto-sans-jp']);
    expect(await family('국제이주기구 國際', 'ko')).toEqual(['noto-sans-kr']);
  });

  it('should cut the CJK faces to the brief, and the base faces to the repertoire still', async () => {
    const zh = await prepare(await fixture('iom-zh.md'));
    const cjk = zh.fonts.faces.filter((face) => face.url.includes('noto-sans-sc'));
    expect(cjk.length).toBeGreaterThan(3);
    expect(cjk.every((face) => /\.[0-9a-f]{12}\.woff2$/.test(face.url))).toBe(true);
    expect(zh.fonts.faces.filter((face) => face.url.endsWith('.subset.woff2'))).toHaveLength((await baseFaces()).length);
    // Some 300 characters in three weights: not the slices' megabytes.
    expect(bytes([...zh.fonts.files.entries()].filter(([url]) => url.includes('noto-sans-sc')).map(([, data]) => data))).toBeLessThan(250_000);
    expect(zh.warnings.filter((w) => w.rule === 'briefpack:missing-glyph')).toEqual([]);
  });

  it('should report a character no bundled font has, at its line, and draw the rest', async () => {
    const source = (await iomSource()).replace('## 1. Genel Bilgi', '## 1. Genel Bilgi ᚠ\n\nLinear B: 𐀀 ve Runik: ᚠᚢ.');
    const brief = await prepare(source);
    const line = source.split('\n').findIndex((l) => l.includes('ᚠ')) + 1;
    expect(brief.warnings.filter((w) => w.rule === 'briefpack:missing-glyph').map((w) => [w.place.line, w.place.column, w.message.split(':')[0]])).toEqual([
      [line, 19, 'no bundled font has U+16A0 ᚠ'],
      [line + 2, 11, 'no bundled font has U+16A2 ᚢ, U+10000 𐀀'],
    ]);
  });
});
