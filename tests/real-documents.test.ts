import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Element, Root } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import puppeteer, { type Browser } from 'puppeteer-core';
import { EXIT, SKIP, visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfStructure } from './pdf-ua.js';
import { chromiumArgs } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { parseBrief } from '../src/content/parse-brief.js';
import type { BriefDocument } from '../src/model.js';
import { firstSentence } from '../src/slides/sentences.js';
import { crowdedShrink, nearEmptyFill } from '../src/slides/fill.js';
import { aceBin, aceViolations, axeViolations, deckFills, epubcheck, epubcheckJar, openWithAxe, pdfFonts, pdfText, repoRoot, runCli, type CliResult } from './helpers.js';

// Documents shaped like the ones people bring (see tests/fixtures/real/README.md): every one builds in
// every format, agrees with its source, and loses nothing on the way. Grow the corpus with every bug.
const fixtures = path.join(repoRoot, 'tests/fixtures/real');
const names = readdirSync(fixtures).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.slice(0, -3));

/**
 * The briefs whose EPUB DAISY Ace reads: it takes some 6 s a book, two minutes for the corpus, so
 * these hold between them every construct that reaches a reader differently: asides, task lists,
 * links written in raw HTML and pictures (guide-asides), raw HTML blocks, <details> and tables
 * (mixed-html), footnotes (long-report), right to left (arabic-guide), code (code-readme).
 */
const readByAce = ['guide-asides', 'mixed-html', 'long-report', 'arabic-guide', 'code-readme'];

/** Briefs with an SVG picture holding text, and the machine's font it is drawn in. */
const svgTextFonts: Record<string, string> = { 'guide-asides': 'DejaVuSans' };

/** Text compared letter by letter: white space, punctuation, marks, bidi controls and soft hyphens (which PDF text layers move or add), case and emoji do not count. */
const letters = (s: string) => s.normalize('NFKC').replace(/[\s\p{Cf}\p{P}\p{Mn}]|[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f]/gu, '').toLocaleLowerCase('tr');

/** A node's text as a reader sees it: without the numbers of footnote references (slides drop them). */
function readingText(node: Element | Root): string {
  const copy = structuredClone(node);
  visit(copy, 'element', (child, index, parent) => {
    if (child.properties.dataFootnoteRef === undefined || !parent || index === undefined) return undefined;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  return toString(copy);
}

/**
 * A paragraph's text up to the end of its first link out: the PDF prints such a link's address after
 * it, so only the words before are together in its text (`[el informe](https://...) para`).
 */
function beforeAddress(p: Element): string {
  const text = readingText(p).replace(/\s+/g, ' ').trim();
  let link: Element | undefined;
  visit(p, 'element', (e) => {
    if (link || e.tagName !== 'a' || String(e.properties.href ?? '#').startsWith('#')) return undefined;
    link = e;
    return EXIT;
  });
  const linkText = link ? toString(link).replace(/\s+/g, ' ').trim() : '';
  const at = linkText ? text.indexOf(linkText) : -1;
  return at < 0 ? text : text.slice(0, at + linkText.length);
}

/** A paragraph after the first block of a list item. */
const laterInItem = (parent: Element | Root, child: Element) =>
  parent.type === 'element' && parent.tagName === 'li' && parent.children.find((c) => c.type === 'element') !== child;

/**
 * The headings of a document, the opening words of each of its paragraphs and numbered list items, and where the deck
 * shows each: on the slides, in the speaker notes (a footnote), or not at all (the footnotes' heading).
 */
function landmarks(doc: BriefDocument): Array<{ what: string; text: string; deck: 'slides' | 'notes' | null }> {
  const out: Array<{ what: string; text: string; deck: 'slides' | 'notes' | null }> = [];
  const walk = (node: Element | Root, footnote: boolean) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const inFootnotes = footnote || child.properties.dataFootnotes !== undefined;
      const text = readingText(child).replace(/\s+/g, ' ').trim();
      const deck = inFootnotes ? 'notes' : 'slides';
      if (headingRank(child)) out.push({ what: 'heading', text, deck: String(child.properties.id).endsWith('footnote-label') ? null : deck });
      // A slide shows a paragraph's first sentence.
      // A slide shows a list item's first sentence: its later paragraphs are in the notes.
      else if (child.tagName === 'p' && letters(text)) out.push({ what: 'paragraph', text: firstSentence(beforeAddress(child), doc.meta.lang).split(' ').slice(0, 4).join(' '), deck: laterInItem(node, child) ? 'notes' : deck });
      else {
        // An ordered list's numbers, past 9 too, with the start of each item.
        if (child.tagName === 'ol' && !inFootnotes) {
          const items = child.children.filter((li): li is Element => li.type === 'element' && li.tagName === 'li');
          items.forEach((li, i) => out.push({ what: 'list item', text: `${(Number(child.properties.start) || 1) + i}. ${readingText(li).trim().split(/\s+/).slice(0, 2).join(' ')}`, deck }));
        }
        walk(child, inFootnotes);
      }
    }
  };
  walk(doc.tree, false);
  return out;
}

describe('real-shaped documents, every one in every format', () => {
  let dir: string;
  let built: CliResult;
  let checked: CliResult;
  let browser: Browser;
  const out = (name: string, file: string) => path.join(dir, 'dist', name, file);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-real-'));
    await cp(fixtures, path.join(dir, 'content'), { recursive: true });
    built = await runCli(['build'], dir);
    checked = await runCli(['check'], dir);
    browser = await puppeteer.launch({ executablePath: await findBrowser(), args: chromiumArgs() });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('are at least ten, and all build (warnings only for images that are not there, at their lines, and for other tools\' front matter) and check ok', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(built.code, built.stderr).toBe(0);
    const warnings = built.stderr.split('\n').filter((l) => / warning /.test(l));
    for (const warning of warnings) expect(warning).toMatch(/^content\/[\w-]+\.md:\d+:\d+ warning (image .* its alt text stands in \[briefpack:image-missing\]|unknown directive .*\[briefpack:directive\]|footnote .*\[briefpack:footnote-unused\]|front matter keys .* ignored.*\[briefpack:front-matter-key\]|the brief is as of .*\[briefpack:stale\])$/);
    // A deck it plans is one to keep: nothing nearly empty or crowded to warn of.
    expect(built.stderr).not.toMatch(/briefpack:slide-(near-empty|crowded)/);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });

  describe.each(names)('%s', (name) => {
    let doc: BriefDocument;
    beforeAll(async () => {
      doc = parseBrief(await readFile(path.join(fixtures, `${name}.md`), 'utf8'), `content/${name}.md`).doc;
    });

    it('has every heading, the first words of every paragraph and every numbered item in the PDF brief and on the slides (footnotes: in the notes)', async () => {
      const brief = letters(pdfText(out(name, 'brief.pdf')));
      const slides = letters(pdfText(out(name, 'slides.pdf')));
      const deck = letters(await readFile(out(name, 'slides.html'), 'utf8').then((html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'")));
      const missing: string[] = [];
      for (const { what, text, deck: shown } of landmarks(doc)) {
        if (!brief.includes(letters(text))) missing.push(`brief.pdf lacks ${what} "${text}"`);
        if (shown === 'slides' && !slides.includes(letters(text))) missing.push(`slides.pdf lacks ${what} "${text}"`);
        if (shown === 'notes' && !deck.includes(letters(text))) missing.push(`slides.html's notes lack ${what} "${text}"`);
      }
      expect(missing).toEqual([]);
    });

    it('plans a deck a presenter would keep: no slide nearly empty but dividers and statements, none crowded, none overflowing', async () => {
      const page = await browser.newPage();
      const slides = await deckFills(page, await readFile(out(name, 'slides.html'), 'utf8'));
      await page.close();
      expect(slides.filter((s) => !s.divider && !s.statement && s.fill < nearEmptyFill).map((s) => `${s.number} "${s.title}" ${Math.round(s.fill * 100)}%`)).toEqual([]);
      expect(slides.filter((s) => s.shrink >= crowdedShrink || s.fill > 1.01).map((s) => `${s.number} "${s.title}" shrink ${s.shrink}, ${Math.round(s.fill * 100)}%`)).toEqual([]);
    });

    it('draws every glyph of its PDFs with the fonts it ships, embedded (no font of the machine, no faked weight)', () => {
      const foreign = ['brief.pdf', 'slides.pdf'].flatMap((file) =>
        pdfFonts(out(name, file))
          .filter((font) => !font.embedded || !/^([A-Z]{6}\+)?Noto/.test(font.name))
          .map((font) => `${file}: ${font.name}${font.embedded ? '' : ' (not embedded)'}`),
      );
      // An SVG picture is drawn apart from the page, with the machine's fonts: its text is the picture's.
      expect(foreign.filter((f) => !(name in svgTextFonts && f.endsWith(svgTextFonts[name]!)))).toEqual([]);
    });

    it('has PDFs a PDF/UA check finds nothing wrong with: every mark tagged or an artifact, lists with bodies, links described, XMP', async () => {
      const problems: string[] = [];
      for (const file of ['brief.pdf', 'slides.pdf']) for (const problem of (await pdfStructure(out(name, file))).problems) problems.push(`${file}: ${problem}`);
      expect(problems).toEqual([]);
    });

    it('is an EPUB epubcheck finds nothing wrong with', ({ skip }) => {
      skip(!existsSync(epubcheckJar), 'epubcheck is not installed here (apt-get install epubcheck; .ci/run installs it)');
      expect(epubcheck(out(name, 'brief.epub'))).toEqual([]);
    });

    it.runIf(readByAce.includes(name))('is an EPUB DAISY Ace finds no accessibility violation in', async () => {
      if (!existsSync(aceBin)) throw new Error(`DAISY Ace is not installed at ${aceBin}: run bash scripts/setup.sh`);
      expect(await aceViolations(out(name, 'brief.epub'))).toEqual([]);
    }, 300_000);

    it('has a one-pager axe-core finds no violation in, on a phone or a wide screen', async () => {
      for (const width of [375, 1440]) {
        const page = await openWithAxe(browser, out(name, 'one-pager.html'), width);
        expect(await axeViolations(page), `at ${width} px`).toEqual([]);
        await page.close();
      }
    });

    it('shows every image it has in the one-pager, the HTML deck and the EPUB', async () => {
      const page = await browser.newPage();
      const broken = async (html: string) => {
        await page.setContent(html, { waitUntil: 'load' });
        return page.evaluate(() => [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.alt || img.src.slice(0, 60)));
      };
      const found: string[] = [];
      for (const file of ['one-pager.html', 'slides.html']) {
        for (const img of await broken(await readFile(out(name, file), 'utf8'))) found.push(`${file}: ${img}`);
      }
      // The book's pictures are files in the zip: each must be there and decode.
      const book = unzipSync(new Uint8Array(await readFile(out(name, 'brief.epub'))));
      for (const [entry, data] of Object.entries(book).filter(([n]) => n.endsWith('.xhtml'))) {
        for (const [, src] of strFromU8(data).matchAll(/<img[^>]*?\ssrc="([^"]+)"/g)) {
          const target = path.posix.join(path.posix.dirname(entry), src!);
          const bytes = book[target];
          if (!bytes) {
            found.push(`brief.epub: ${entry} shows ${src}, which is not in the book`);
            continue;
          }
          const type = target.endsWith('.svg') ? 'image/svg+xml' : target.endsWith('.png') ? 'image/png' : target.endsWith('.jpg') || target.endsWith('.jpeg') ? 'image/jpeg' : 'image/*';
          const [bad] = await broken(`<img alt="${target}" src="data:${type};base64,${Buffer.from(bytes).toString('base64')}">`);
          if (bad) found.push(`brief.epub: ${bad} does not decode`);
        }
      }
      await page.close();
      expect(found).toEqual([]);
    });
  });
});
