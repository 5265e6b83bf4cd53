import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Root as HastRoot } from 'hast';
import { toString } from 'hast-util-to-string';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, inject, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import rehypeHyphenate from '../src/content/plugins/rehype-hyphenate.js';
import remarkTypographicQuotes from '../src/content/plugins/remark-typographic-quotes.js';
import { iomSource, pdfText, repoRoot, runCli, squash, tempProject, withoutSoftHyphens } from './helpers.js';

const shy = '\u00ad';
const nnbsp = '\u202f';
/** Soft hyphens shown as `·`, to read and write expectations. */
const dots = (s: string) => s.replaceAll(shy, '·');

/** Markdown through the plugins alone, in the language given, as HTML: quotes, and soft hyphens unless told not to. */
const typeset = (lang: string, markdown: string, { hyphenate = true } = {}) => {
  const quoted = unified().use(remarkParse).use(remarkGfm).use(remarkTypographicQuotes, { lang }).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw);
  return String((hyphenate ? quoted.use(rehypeHyphenate, { lang }) : quoted).use(rehypeStringify).processSync(markdown)).trim();
};
const quoted = (lang: string, markdown: string) => typeset(lang, markdown, { hyphenate: false });

const brief = (lang: 'tr' | 'en', body: string, front = '') => `---
title: ${lang === 'tr' ? "IOM'un \"Göç\" Notu" : 'IOM\'s "Migration" Note'}
organisation: IOM
author: Ekip
lang: ${lang}
asOf: 2026-11-25
summary: ${lang === 'tr' ? "Türkiye'nin \"ortağı\"." : 'Türkiye\'s "partner".'}
${front}facts:
  - key: members
    label: ${lang === 'tr' ? 'Üyeler' : 'Members'}
    value: ${lang === 'tr' ? "169 üye 'devlet'" : "169 'member' states"}
---

${body}
`;

describe('quotation marks and apostrophes, by the language', () => {
  it.each([
    ['tr', `“Göç” ve ‘iç’ Türkiye’nin`],
    ['en', `“Göç” ve ‘iç’ Türkiye’nin`],
    ['de', `„Göç“ ve ‚iç‘ Türkiye’nin`],
    ['fr', `«${nnbsp}Göç${nnbsp}» ve «${nnbsp}iç${nnbsp}» Türkiye’nin`],
    ['fr-CH', `«${nnbsp}Göç${nnbsp}» ve ‹${nnbsp}iç${nnbsp}› Türkiye’nin`],
    ['es', `“Göç” ve ‘iç’ Türkiye’nin`],
    ['ru', `«Göç» ve „iç“ Türkiye’nin`],
    ['zh', `“Göç” ve ‘iç’ Türkiye’nin`],
    ['ar', `”Göç“ ve ’iç‘ Türkiye’nin`],
  ])('%s: CLDR’s marks outside and inside, and ’ for an apostrophe', (lang, expected) => {
    expect(quoted(lang, `"Göç" ve 'iç' Türkiye'nin`)).toBe(`<p>${expected}</p>`);
  });

  it('tells an apostrophe from a closing quote where the language writes them differently', () => {
    expect(quoted('de', `Er sagte: "Das ist Hans' Buch, 'sagt' er", gibt's nicht.`)).toBe('<p>Er sagte: „Das ist Hans’ Buch, ‚sagt‘ er“, gibt’s nicht.</p>');
    expect(quoted('fr', `L'homme d'État a dit " bonjour " et 'oui'.`)).toBe(`<p>L’homme d’État a dit «${nnbsp}bonjour${nnbsp}» et «${nnbsp}oui${nnbsp}».</p>`);
    expect(quoted('zh-TW', `他說"你好'世界'"。`)).toBe('<p>他說「你好『世界』」。</p>');
    // An apostrophe at a word's start, which no quote closes.
    expect(quoted('en', `The '90s, and "'Tis" she said.`)).toBe('<p>The ’90s, and “’Tis” she said.</p>');
  });

  it('reads quotes across emphasis and links, and leaves code, inline code and addresses as written', () => {
    const html = quoted('de', ["\"**fett**\" und [\"Link\"](https://example.org/a'b) `x = \"y\"` <https://example.org/it's>", '', '```', "print('nein')", '```'].join('\n'));
    expect(html).toContain('„<strong>fett</strong>“');
    expect(html).toContain('<a href="https://example.org/a&#x27;b">„Link“</a>');
    expect(html).toContain('<code>x = "y"</code>');
    expect(html).toContain(">https://example.org/it's</a>");
    expect(html).toContain("print('nein')");
  });

  it('keeps what was typed in a language it has no marks for, and quotes written as escapes or references', () => {
    expect(quoted('fi', `"Lainaus" ja 'toinen'`)).toBe(`<p>"Lainaus" ja 'toinen'</p>`);
    expect(quoted('en', `5\\'11\\" tall, &quot;as typed&quot;, and "curly"`)).toBe(`<p>5'11" tall, "as typed", and “curly”</p>`);
  });

  it('keeps each text node at its place in the source', () => {
    const tree = unified().use(remarkParse).parse('Er sagte "Hallo" und *\'ja\'*.');
    const before = JSON.stringify(tree, (key, value) => (key === 'value' ? undefined : value));
    unified().use(remarkTypographicQuotes, { lang: 'de' }).runSync(tree);
    expect(JSON.stringify(tree, (key, value) => (key === 'value' ? undefined : value))).toBe(before);
  });

  it('sets the front matter as the body: title, summary and fact values read alike everywhere', () => {
    const { doc } = parseBrief(brief('tr', `"Göç" ve IOM'un 'iç' işleri.`), 'content/x.md');
    expect(doc.meta.title).toBe('IOM’un “Göç” Notu');
    expect(doc.meta.summary).toBe('Türkiye’nin “ortağı”.');
    expect(doc.facts[0]!.value).toBe('169 üye ‘devlet’');
    expect(withoutSoftHyphens(toString(doc.tree)).trim()).toBe('“Göç” ve IOM’un ‘iç’ işleri.');
  });

  it("makes the IOM brief's mixed ' and ’ one apostrophe, in the text, its headings and its facts", async () => {
    const { doc } = parseBrief(await iomSource(), 'content/iom.md');
    expect(toString(doc.tree)).not.toContain("'");
    expect(withoutSoftHyphens(toString(doc.tree))).toContain('Birleşmiş Milletler’ in');
    expect(doc.toc.map((t) => t.title)).toContain('2. Türkiye’de IOM');
    expect(doc.toc.find((t) => t.title === '1.1. IOM’in Amaçları')?.id).toBe('11-iomin-amaçları');
    expect(doc.facts.map((f) => f.value).join(' ')).not.toContain("'");
  });
});

describe('soft hyphens, by the language', () => {
  it('breaks German and French words where their patterns do, never close to either end', () => {
    expect(dots(typeset('de', 'Die Donaudampfschifffahrtsgesellschaft und die Bundesrepublik sind.'))).toBe('<p>Die Do·nau·dampf·schiff·fahrts·ge·sell·schaft und die Bun·des·re·pu·blik sind.</p>');
    expect(dots(typeset('fr', 'L’organisation internationale pour les migrations, ici.'))).toBe('<p>L’or·ga·ni·sa·tion in·ter·na·tio·nale pour les mi·gra·tions, ici.</p>');
    // Two letters at least end a line and three start the next: `Flücht·linge`, not `Flücht·lin·ge`.
    expect(dots(typeset('de', 'Flüchtlinge da'))).toBe('<p>Flücht·linge da</p>');
  });

  it('leaves the last word of a paragraph or list item whole, not of a table cell', () => {
    expect(dots(typeset('de', 'Die Bundesrepublik *und die Bundesrepublik*.\n\n- Bundesrepublik Bundesrepublik\n\n| Bundesrepublik Bundesrepublik |\n| --- |'))).toBe(
      '<p>Die Bun·des·re·pu·blik <em>und die Bundesrepublik</em>.</p>\n<ul>\n<li>Bun·des·re·pu·blik Bundesrepublik</li>\n</ul>\n<table>\n<thead>\n<tr>\n<th>Bun·des·re·pu·blik Bun·des·re·pu·blik</th>\n</tr>\n</thead>\n</table>',
    );
  });

  it('breaks Turkish words at their syllables, İ and I lower-cased the Turkish way', () => {
    expect(dots(typeset('tr', 'Uluslararası İçişleri İngilizce Birleşmiş ve'))).toBe('<p>Ulus·la·ra·rası İçiş·leri İn·gi·lizce Bir·leş·miş ve</p>');
  });

  it('leaves code, addresses, headings, short words and acronyms whole', () => {
    const html = typeset(
      'en',
      [
        '## International organisations',
        '',
        'See `internationalisation` and <https://example.org/international> or international@example.org, www.international.org and UNESCO or NATO.',
        '',
        '    internationalisation',
        '',
        'A <kbd>international</kbd> key, a bare <a href="https://example.org/">https://example.org/internationalisation</a>, the organisation here.',
      ].join('\n'),
    );
    expect(dots(html)).toContain('<h2>International organisations</h2>');
    expect(html.match(/[^\s<>]*\u00ad[^\s<>]*/g)?.map(dots)).toEqual(['or·gan·i·sa·tion']);
  });

  it('breaks a passage in another language by its own patterns, or not at all', () => {
    const html = dots(typeset('en', 'An organisation, <span lang="de">eine Organisation</span>, <span lang="ar">منظمة الهجرة الدولية</span>, here.'));
    expect(html).toContain('or·gan·i·sa·tion');
    expect(html).toContain('Or·ga·ni·sa·tion');
    expect(html).toContain('منظمة الهجرة الدولية');
  });

  it('leaves languages without patterns for their script alone', () => {
    expect(typeset('ar', 'المنظمة الدولية للهجرة')).not.toContain(shy);
    expect(typeset('zh', '国际移民组织 internationalisation 国际')).not.toContain(shy);
  });

  it('loads only the patterns of the languages it meets', () => {
    // A thread of its own: the patterns a test before this one loaded would be there.
    const script = `
      import { createRequire } from 'node:module';
      import { readFileSync } from 'node:fs';
      import { parseBrief } from './src/content/parse-brief.ts';
      parseBrief(readFileSync('content/iom.md', 'utf8'), 'content/iom.md');
      const cache = createRequire(import.meta.url).cache;
      console.log(Object.keys(cache).filter((f) => f.includes('/hyphen/patterns/')).map((f) => f.split('/').pop()).join(','));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('tr.js');
  });

  it('leaves the deck and the headings of a parsed brief without them', async () => {
    const { doc } = parseBrief(await iomSource(), 'content/iom.md');
    expect(toString(doc.tree)).toContain(`Ulus${shy}la${shy}ra${shy}rası`);
    expect(JSON.stringify(doc.slides)).not.toContain(shy);
    const headings: string[] = [];
    visit(doc.tree as HastRoot, 'element', (node) => void (/^h\d$/.test(node.tagName) && headings.push(toString(node))));
    expect(headings.join(' ')).not.toContain(shy);
    expect(doc.toc.map((t) => t.title).join(' ')).not.toContain(shy);
  });
});

interface Word {
  page: number;
  x: number;
  y: number;
  text: string;
}

/** Every word of a PDF with its page and place, by pdftotext. */
function pdfWords(file: string): Word[] {
  const xml = spawnSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout;
  const words: Word[] = [];
  for (const [n, page] of xml.split('<page ').slice(1).entries()) {
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)) {
      words.push({ page: n, x: Number(m[1]), y: Number(m[2]), text: m[3]!.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>') });
    }
  }
  return words;
}

/**
 * The words of a PDF that a line end breaks (a soft hyphen, then the hyphen drawn), whole, with the
 * places they break at; in columns starting at `columns` (x), read down each column of each page.
 */
function brokenWords(file: string, columns: number[] = [0]): Array<{ word: string; breaks: number[] }> {
  const column = (w: Word) => columns.filter((x) => x <= w.x + 1).length;
  const words = pdfWords(file).sort((a, b) => a.page - b.page || column(a) - column(b) || a.y - b.y || a.x - b.x);
  const found: Array<{ word: string; breaks: number[] }> = [];
  const brokenHere = /\u00ad[-\u2010]$/;
  // The next word in the same column of the same page: a word broken at a page's end is not followed.
  const next = (i: number) => (words[i + 1] && words[i + 1]!.page === words[i]!.page && column(words[i + 1]!) === column(words[i]!) ? words[i + 1] : undefined);
  for (let i = 0; i < words.length; i++) {
    if (!brokenHere.test(words[i]!.text) || !next(i)) continue;
    const pieces = [words[i]!.text];
    while (brokenHere.test(pieces.at(-1)!) && next(i)) pieces.push(words[++i]!.text);
    const parts = pieces.map((p) => p.replace(brokenHere, '').replaceAll(shy, ''));
    const lead = /^\P{L}*/u.exec(parts[0]!)![0].length;
    const breaks = parts.slice(0, -1).map((_, k) => parts.slice(0, k + 1).join('').length - lead);
    found.push({ word: parts.join('').replace(/^\P{L}+|\P{L}+$/gu, ''), breaks });
  }
  return found;
}

/** Where a Turkish word may break, by the rule of its syllables: one consonant between vowels starts the next syllable, of more only the last does. */
function turkishSyllableBreaks(word: string): Set<number> {
  const vowels = [...word.toLocaleLowerCase('tr')].flatMap((c, i) => ('aâeıiîoöuüû'.includes(c) ? [i] : []));
  return new Set(vowels.slice(1).map((v, k) => (v - vowels[k]! > 1 ? v - 1 : v)));
}

describe('hyphenation in the outputs', () => {
  const packDir = inject('packDir');
  const out = (slug: string, file: string) => path.join(packDir, slug, file);

  /** Each break at a Turkish syllable, two letters at least before it and three after. */
  const expectTurkishBreaks = ({ word, breaks }: { word: string; breaks: number[] }) => {
    for (const at of breaks) {
      expect(turkishSyllableBreaks(word), `${word.slice(0, at)}-${word.slice(at)}`).toContain(at);
      expect(at).toBeGreaterThanOrEqual(2);
      expect(word.length - at).toBeGreaterThanOrEqual(3);
    }
  };

  it('breaks the Turkish brief.pdf at Turkish syllables only, and pdftotext reads the words whole', () => {
    const broken = brokenWords(out('iom', 'brief.pdf'));
    expect(broken.length).toBeGreaterThanOrEqual(3);
    const text = squash(pdfText(out('iom', 'brief.pdf')));
    for (const b of broken) {
      expectTurkishBreaks(b);
      expect(text).toContain(b.word);
    }
  });

  it('breaks long Turkish words in narrow table columns where their syllables allow: Ulus-la-ra-rası, never Ulu-slararası', async () => {
    const words = ['Uluslararası', 'Çekoslovakyalılaştıramadıklarımızdan', 'yerleştirilmesiyle', 'hükümetlerarası', 'Müdürlüğünün'];
    // Eight columns, each the five words in another order: every word meets a line end somewhere.
    const cells = Array.from({ length: 8 }, (_, k) => [...words.slice(k % 5), ...words.slice(0, k % 5)].join(' '));
    const table = [`| ${cells.map((_, k) => `S${k + 1}`).join(' | ')} |`, `| ${cells.map(() => '---').join(' | ')} |`, `| ${cells.join(' | ')} |`].join('\n');
    const dir = await tempProject({ 'dar.md': brief('tr', `## Tablo\n\n${table}\n`) });
    const built = await runCli(['build', '--format', 'pdf'], dir);
    expect(built.code, built.stderr).toBe(0);
    const pdf = path.join(dir, 'dist/dar/brief.pdf');
    const columns = pdfWords(pdf).filter((w) => /^S\d$/.test(w.text)).map((w) => w.x);
    expect(columns).toHaveLength(8);
    const broken = brokenWords(pdf, columns).filter((b) => words.includes(b.word));
    expect(new Set(broken.map((b) => b.word)).size).toBeGreaterThanOrEqual(3);
    broken.forEach(expectTurkishBreaks);
    const uluslararasi = broken.filter((b) => b.word === 'Uluslararası').flatMap((b) => b.breaks.map((at) => b.word.slice(0, at)));
    expect(uluslararasi.length).toBeGreaterThan(0);
    for (const before of uluslararasi) expect(['Ulus', 'Ulusla', 'Uluslara']).toContain(before);
  });

  it("keeps no soft hyphen inside a ligature in the PDF's text, so a search finds of-fice and ef-fi-cient whole", async () => {
    // A soft hyphen between the letters of a ligature (ff, ffi) has the ligature's box: measured alone
    // it looked drawn, and stayed in the text mid-line.
    const words = ['office', 'efficient', 'official', 'affluent', 'sufficient', 'differ', 'staff', 'officer'];
    const paragraph = Array.from({ length: 40 }, (_, k) => `${words[k % words.length]} ${'migration'.slice(0, 3 + (k % 6))}`).join(' ');
    const dir = await tempProject({ 'lig.md': brief('en', `## Ligatures\n\n${Array.from({ length: 6 }, () => paragraph).join('\n\n')}\n`) });
    const built = await runCli(['build', '--format', 'pdf'], dir);
    expect(built.code, built.stderr).toBe(0);
    const layout = spawnSync('pdftotext', ['-layout', path.join(dir, 'dist/lig/brief.pdf'), '-'], { encoding: 'utf8' }).stdout;
    expect(typeset('en', 'an office, staff')).toContain(`of${shy}fice`);
    const soft = [...layout.matchAll(/\u00ad/g)].length;
    const atLineEnds = [...layout.matchAll(/\u00ad-?[ \t]*\n/g)].length;
    expect(atLineEnds).toBeGreaterThan(0);
    expect(soft).toBe(atLineEnds);
    expect(squash(layout)).toContain('office');
  });

  it('puts soft hyphens in the one-pager as in the PDF, and none in the deck or the EPUB', async () => {
    const onePager = await readFile(out('iom', 'one-pager.html'), 'utf8');
    expect(onePager).toContain(`Ulus${shy}la${shy}ra${shy}rası`);
    expect(onePager).toMatch(/\.bp-body \{[^}]*hyphens: manual/);
    expect(await readFile(out('iom', 'slides.html'), 'utf8')).not.toContain(shy);
    const book = unzipSync(await readFile(out('iom', 'brief.epub')));
    const xhtml = Object.entries(book).filter(([name]) => name.endsWith('.xhtml'));
    expect(xhtml.length).toBeGreaterThan(0);
    for (const [name, data] of xhtml) expect(strFromU8(data), name).not.toContain(shy);
    // The reading system hyphenates instead, by its own dictionary.
    const css = Object.entries(book).filter(([name]) => name.endsWith('.css')).map(([, data]) => strFromU8(data));
    expect(css.join('')).toMatch(/p, li, dd, td \{[^}]*hyphens: auto/);
  });

  it('sets quotes and apostrophes in the English edition, and hyphenates it by English patterns', async () => {
    const text = squash(pdfText(out('iom.en', 'brief.pdf')));
    expect(text).toContain('1.1. IOM’s Objectives');
    expect(text).toContain('migrants’ rights');
    expect(text).not.toMatch(/\p{L}'\p{L}/u);
    expect(await readFile(out('iom.en', 'one-pager.html'), 'utf8')).toContain(`or${shy}ga${shy}ni${shy}za${shy}tion`);
  });

  it('still finds every output of the IOM pack agreeing with its source (briefpack check)', async () => {
    const checked = await runCli(['check', packDir], repoRoot);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });
});
