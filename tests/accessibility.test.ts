// The HTML outputs as a reader with assistive technology meets them: axe-core (WCAG 2.2 A and AA, and
// its best practices) in Chromium, on every edition of the content pack.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { axeViolations, openWithAxe } from './helpers.js';

const packDir = inject('packDir');
const editions = readdirSync(packDir).filter((slug) => existsSync(path.join(packDir, slug, 'one-pager.html')));

let browser: Browser;
beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: await findBrowser(), args: chromiumArgs() });
});
afterAll(async () => {
  await browser?.close();
});

const open = (file: string, width: number) => openWithAxe(browser, file, width);

it('has the five editions of the content pack to check', () => {
  expect(editions.sort()).toEqual(['iom', 'iom.ar', 'iom.en', 'iom.fr', 'iom.zh']);
});

it('index.html: no violation', async () => {
  for (const width of [375, 1440]) {
    const page = await open(path.join(packDir, 'index.html'), width);
    expect(await axeViolations(page), `at ${width} px`).toEqual([]);
    await page.close();
  }
});

describe.each(editions)('%s', (slug) => {
  it('one-pager.html: no violation on a phone or a wide screen', async () => {
    for (const width of [375, 1440]) {
      const page = await open(path.join(packDir, slug, 'one-pager.html'), width);
      expect(await axeViolations(page), `at ${width} px`).toEqual([]);
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
      found.push(...(await axeViolations(page)).map((v) => `slide ${i + 1}: ${v}`));
    }
    expect(found).toEqual([]);
    await page.close();
  });
});
