import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'parse5';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumArgs } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { parseBrief } from '../src/content/parse-brief.js';
import { iomSource, squash } from './helpers.js';

type Node = { nodeName: string; tagName?: string; attrs?: Array<{ name: string; value: string }>; childNodes?: Node[]; value?: string; content?: Node };

const all = (node: Node, found: Node[] = []): Node[] => {
  found.push(node);
  for (const child of node.childNodes ?? []) all(child, found);
  if (node.content) all(node.content, found);
  return found;
};
const attr = (node: Node, name: string) => node.attrs?.find((a) => a.name === name)?.value;
const textOf = (node: Node): string => (node.nodeName === '#text' ? node.value! : (node.childNodes ?? []).map(textOf).join(''));

describe('dist/iom/one-pager.html', () => {
  const file = path.join(inject('packDir'), 'iom', 'one-pager.html');
  let html: string;
  let nodes: Node[];
  let doc: ReturnType<typeof parseBrief>['doc'];

  beforeAll(async () => {
    html = await readFile(file, 'utf8');
    nodes = all(parse(html) as unknown as Node);
    doc = parseBrief(await iomSource(), 'content/iom.md').doc;
  });

  it('should be a Turkish document with landmarks', () => {
    const htmlEl = nodes.find((n) => n.tagName === 'html')!;
    expect(attr(htmlEl, 'lang')).toBe('tr');
    for (const tag of ['header', 'nav', 'main', 'footer']) expect(nodes.some((n) => n.tagName === tag)).toBe(true);
    expect(nodes.filter((n) => n.tagName === 'h1')).toHaveLength(1);
  });

  it('should carry every fact in a table with row headers, before the body', () => {
    const rows = nodes.filter((n) => n.tagName === 'tr' && attr(n, 'id')?.startsWith('fact-'));
    expect(rows).toHaveLength(doc.facts.length);
    doc.facts.forEach((fact, i) => {
      const th = rows[i]!.childNodes!.find((c) => c.tagName === 'th')!;
      expect(attr(th, 'scope')).toBe('row');
      expect(squash(textOf(th))).toBe(fact.label);
      expect(squash(textOf(rows[i]!))).toContain(squash(fact.value));
    });
    expect(html.indexOf('id="fact-founded"')).toBeLessThan(html.indexOf('id="1-genel-bilgi"'));
  });

  it('should carry every heading, each linked from the section navigation', () => {
    const navLinks = nodes.filter((n) => n.tagName === 'a' && attr(n, 'href')?.startsWith('#')).map((n) => attr(n, 'href'));
    for (const entry of doc.toc) {
      const heading = nodes.find((n) => attr(n, 'id') === entry.id)!;
      expect(heading.tagName).toBe(`h${entry.depth}`);
      expect(squash(textOf(heading))).toBe(entry.title);
      expect(navLinks).toContain(`#${entry.id}`);
    }
  });

  it('should reference nothing outside the file', () => {
    for (const n of nodes) {
      for (const name of ['src', 'srcset', 'data', 'poster']) {
        const value = attr(n, name);
        if (value !== undefined) expect(value, `${n.tagName} ${name}`).toMatch(/^data:/);
      }
      if (n.tagName === 'link') expect(attr(n, 'rel')).not.toMatch(/stylesheet|preload|icon|import/);
      expect(n.tagName).not.toBe('script');
    }
    const urls = [...html.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith('data:')).toBe(true);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      const { default: puppeteer } = await import('puppeteer-core');
      browser = await puppeteer.launch({ executablePath: await findBrowser(), args: chromiumArgs() });
    });
    afterAll(() => browser?.close());

    const open = async (width: number) => {
      const page = await browser.newPage();
      const requests: string[] = [];
      await page.setRequestInterception(true);
      page.on('request', (r) => {
        requests.push(r.url());
        void (r.url() === `file://${file}` || r.url().startsWith('data:') ? r.continue() : r.abort());
      });
      await page.setViewport({ width, height: 900 });
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      return { page, requests };
    };

    it('should load no resource but the file and its inlined data', async () => {
      const { page, requests } = await open(1440);
      expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([`file://${file}`]);
      // The bundled font is the one in use.
      expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans"', 'İĞŞ'))).toBe(true);
      await page.close();
    });

    for (const width of [375, 1440]) {
      it(`should fit a ${width} px screen without sideways scrolling`, async () => {
        const { page } = await open(width);
        const { scrollWidth, navBeside } = await page.evaluate(() => {
          const nav = document.querySelector('nav')!.getBoundingClientRect();
          const body = document.querySelector('article')!.getBoundingClientRect();
          return { scrollWidth: document.documentElement.scrollWidth, navBeside: nav.right <= body.left };
        });
        expect(scrollWidth).toBeLessThanOrEqual(width);
        // Wide screens put the navigation beside the text; phones stack it.
        expect(navBeside).toBe(width >= 1024);
        await page.close();
      });
    }
  });
});
