// The slide deck as a user gets it: built by the CLI, read with poppler, driven in headless Chromium.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { parseBrief } from '../src/content/parse-brief.js';
import { upperCase } from '../src/locale.js';
import { crowdedShrink, nearEmptyFill } from '../src/slides/fill.js';
import { deckFactValue } from '../src/slides/plan.js';
import { deckFills, iomSource, pdfFonts, pdfText, runCli, squash, tempProject, type CliResult } from './helpers.js';

const packDir = inject('packDir');
const iomDeck = (name: string) => path.join(packDir, 'iom', name);

let browser: Browser;
beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: await findBrowser(), args: chromiumArgs(), headless: true });
});
afterAll(async () => {
  await browser?.close();
});

/** Opens an HTML deck with JavaScript on, logging every request it makes. */
async function openDeck(file: string, viewport = { width: 1200, height: 800 }): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    requests.push(request.url());
    void request.continue();
  });
  await page.setViewport(viewport);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  return { page, requests };
}

/** Ids of the slides whose content box (or frame) is taller or wider than it, all laid out as printed. */
async function overflowingSlides(page: Page): Promise<string[]> {
  await page.emulateMediaType('print');
  const ids = await page.evaluate(() => {
    const over = (el: Element | null) => !el || el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    return [...document.querySelectorAll('section.bp-slide')]
      .filter((s) => over(s.querySelector('.bp-slide-body')) || over(s.querySelector('.bp-slide-frame')))
      .map((s) => s.id);
  });
  await page.emulateMediaType('screen');
  return ids;
}

async function pageSizes(file: string): Promise<Array<{ width: number; height: number }>> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  return doc.getPages().map((p) => p.getSize());
}

const hash = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash));
const press = async (page: Page, key: Parameters<Page['keyboard']['press']>[0], from: string) => {
  await page.keyboard.press(key);
  // reveal.js writes the hash shortly after the slide changes.
  await page.waitForFunction((old) => decodeURIComponent(location.hash) !== old, { timeout: 5_000 }, from);
  return hash(page);
};

describe('the IOM deck, slides.pdf', () => {
  it('is 16:9 on every page, one slide a page', async () => {
    const sizes = await pageSizes(iomDeck('slides.pdf'));
    expect(sizes.length).toBeGreaterThanOrEqual(8);
    for (const { width, height } of sizes) expect(width / height).toBeCloseTo(16 / 9, 3);
    const html = await readFile(iomDeck('slides.html'), 'utf8');
    expect(sizes.length).toBe(html.match(/<section class="bp-slide /g)?.length);
  });

  it('carries every fact, every section title and the title in Turkish upper case, fonts embedded', async () => {
    const { doc } = parseBrief(await iomSource(), 'content/iom.md');
    const text = squash(pdfText(iomDeck('slides.pdf')));
    // A long value shows its first sentence (all of it is in the notes: see 'the IOM deck’s plan').
    for (const fact of doc.facts) {
      expect(text).toContain(squash(fact.label));
      expect(text).toContain(squash(deckFactValue(fact.value, 'tr')));
    }
    expect(doc.facts.filter((f) => deckFactValue(f.value, 'tr') !== f.value).map((f) => f.key)).toEqual(['purpose', 'turkey-relations']);
    for (const entry of doc.toc) expect(text).toContain(squash(entry.title));
    expect(text).toContain(upperCase(doc.meta.title, 'tr'));
    expect(text).toContain('BİRLEŞMİŞ MİLLETLER');
    expect(text).toMatch(/Revizyon r[0-9a-f]{8}/);
    const fonts = pdfFonts(iomDeck('slides.pdf'));
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
  });
});

describe('the IOM deck’s plan', () => {
  it('keeps no slide nearly empty but dividers and statements, none crowded: short subsections share one, a last line stands large', async () => {
    const page = await browser.newPage();
    const slides = await deckFills(page, await readFile(iomDeck('slides.html'), 'utf8'));
    await page.close();
    expect(slides.filter((s) => !s.divider && !s.statement && s.fill < nearEmptyFill)).toEqual([]);
    expect(slides.filter((s) => s.shrink >= crowdedShrink)).toEqual([]);
    const html = await readFile(iomDeck('slides.html'), 'utf8');
    // 1.1 and 1.2 (a sentence each) share a slide; 1.4 (one line, 1.3's slide full) is a statement.
    expect(html).toMatch(/<h3 class="bp-slide-title">1\.1\. IOM’in Amaçları<\/h3>[\s\S]*?<h3 id="12-iomin-görevleri" class="bp-slide-subhead">1\.2\. IOM’in Görevleri<\/h3>/);
    expect(slides.find((s) => s.title === '1.4. IOM Üyeleri')?.statement).toBe(true);
    // A long fact value: its first sentence on the slide, all of it in the notes.
    expect(html).toMatch(/<dd>IOM Türkiye’de ilk ofisini 1\. Körfez Savaşı sonrasında 1991 yılında açmıştır\.<\/dd>/);
    expect(html).toMatch(/<aside class="notes">[\s\S]*?Türkiye ile İlişkileri<\/strong> IOM Türkiye’de ilk ofisini[^<]*Yabancılar ve Uluslararası Koruma Kanun/);
  });
});

describe('the IOM deck’s bookmarks', () => {
  it('nest subsections and continuations under their section, every slide named apart', async () => {
    const { PDFDict, PDFName, PDFHexString, PDFString } = await import('pdf-lib');
    const pdf = await PDFDocument.load(await readFile(iomDeck('slides.pdf')));
    const marks: Array<[number, string]> = [];
    const walk = (first: unknown, depth: number) => {
      for (let item = first; item instanceof PDFDict; item = item.lookup(PDFName.of('Next'))) {
        const title = item.lookup(PDFName.of('Title'));
        marks.push([depth, title instanceof PDFHexString || title instanceof PDFString ? title.decodeText() : '']);
        walk(item.lookup(PDFName.of('First')), depth + 1);
      }
    };
    walk(pdf.catalog.lookup(PDFName.of('Outlines'), PDFDict).lookup(PDFName.of('First')), 0);
    expect(marks).toEqual([
      [0, 'Birleşmiş Milletler Uluslararası Göç Örgütü'],
      [1, 'Temel Bilgiler'],
      [1, '1. Genel Bilgi'],
      [2, '1.1. IOM’in Amaçları'],
      [2, '1.2. IOM’in Görevleri'],
      [2, '1.3. IOM’in Çalışma Alanları'],
      [2, '1.4. IOM Üyeleri'],
      [1, '2. Türkiye’de IOM'],
      [1, 'Özet'],
    ]);
    expect(new Set(marks.map(([, t]) => t)).size).toBe(marks.length);
  });
});

describe('the IOM deck, slides.html', () => {
  it('is one self-contained Turkish file that loads nothing but itself', async () => {
    const head = (await readFile(iomDeck('slides.html'), 'utf8')).slice(0, 2000);
    expect(head).toMatch(/<html lang="tr" dir="ltr">/);
    expect(head).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    const { page, requests } = await openDeck(iomDeck('slides.html'));
    // Show every slide, so that whatever any of them would load is asked for.
    const count = await page.evaluate(() => document.querySelectorAll('section.bp-slide').length);
    for (let i = 0; i < count; i++) await page.evaluate((n) => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(n), i);
    const self = pathToFileURL(iomDeck('slides.html')).href;
    expect(requests.filter((url) => url !== self && !url.startsWith('data:'))).toEqual([]);
    await page.close();
  });

  it('goes from slide to slide by keyboard, a URL hash for each', async () => {
    const { page } = await openDeck(iomDeck('slides.html'));
    expect(await hash(page)).toBe('#/title');
    const second = await press(page, 'ArrowRight', '#/title');
    expect(second).toBe('#/facts');
    expect(await press(page, 'Space', second)).not.toBe(second);
    expect(await press(page, 'End', await hash(page))).toBe('#/end');
    expect(await press(page, 'ArrowLeft', '#/end')).toBe('#/2-türkiyede-iom');
    expect(await press(page, 'Home', await hash(page))).toBe('#/title');
    // A hash opens its slide.
    await page.goto(`${pathToFileURL(iomDeck('slides.html')).href}#/1-genel-bilgi`);
    await page.waitForFunction(() => document.querySelector('section.present')?.id === '1-genel-bilgi');
    await page.close();
  });

  it('shows where the keyboard is: a focus ring on the arrows, clear of the slide number, the back arrow as visible', async () => {
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1440, height: 900 }, { width: 375, height: 667 }]) {
      const { page } = await openDeck(iomDeck('slides.html'), viewport);
      await page.goto(`${pathToFileURL(iomDeck('slides.html')).href}#/4`);
      await page.waitForFunction(() => document.querySelector('section.present .bp-slide-number') !== null);
      // The arrows fade in as the slide arrives: their opacity once they have.
      await page.waitForFunction(() => [...document.querySelectorAll('.controls .enabled')].every((e) => e.getAnimations().length === 0), { timeout: 5_000 });
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const active = document.activeElement as HTMLElement;
        const style = getComputedStyle(active);
        return { controls: active.closest('.controls') !== null, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      expect(focused, JSON.stringify(viewport)).toMatchObject({ controls: true, outline: 'solid' });
      expect(focused.width).toBeGreaterThanOrEqual(2);
      const boxes = await page.evaluate(() => {
        const box = (e: Element) => e.getBoundingClientRect().toJSON() as DOMRect;
        const arrows = [...document.querySelectorAll('.controls .enabled')].map((e) => ({ ...box(e), opacity: Number(getComputedStyle(e).opacity) }));
        return { number: box(document.querySelector('section.present .bp-slide-number')!), arrows };
      });
      expect(boxes.arrows.length, JSON.stringify(viewport)).toBe(2);
      for (const arrow of boxes.arrows) {
        const apart = arrow.right <= boxes.number.left || arrow.left >= boxes.number.right || arrow.bottom <= boxes.number.top || arrow.top >= boxes.number.bottom;
        expect(apart, `an arrow over the slide number at ${viewport.width}x${viewport.height}`).toBe(true);
        expect(arrow.opacity).toBeGreaterThanOrEqual(0.9);
      }
      await page.close();
    }
  });

  it('opens a link to a slide on that slide, on a phone too', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 375, height: 667 });
    await page.goto(`${pathToFileURL(iomDeck('slides.html')).href}#/3`, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
    const shown = await page.evaluate(() => ({
      index: (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal.getIndices().h,
      scrollView: document.querySelector('.reveal-viewport')?.classList.contains('reveal-scroll') ?? false,
      present: document.querySelector('section.present')?.id,
    }));
    const third = await page.evaluate(() => document.querySelectorAll('section.bp-slide')[3]!.id);
    expect(shown).toEqual({ index: 3, scrollView: false, present: third });
    await page.close();
  });

  it('moves without fading for a reader who asked for less motion', async () => {
    const page = await browser.newPage();
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    await page.goto(pathToFileURL(iomDeck('slides.html')).href, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
    expect(await page.evaluate(() => (window as unknown as { Reveal: { getConfig(): { transition: string } } }).Reveal.getConfig().transition)).toBe('none');
    await page.close();
  });

  it('speaks the brief’s language in the speaker view', async () => {
    const { page } = await openDeck(iomDeck('slides.html'));
    const opened = browser.waitForTarget((t) => t.opener() === page.target());
    await page.keyboard.press('s');
    const speaker = (await (await opened).page())!;
    await speaker.waitForFunction(() => document.querySelector('.speaker-controls-notes .label') !== null, { timeout: 15_000 });
    const labels = await speaker.evaluate(() => ({
      lang: document.documentElement.lang,
      text: [...document.querySelectorAll('.label')].map((l) => l.textContent?.trim()).join(' | '),
    }));
    expect(labels.lang).toBe('tr');
    expect(labels.text).toMatch(/Notlar/);
    expect(labels.text).not.toMatch(/\b(Upcoming|Notes|Time)\b/);
    await speaker.close();
    await page.close();
  });

  it('fits every slide in its 16:9 frame, on screen at any window size and in print', async () => {
    for (const viewport of [{ width: 1920, height: 1080 }, { width: 800, height: 900 }]) {
      const { page } = await openDeck(iomDeck('slides.html'), viewport);
      const count = await page.evaluate(() => document.querySelectorAll('.bp-slide').length);
      for (let i = 0; i < count; i++) {
        await page.evaluate((n) => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(n), i);
        const { over, scale } = await page.evaluate(() => {
          const present = document.querySelector('section.present')!;
          const box = present.querySelector('.bp-slide-body')!;
          const r = present.getBoundingClientRect();
          return { over: box.scrollHeight > box.clientHeight + 1, scale: { w: r.width, h: r.height, vw: innerWidth, vh: innerHeight } };
        });
        expect(over).toBe(false);
        // Scaled to the window, whole and 16:9.
        expect(scale.w / scale.h).toBeCloseTo(16 / 9, 1);
        expect(scale.w).toBeLessThanOrEqual(scale.vw);
        expect(scale.h).toBeLessThanOrEqual(scale.vh);
      }
      expect(await overflowingSlides(page)).toEqual([]);
      await page.close();
    }
  });

  it('prints one slide a page at 16:9 from the browser', async () => {
    const { page } = await openDeck(iomDeck('slides.html'));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.close();
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe((await pageSizes(iomDeck('slides.pdf'))).length);
    for (const p of doc.getPages()) expect(p.getWidth() / p.getHeight()).toBeCloseTo(16 / 9, 3);
  });
});

const front = (title: string) => `---
title: ${title}
organisation: Test Org
author: Tester
lang: en
asOf: 2024-05-01
summary: A brief for the deck tests.
facts:
  - key: staff
    label: Staff
    value: "350"
---
`;

describe('a brief that steers its deck with directives', () => {
  let dir: string;
  let built: CliResult;
  const out = (name: string) => path.join(dir, 'dist', 'steer', name);
  beforeAll(async () => {
    dir = await tempProject({
      'steer.md': `${front('Steering')}
## Plans

Shared opening sentence. Detail for READERS-ONLY follows.

:::notes
Say SPEAKER-NOTE-TEXT to the room.
:::

:::slides
DECK-ONLY-TEXT for the audience.
:::

:::no-slides
DOCUMENT-ONLY-TEXT for readers.
:::

::slide-break

- After the BREAK-ITEM

## Outlook

Next steps.
`,
    });
    // Built on the brief's date: no warning about its age.
    built = await runCli(['build', '--format', 'pdf,html,slides'], dir, { SOURCE_DATE_EPOCH: String(Date.UTC(2024, 4, 2) / 1000) });
  });

  it('builds without warnings', () => {
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toBe('');
  });

  it('keeps speaker notes and slides-only blocks out of brief.pdf and one-pager.html', async () => {
    const documents = [squash(pdfText(out('brief.pdf'))), await readFile(out('one-pager.html'), 'utf8')];
    for (const text of documents) {
      expect(text.includes('DOCUMENT-ONLY-TEXT'), 'DOCUMENT-ONLY-TEXT').toBe(true);
      expect(text.includes('READERS-ONLY'), 'READERS-ONLY').toBe(true);
      expect(text.includes('SPEAKER-NOTE-TEXT'), 'SPEAKER-NOTE-TEXT').toBe(false);
      expect(text.includes('DECK-ONLY-TEXT'), 'DECK-ONLY-TEXT').toBe(false);
    }
  });

  it('keeps no-slides blocks out of the deck, and notes out of slides.pdf', async () => {
    const pdf = squash(pdfText(out('slides.pdf')));
    const html = await readFile(out('slides.html'), 'utf8');
    for (const text of [pdf, html]) {
      expect(text.includes('DECK-ONLY-TEXT'), 'DECK-ONLY-TEXT').toBe(true);
      expect(text.includes('DOCUMENT-ONLY-TEXT'), 'DOCUMENT-ONLY-TEXT').toBe(false);
    }
    expect(pdf).not.toContain('SPEAKER-NOTE-TEXT');
    // The paragraph shows its first sentence; its rest is for the speaker.
    expect(pdf).toContain('Shared opening sentence.');
    expect(pdf).not.toContain('READERS-ONLY');
    expect(pdf).toMatch(/Plans \(cont\.\) \W*After the BREAK-ITEM/);
  });

  it('shows the notes in the speaker view, with the next slide and a timer', async () => {
    const { page } = await openDeck(out('slides.html'));
    await page.goto(`${pathToFileURL(out('slides.html')).href}#/plans`);
    await page.waitForFunction(() => document.querySelector('section.present')?.id === 'plans');
    const opened = browser.waitForTarget((t) => t.opener() === page.target());
    await page.keyboard.press('s');
    const speaker = (await (await opened).page())!;
    await speaker.waitForFunction(() => document.querySelector('.speaker-controls-notes .value')?.textContent?.includes('SPEAKER-NOTE-TEXT'), { timeout: 15_000 });
    const view = await speaker.evaluate(() => ({
      notes: document.querySelector('.speaker-controls-notes .value')!.textContent!,
      timer: document.querySelector('.speaker-controls-time') !== null,
      upcoming: document.querySelector('#upcoming-slide iframe')?.getAttribute('src') ?? '',
    }));
    expect(view.notes).toContain('Detail for READERS-ONLY follows.');
    expect(view.timer).toBe(true);
    expect(view.upcoming).toContain('slides.html?receiver');
    await speaker.close();
    await page.close();
  });
});

describe('a section too long for one slide', () => {
  let dir: string;
  let built: CliResult;
  const out = (name: string) => path.join(dir, 'dist', 'long', name);
  const items = Array.from({ length: 30 }, (_, i) => `- Point ${i + 1} about the programme and its regional offices`);
  const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} starts here. More detail for readers.`);
  const huge = `${Array.from({ length: 45 }, (_, i) => `one sentence that goes on and on about programme ${i + 1}`).join(' ')}.`;
  const longTitle = `A title ${'that no slide can hold '.repeat(40)}`;
  const sentences = Array.from({ length: 24 }, (_, i) => `Sentence ${i + 1} of a paragraph written for the deck, long enough to wrap.`);
  const source = `${front('Long')}
## Long section

${paragraphs.join('\n\n')}

### Many points

${items.join('\n')}

### Long paragraph

:::slides
${sentences.join(' ')}
:::

### Endless sentence

:::slides
${huge}
:::

### ${longTitle}

Under a title that cannot fit.
`;
  const titleLine = source.split('\n').findIndex((l) => l.startsWith('### A title')) + 1;

  beforeAll(async () => {
    dir = await tempProject({ 'long.md': source });
    built = await runCli(['build', '--format', 'slides'], dir);
  });

  it('builds the deck alone with --format slides', async () => {
    expect(built.code, built.stderr).toBe(0);
    expect((await readdir(path.join(dir, 'dist', 'long'))).sort()).toEqual(['slides.html', 'slides.pdf']);
    expect(existsSync(out('brief.pdf'))).toBe(false);
  });

  it('splits what does not fit into continuation slides, losing nothing and keeping the order', () => {
    const text = squash(pdfText(out('slides.pdf')));
    expect(text.match(/Long section \(cont\.\)/g)?.length).toBeGreaterThanOrEqual(1);
    expect(text.match(/Many points \(cont\.\)/g)?.length).toBeGreaterThanOrEqual(1);
    expect(text.match(/Long paragraph \(cont\.\)/g)?.length).toBeGreaterThanOrEqual(1);
    expect(text.match(/Endless sentence \(cont\.\)/g)?.length).toBeGreaterThanOrEqual(1);
    let at = 0;
    const endless = Array.from({ length: 45 }, (_, i) => `programme ${i + 1}${i === 44 ? '.' : ' '}`);
    for (const line of [...paragraphs.map((p) => p.split('. ')[0]!), ...items.map((i) => i.slice(2)), ...sentences, ...endless]) {
      const found = text.indexOf(`${line}`, at);
      expect(found, line).toBeGreaterThan(at);
      at = found;
    }
  });

  it('measures no overflow on any slide but the one it warns about, naming slide and line', async () => {
    expect(built.stderr.match(/warning slide/g)).toHaveLength(1);
    expect(built.stderr).toMatch(new RegExp(`content/long\\.md:${titleLine}:\\d+ warning slide \\d+ "A title that no slide .*" does not fit its 16:9 frame even in the smallest type`));
    const { page } = await openDeck(out('slides.html'));
    expect(await overflowingSlides(page)).toEqual([expect.stringMatching(/^a-title-that-no-slide-can-hold/)]);
    await page.close();
  });
});
