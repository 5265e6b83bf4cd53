import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumArgs } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { startDev, type DevSession } from '../src/dev/dev.js';
import { createDevBuilder } from '../src/dev/dev-builder.js';
import { isLoopbackHost, pathSegments } from '../src/dev/preview-server.js';
import { iomSource, lineOf, repoRoot, tempProject } from './helpers.js';

// `briefpack dev` as an author meets it: a real Chromium on the preview, files edited on disk.
// Waits are generous (a loaded CI machine: a wait for a rebuild once passed 30 s in a full run, with
// the spec suites building beside it); how fast a save shows is `npm run bench`'s to measure.
const patience = { timeout: 60_000 };

/** Waits until `check` holds of the builder's state. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + patience.timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A raw GET, the path sent exactly as given (no client tidies `..` away). */
function rawGet(url: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, headers, setHost: !('Host' in headers) }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('briefpack dev', { timeout: 180_000 }, () => {
  let dir: string;
  let session: DevSession;
  let browser: Browser;
  let page: Page;
  let iom: string;
  const briefFile = () => path.join(dir, 'content/iom.md');
  // What the output on show says, without the soft hyphens the build puts in long words.
  const frameText = () => page.$eval('.bp-frame', (f) => (f as HTMLIFrameElement).contentDocument?.body?.innerText.replaceAll('\u00ad', '') ?? '');
  const frameShows = (text: string) =>
    page.waitForFunction((t) => document.querySelector<HTMLIFrameElement>('.bp-frame')?.contentDocument?.body?.innerText.replaceAll('\u00ad', '').includes(t), patience, text);
  const revisions = (slug: string) => Object.fromEntries([...(session.builder.state().briefs.find((b) => b.slug === slug)?.files ?? [])].map(([n, f]) => [n, f.revision]));
  const idle = () => session.builder.state().briefs.every((b) => !b.building);

  beforeAll(async () => {
    iom = await iomSource();
    const en = await readFile(path.join(repoRoot, 'content/iom.en.md'), 'utf8');
    dir = await tempProject({ 'iom.md': iom, 'iom.en.md': en });
    session = await startDev({ root: dir, port: 0 });
    const { default: puppeteer } = await import('puppeteer-core');
    [browser] = await Promise.all([puppeteer.launch({ executablePath: await findBrowser(), args: chromiumArgs() }), session.ready]);
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await session?.close();
  });

  it('lists the briefs and shows a brief’s one-pager, deck, PDFs and EPUB pages', async () => {
    await page.goto(session.url);
    const titles = await page.$$eval('.bp-brief-title', (links) => links.map((a) => a.textContent));
    expect(titles).toEqual(['Birleşmiş Milletler Uluslararası Göç Örgütü', 'United Nations International Organization for Migration']);
    await page.goto(`${session.url}brief/iom/`);
    const tabs = await page.$$eval('.bp-tab:not([hidden])', (links) => links.map((a) => (a as HTMLElement).dataset.file));
    expect(tabs).toEqual(['one-pager.html', 'slides.html', 'brief.pdf', 'slides.pdf', 'brief.epub']);
    // What a browser cannot show is a download.
    expect(await page.$$eval('a.bp-download', (links) => links.map((a) => a.getAttribute('download')))).toEqual(['slides.pptx']);
    await frameShows('Genel Bilgi');
    // The EPUB tab: its pages in reading order, each served from inside the book.
    await page.click('.bp-tab[data-file="brief.epub"]');
    await page.waitForFunction(() => !document.querySelector<HTMLSelectElement>('.bp-pages')!.hidden && document.querySelector<HTMLSelectElement>('.bp-pages')!.options.length > 2, patience);
    const last = await page.$$eval('.bp-pages option', (options) => (options.at(-1) as HTMLOptionElement).value);
    await page.select('.bp-pages', last);
    await page.waitForFunction((want) => document.querySelector<HTMLIFrameElement>('.bp-frame')!.src.includes(want), patience, last.split('/').at(-1)!);
    // The deck keeps its slide across reloads; the PDF is Chromium's own viewer.
    for (const file of ['slides.html', 'brief.pdf']) {
      const response = await rawGet(session.url, `/out/iom/${file}`);
      expect(response.status).toBe(200);
    }
  });

  it('shows a saved sentence in the one-pager, and only the saved brief is rebuilt', async () => {
    await page.goto(`${session.url}brief/iom/#one-pager.html`);
    await frameShows('Genel Bilgi');
    const enBefore = revisions('iom.en');
    const sentence = 'Canlı önizlemede görünen yeni bir cümle.';
    await writeFile(briefFile(), `${iom}\n${sentence}\n`);
    await frameShows(sentence);
    await until(idle, 'the rebuild to end');
    expect(revisions('iom.en')).toEqual(enBefore);
    expect(await frameText()).toContain(sentence);
  });

  it('shows a broken front matter over the page at its line, and clears when it is fixed', async () => {
    await page.goto(`${session.url}brief/iom/#one-pager.html`);
    const broken = iom.replace(/^asOf: .*$/m, 'asOf: 2016-13-45');
    await writeFile(briefFile(), broken);
    const overlay = await page.waitForSelector('.bp-overlay:not([hidden])', patience);
    const text = await overlay!.evaluate((o) => (o as HTMLElement).innerText);
    expect(text).toContain(`content/iom.md:${lineOf(broken, 'asOf: 2016-13-45')}`);
    // The last good outputs stay on show under it.
    expect(await frameText()).toContain('Genel Bilgi');
    const fixed = 'Düzeltilmiş ön bilgiden sonra gelen cümle.';
    await writeFile(briefFile(), `${iom}\n${fixed}\n`);
    await page.waitForSelector('.bp-overlay[hidden]', patience);
    await frameShows(fixed);
  });

  it('rebuilds every brief when a template changes', async () => {
    await until(idle, 'builds to end');
    const before = { iom: revisions('iom'), en: revisions('iom.en') };
    await mkdir(path.join(dir, 'my-templates'), { recursive: true });
    await writeFile(path.join(dir, 'briefpack.config.json'), JSON.stringify({ templates: 'my-templates' }));
    await until(() => idle() && revisions('iom.en')['one-pager.html']! > before.en['one-pager.html']!, 'the config change to rebuild');
    const mid = { iom: revisions('iom'), en: revisions('iom.en') };
    expect(mid.iom['brief.pdf']).toBeGreaterThan(before.iom['brief.pdf']!);
    // A template in the new folder is watched too: it replaces the built-in one, and every brief is made with it.
    const onePager = await readFile(path.join(repoRoot, 'templates/one-pager.hbs'), 'utf8');
    await writeFile(path.join(dir, 'my-templates/one-pager.hbs'), onePager.replace('<body', '<body data-custom-template'));
    await until(() => idle() && revisions('iom.en')['one-pager.html']! > mid.en['one-pager.html']!, 'the template change to rebuild');
    const html = new TextDecoder().decode(session.builder.state().briefs.find((b) => b.slug === 'iom')!.files.get('one-pager.html')!.data);
    expect(html).toContain('data-custom-template');
  });

  it('clears a project error once its cause is gone, and builds the file left of two that made one slug', async () => {
    await until(idle, 'builds to end');
    const problems = () => session.builder.state().projectProblems.map((p) => p.message).join('\n');
    await writeFile(path.join(dir, 'content/pack.yaml'), 'title: Paket\nbriefs: [iom, two]\n');
    await until(() => problems().includes('"two"'), 'the missing brief to be reported');
    await writeFile(path.join(dir, 'content/two.md'), '# Two\n\nThe second brief.\n');
    await until(() => problems() === '' && idle() && revisions('two')['one-pager.html'] !== undefined, 'the error to clear and two.md to build');
    // Two files, one slug: the first keeps it; remove it, and the other is built in its place.
    await writeFile(path.join(dir, 'content/Two.md'), '# Other two\n\nAnother brief.\n');
    await until(() => /both make the output folder "two"/.test(problems()), 'the clash to be reported');
    await rm(path.join(dir, 'content/two.md'));
    await until(() => problems() === '' && idle() && session.builder.state().briefs.find((b) => b.slug === 'two')?.title === 'Other two', 'Two.md to take the slug');
    expect(session.builder.state().briefs.find((b) => b.slug === 'two')?.shown).toBe('content/Two.md');
    await rm(path.join(dir, 'content/pack.yaml'));
    await rm(path.join(dir, 'content/Two.md'));
    await until(() => problems() === '' && idle() && !session.builder.state().briefs.some((b) => b.slug === 'two'), 'the pack to go back');
  });

  it('answers only its own loopback names, and no path leaves what the build made', async () => {
    const { port } = new URL(session.url);
    expect((await rawGet(session.url, '/', { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await rawGet(session.url, '/', { Host: `localhost:${port}` })).status).toBe(200);
    expect((await rawGet(session.url, '/out/iom/one-pager.html')).status).toBe(200);
    for (const attack of ['/out/iom/../../package.json', '/out/iom/..%2F..%2Fpackage.json', '/epub/iom/../../../package.json', '/epub/iom/%2e%2e/%2e%2e/package.json', '/out/%FF/x', '/out/iom/%2Fetc%2Fpasswd', '/content/iom.md', '/package.json']) {
      const response = await rawGet(session.url, attack);
      expect([400, 404], attack).toContain(response.status);
      expect(response.body, attack).not.toMatch(/"name"|organisation|root:/);
    }
    // The live channel too: a page of another site cannot listen in.
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/__dev/live`, { headers: { Origin: 'http://evil.example' } });
      ws.on('open', () => resolve('open'));
      ws.on('unexpected-response', (_req, res) => resolve(`status ${res.statusCode}`));
      ws.on('error', (error) => resolve(`error ${error.message}`));
    });
    expect(refused).toBe('status 403');
    // Peers that reset a refused upgrade, or send a malformed frame, do not stop the preview.
    for (let i = 0; i < 5; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => {});
      socket.write(`GET /__dev/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n`);
      socket.resetAndDestroy();
    }
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/__dev/live`);
      ws.on('message', () => {
        // A frame with opcode 0xF, which no WebSocket defines.
        (ws as unknown as { _socket: import('node:net').Socket })._socket.write(Buffer.from([0x8f, 0x80, 0, 0, 0, 0]));
        setTimeout(resolve, 300);
      });
      ws.on('error', () => {});
      setTimeout(() => reject(new Error('no state from the live channel')), 10_000);
    });
    expect((await rawGet(session.url, '/')).status).toBe(200);
    const state = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/__dev/live`, { headers: { Origin: `http://127.0.0.1:${port}` } });
      ws.on('message', (data) => (resolve(String(data)), ws.close()));
      ws.on('error', reject);
    });
    expect(JSON.parse(state).briefs.map((b: { slug: string }) => b.slug)).toEqual(['iom', 'iom.en']);
  });
});

describe('the dev builder', () => {
  it('builds a save again when it read the file between two writes whose second went unseen', async () => {
    const iom = await iomSource();
    const dir = await tempProject({ 'iom.md': iom });
    const file = path.join(dir, 'content/iom.md');
    const fixed = 'İkinci yazımda gelen cümle.';
    let halfBuilt = false;
    const builder = createDevBuilder({
      root: dir,
      formats: ['html'],
      onChange: () => {},
      // The editor's second write lands once the first is built, and no event tells of it.
      onBuilt: () => {
        if (halfBuilt || readFileSync(file, 'utf8') !== '') return;
        halfBuilt = true;
        writeFileSync(file, `${iom}\n${fixed}\n`);
      },
    });
    try {
      await builder.start();
      await writeFile(file, '');
      await builder.filesChanged([file]);
      expect(halfBuilt).toBe(true);
      const brief = builder.state().briefs.find((b) => b.slug === 'iom')!;
      expect(brief.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(new TextDecoder().decode(brief.files.get('one-pager.html')!.data).replaceAll('\u00ad', '')).toContain(fixed);
    } finally {
      await builder.close();
    }
  });
});

describe('the preview server’s checks', () => {
  it('takes loopback names with their port only', () => {
    expect(isLoopbackHost('127.0.0.1:4848', 4848)).toBe(true);
    expect(isLoopbackHost('LOCALHOST:4848', 4848)).toBe(true);
    expect(isLoopbackHost('[::1]:4848', 4848)).toBe(true);
    expect(isLoopbackHost('localhost:4849', 4848)).toBe(false);
    expect(isLoopbackHost('127.0.0.1.evil.example:4848', 4848)).toBe(false);
    expect(isLoopbackHost(undefined, 4848)).toBe(false);
  });

  it('refuses segments that climb, nest or are badly escaped', () => {
    expect(pathSegments('/out/iom/brief.pdf?r=3#x')).toEqual(['out', 'iom', 'brief.pdf']);
    expect(pathSegments('/out/%C4%B0%C3%A7/a')).toEqual(['out', 'İç', 'a']);
    expect(pathSegments('/out/../x')).toBeNull();
    expect(pathSegments('/out/%2e%2e/x')).toBeNull();
    expect(pathSegments('/out/a%2Fb')).toBeNull();
    expect(pathSegments('/out/a%5Cb')).toBeNull();
    expect(pathSegments('/out/%FF')).toBeNull();
  });
});
