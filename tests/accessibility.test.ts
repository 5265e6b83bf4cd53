// The HTML outputs as a reader with assistive technology meets them: axe-core (WCAG 2.2 A and AA, and
// its best practices) in Chromium, on every edition of the content pack.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';

const packDir = inject('packDir');
const editions = readdirSync(packDir).filter((slug) => existsSync(path.join(packDir, slug, 'one-pager.html')));
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let browser: Browser;
let axeSource: string;
beforeAll(async () => {
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  browser = await puppeteer.launch({ executablePath: await findBrowser(), args: chromiumArgs() });
});
afterAll(async () => {
  await browser?.close();
});

/** A page on `file`, axe-core added past the output's own Content-Security-Policy (which allows no script of ours). */
async function open(file: string, width: number): Promise<Page> {
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  await page.setViewport({ width, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.addScriptTag({ content: axeSource });
  return page;
}

/** axe-core's violations of what the page shows now, as `rule (impact): target` lines. */
const violations = (page: Page): Promise<string[]> =>
  page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
  }, axeTags);

it('has the five editions of the content pack to check', () => {
  expect(editions.sort()).toEqual(['iom', 'iom.ar', 'iom.en', 'iom.fr', 'iom.zh']);
});

it('index.html: no violation', async () => {
  for (const width of [375, 1440]) {
    const page = await open(path.join(packDir, 'index.html'), width);
    expect(await violations(page), `at ${width} px`).toEqual([]);
    await page.close();
  }
});

describe.each(editions)('%s', (slug) => {
  it('one-pager.html: no violation on a phone or a wide screen', async () => {
    for (const width of [375, 1440]) {
      const page = await open(path.join(packDir, slug, 'one-pager.html'), width);
      expect(await violations(page), `at ${width} px`).toEqual([]);
      await page.close();
    }
  });

  it('slides.html: no violation on any slide', async () => {
    const page = await open(path.join(packDir, slug, 'slides.html'), 1280);
    await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
    const count = await page.evaluate(() => document.querySelectorAll('section.bp-slide').length);
    expect(count).toBeGreaterThan(3);
    const found: string[] = [];
    for (let i = 0; i < count; i++) {
      await page.evaluate((n) => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(n), i);
      await page.waitForFunction((n) => document.querySelectorAll('section.bp-slide')[n]?.classList.contains('present'), {}, i);
      found.push(...(await violations(page)).map((v) => `slide ${i + 1}: ${v}`));
    }
    expect(found).toEqual([]);
    await page.close();
  });
});
