import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'parse5';
import { describe, expect, inject, it } from 'vitest';
import { textMatcher } from '../src/check/comparable-text.js';
import { parseBrief } from '../src/content/parse-brief.js';
import { BriefpackError } from '../src/errors.js';
import { canonicalLang, counterStyleOf, directionOf, formatDate, hasLabels, isKnownLang, labelsOf } from '../src/locale.js';
import { briefEntry } from '../src/pack/briefs.js';
import { asciiDigits, editionProblems } from '../src/pack/editions.js';
import { localisedNotes } from '../src/slides/reveal.js';
import { sentenceEnds } from '../src/slides/sentences.js';
import { epubcheck } from './helpers.js';

const brief = (lang: string, body = 'Text.', facts = '  - key: members\n    label: Members\n    value: 169 members\n') => `---
title: Test
organisation: Org
author: Team
lang: ${lang}
asOf: 2026-11-25
summary: Short.
facts:
${facts}---

${body}
`;

const failure = (source: string, file = 'content/x.md') => {
  try {
    parseBrief(source, file, { today: new Date('2026-11-30') });
  } catch (error) {
    expect(error).toBeInstanceOf(BriefpackError);
    return error as BriefpackError;
  }
  throw new Error('should have failed');
};

describe('language tags', () => {
  it('should take any BCP 47 tag, canonicalised, and refuse what is none', () => {
    expect(canonicalLang('ZH-hant-tw')).toBe('zh-Hant-TW');
    expect(canonicalLang('pt-br')).toBe('pt-BR');
    expect(canonicalLang('not a lang')).toBeNull();
    expect(canonicalLang('e')).toBeNull();
  });

  it('should tell an edition suffix from a name with a dot', () => {
    expect(briefEntry('content/iom.ar.md')).toMatchObject({ base: 'iom', edition: 'ar' });
    expect(briefEntry('content/iom.zh-Hant.md')).toMatchObject({ base: 'iom', edition: 'zh-Hant' });
    expect(briefEntry('content/report.final.md')).toMatchObject({ base: 'report.final', edition: null });
    expect(isKnownLang('draft')).toBe(false);
  });

  it('should give labels by the nearest language: zh-TW gets Traditional Chinese, de-AT German, sw English', () => {
    expect(labelsOf('zh-TW').contents).toBe('目錄');
    expect(labelsOf('zh-CN').contents).toBe('目录');
    expect(labelsOf('zh-Hans').contents).toBe('目录');
    expect(labelsOf('de-AT').contents).toBe('Inhalt');
    expect(hasLabels('sw')).toBe(false);
    expect(labelsOf('sw').contents).toBe('Contents');
  });

  it('should take direction, dates and digits from CLDR', () => {
    expect(['ar', 'fa', 'he', 'ur'].map(directionOf)).toEqual(['rtl', 'rtl', 'rtl', 'rtl']);
    expect(['tr', 'zh', 'ru', 'az-Arab'].map(directionOf)).toEqual(['ltr', 'ltr', 'ltr', 'rtl']);
    expect(formatDate('2016-07-31', 'fr')).toBe('31 juillet 2016');
    expect(formatDate('2016-07-31', 'zh')).toBe('2016年7月31日');
    expect(formatDate('2016-07-31', 'ru')).toMatch(/^31 июля 2016/);
    expect(counterStyleOf('fa')).toBe('persian');
    expect(counterStyleOf('en')).toBe('decimal');
  });
});

describe('a brief in any language', () => {
  it('should build German with its labels and no warning, Swahili with English labels and a warning at lang', () => {
    expect(parseBrief(brief('de'), 'content/x.md', { today: new Date('2026-11-30') }).warnings).toEqual([]);
    const { doc, warnings } = parseBrief(brief('sw'), 'content/x.md', { today: new Date('2026-11-30') });
    expect(doc.meta.lang).toBe('sw');
    expect(warnings).toEqual([expect.objectContaining({ rule: 'briefpack:lang-labels', place: expect.objectContaining({ file: 'content/x.md', line: 5 }) })]);
    expect(warnings[0]!.message).toContain('Swahili');
  });

  it('should refuse a tag that is none, at its line', () => {
    const error = failure(brief('english please'));
    expect(error.message).toMatch(/no BCP 47 language tag/);
    expect(error.place).toMatchObject({ line: 5 });
  });

  it("should refuse an edition whose lang is not its file name's", () => {
    const error = failure(brief('fr'), 'content/iom.ar.md');
    expect(error.message).toMatch(/Arabic \(ar\) edition, but its lang is "fr"/);
    expect(error.place).toMatchObject({ file: 'content/iom.ar.md', line: 5 });
    expect(() => parseBrief(brief('zh-Hant'), 'content/iom.zh.md', { today: new Date('2026-11-30') })).not.toThrow();
  });

  it('should give code and addresses in a right-to-left text a left-to-right run, and leave Arabic links alone', () => {
    const { doc } = parseBrief(brief('ar', 'نص `a/b` و https://www.iom.int/ar و [المنظمة](https://www.iom.int).'), 'content/x.md');
    expect(doc.html).toContain('<code dir="ltr">a/b</code>');
    expect(doc.html).toMatch(/<a href="https:\/\/www\.iom\.int\/ar"[^>]*dir="ltr"/);
    expect(doc.html).toContain('<a href="https://www.iom.int">المنظمة</a>');
  });
});

describe('language rules', () => {
  it('should read digits of any script as numbers', () => {
    expect(asciiDigits('١٦٩ دولة و٨ ۱۹۵۱ १२ ０')).toBe('169 دولة و8 1951 12 0');
  });

  it('should compare an Arabic edition with Arabic-Indic digits to its main file', () => {
    const main = parseBrief(brief('tr', '## 1. Bir\n\nMetin.', '  - key: members\n    label: Üyeler\n    value: 169 üye ve 8 gözlemci\n'), 'content/x.md').doc;
    const same = parseBrief(brief('ar', '## 1. واحد\n\nنص.', '  - key: members\n    label: الأعضاء\n    value: ١٦٩ عضواً و٨ مراقبين\n'), 'content/x.ar.md').doc;
    const other = parseBrief(brief('ar', '## 1. واحد\n\nنص.', '  - key: members\n    label: الأعضاء\n    value: ١٦٨ عضواً و٨ مراقبين\n'), 'content/x.ar.md').doc;
    expect(editionProblems(main, same)).toEqual([]);
    expect(editionProblems(main, other)).toEqual(['fact members has the numbers [168 8], the main edition [169 8]']);
  });

  it('should end sentences by each language: not after German ordinals and abbreviations, at Chinese full stops', () => {
    const german = 'Die OIM wurde am 1. Mai gegründet, z.B. in Genf. Sie hat 169 Mitglieder.';
    expect(sentenceEnds(german, 'de')).toEqual([german.indexOf('Genf.') + 5, german.length]);
    const chinese = '国际移民组织成立于1951年。总部设在日内瓦。';
    expect(sentenceEnds(chinese, 'zh')).toEqual([chinese.indexOf('。') + 1, chinese.length]);
    const english = 'Mr. W. L. Swing leads it. It has approx. two hundred offices.';
    expect(sentenceEnds(english, 'en')).toEqual([english.indexOf('it.') + 3, english.length]);
  });

  it('should match Arabic read back from a PDF by its rebuilt lines, and still notice a word that is not there', () => {
    // PDFium's text layer of an Arabic PDF (words torn apart) and the lines rebuilt from its glyphs.
    const output = { text: 'ج ن المقر يف، سويسرا', rtlLines: 'المقرجنيف،سويسرا\nالأعضاء١٦٩دولةعضوًاو٨دولمراقبة)31يوليو2016(' };
    const says = textMatcher(output, 'ar');
    expect(says('جنيف، سويسرا')).toBe(true);
    expect(says('١٦٩ دولة عضواً و٨ دول مراقبة')).toBe(true);
    expect(says('جنيف، فرنسا')).toBe(false);
    expect(says('١٦٨ دولة عضواً')).toBe(false);
    // An Arabic web page's text is in reading order: compared as it is.
    expect(textMatcher({ text: 'المقر جنيف، سويسرا' }, 'ar')('جنيف، سويسرا')).toBe(true);
    const chinese = textMatcher({ text: '国际移民组织致力于协助确保以有 序和人道的方式管理移民' }, 'zh');
    expect(chinese('以有序和人道的方式')).toBe(true);
    expect(chinese('以有序和人性的方式')).toBe(false);
  });

  it("should write reveal.js's speaker view in the deck's language", async () => {
    const notes = await readFile(path.join(import.meta.dirname, '../node_modules/reveal.js/dist/plugin/notes.js'), 'utf8');
    const turkish = localisedNotes(notes, 'tr');
    expect(turkish).toContain('<html lang="tr" dir="ltr">');
    expect(turkish).toContain('>Sıradaki<');
    expect(turkish).not.toContain('>Upcoming<');
    expect(localisedNotes(notes, 'ar')).toContain('<html lang="ar" dir="rtl">');
  });
});

/** An element's attribute in a parse5 tree. */
const attr = (node: { attrs?: Array<{ name: string; value: string }> }, name: string) => node.attrs?.find((a) => a.name === name)?.value;
const htmlElement = (html: string) => (parse(html).childNodes.find((n) => n.nodeName === 'html') as { attrs: Array<{ name: string; value: string }> });

describe('the language editions in the pack', () => {
  const packDir = inject('packDir');
  const editions = ['iom', 'iom.en', 'iom.ar', 'iom.fr', 'iom.zh'];

  it('should build every edition in every format', async () => {
    for (const slug of editions) {
      for (const file of ['brief.pdf', 'one-pager.html', 'slides.html', 'slides.pdf', 'brief.epub']) await expect(readFile(path.join(packDir, slug, file))).resolves.toBeTruthy();
    }
  });

  it('should mark the Arabic HTML outputs lang="ar" dir="rtl", the others ltr', async () => {
    for (const [slug, lang, dir] of [['iom.ar', 'ar', 'rtl'], ['iom.zh', 'zh', 'ltr'], ['iom.fr', 'fr', 'ltr']] as const) {
      for (const file of ['one-pager.html', 'slides.html']) {
        const html = htmlElement(await readFile(path.join(packDir, slug, file), 'utf8'));
        expect([attr(html, 'lang'), attr(html, 'dir')], `${slug}/${file}`).toEqual([lang, dir]);
      }
    }
    expect(await readFile(path.join(packDir, 'iom.ar', 'slides.html'), 'utf8')).toContain('rtl: true');
  });

  // Five runs of epubcheck's JVM, 4-13 s each: past a minute on a loaded machine (a CI run with builds beside it).
  it('should make every edition an EPUB epubcheck passes with no error and no warning', () => {
    for (const slug of editions) expect(epubcheck(path.join(packDir, slug, 'brief.epub')), slug).toEqual([]);
  }, 300_000);

  it("should write each edition's labels in its language, with its own colon", async () => {
    const dateline = async (slug: string) => /<p class="bp-dateline">([^<]*)<time/.exec(await readFile(path.join(packDir, slug, 'one-pager.html'), 'utf8'))?.[1];
    expect(await dateline('iom')).toBe('Bilgi tarihi: ');
    expect(await dateline('iom.fr')).toBe('À jour au\u00a0: ');
    expect(await dateline('iom.zh')).toBe('截至：');
    expect(await dateline('iom.ar')).toBe('حتى تاريخ: ');
  });

  it('should turn the Arabic EPUB right to left', async () => {
    const files = unzipSync(new Uint8Array(await readFile(path.join(packDir, 'iom.ar', 'brief.epub'))));
    const opfName = Object.keys(files).find((name) => name.endsWith('.opf'))!;
    expect(strFromU8(files[opfName]!)).toMatch(/<spine page-progression-direction="rtl">/);
    const pages = Object.keys(files).filter((name) => name.endsWith('.xhtml'));
    expect(pages.length).toBeGreaterThan(2);
    for (const name of pages) expect(strFromU8(files[name]!), name).toMatch(/<html [^>]*lang="ar" xml:lang="ar" dir="rtl"/);
  });

  it('should set the Arabic PDF right to left: fact labels right of their values, lines hung from the right, read in order', () => {
    const file = path.join(packDir, 'iom.ar', 'brief.pdf');
    // poppler's lines, each word as drawn (left to right): read from the right, spaces and marks left out.
    const xml = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-bbox-layout', file, '-'], { encoding: 'utf8' });
    const lines = [...xml.matchAll(/<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)].map((m) => {
      const words = [...m[3]!.matchAll(/<word xMin="[\d.]+"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((w) => ({ xMax: Number(w[1]), text: [...w[2]!].reverse().join('') }));
      return { xMin: Number(m[1]), xMax: Number(m[2]), text: words.sort((a, b) => b.xMax - a.xMax).map((w) => w.text).join('').replace(/\p{Mn}/gu, '') };
    });
    const line = (text: string) => lines.find((l) => l.text === text) ?? expect.fail(`no line "${text}" in ${lines.map((l) => l.text).join(' | ')}`);
    // The fact label "المقر" (headquarters) right of its value "جنيف، سويسرا" (Geneva, Switzerland).
    expect(line('المقر').xMin).toBeGreaterThan(line('جنيف،سويسرا').xMax);
    // The title (its second line: it is balanced over two), the subtitle and the eyebrow end at the same
    // right margin, at different lengths.
    const title = line('التابعةللأممالمتحدة');
    const subtitle = line('مذكرةإحاطة');
    expect(Math.abs(title.xMax - subtitle.xMax)).toBeLessThan(2);
    expect(subtitle.xMin).toBeGreaterThan(title.xMin + 100);
  });

  it("should keep in the PDFs' text only the soft hyphens that end a line, so a search finds every word", () => {
    for (const file of [path.join(packDir, 'iom', 'brief.pdf'), path.join(packDir, 'pack.pdf')]) {
      const layout = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const soft = [...layout.matchAll(/\u00ad/g)].length;
      const atLineEnds = [...layout.matchAll(/\u00ad-?[ \t]*\n/g)].length;
      expect(atLineEnds, file).toBeGreaterThan(0);
      expect(soft, file).toBe(atLineEnds);
    }
  });

  it('should label the pack index by language names in the pack language', async () => {
    const index = await readFile(path.join(packDir, 'index.html'), 'utf8');
    for (const name of ['Arapça', 'Fransızca', 'Çince', 'İngilizce']) expect(index).toContain(name);
    // Each edition's row is in the pack's language and direction; its links name the language they lead to.
    expect(index).toContain('<a href="iom.ar/brief.pdf" hreflang="ar">');
    expect(index).not.toMatch(/<div class="bp-edition"[^>]*dir="rtl"/);
    // No Turkish label ("İngilizce", "PDF brifing") is marked as another language: the only language
    // named in the page is Turkish, the pack's and its briefs' main editions'.
    expect(new Set([...index.matchAll(/\slang="([^"]*)"/g)].map((m) => m[1]))).toEqual(new Set(['tr']));
    // The brief's title, in its main edition's language, carries it.
    expect(index).toMatch(/<h2 id="brief-iom" lang="tr" dir="ltr">/);
  });
});
