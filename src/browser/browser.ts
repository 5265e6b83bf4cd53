import type { Browser, Page, PDFOptions } from 'puppeteer-core';
import { BriefpackError } from '../errors.js';

/** Flags for a quiet, offline headless Chromium; --no-sandbox only where root demands it. */
export function chromiumArgs(isRoot = process.getuid?.() === 0): string[] {
  return [
    ...(isRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-dev-shm-usage',
    '--font-render-hinting=none',
  ];
}

export interface BrowserSession {
  /** Runs `fn` on a fresh page that may load nothing but data: URLs; closes it whatever happens. */
  withPage<T>(fn: (page: Page) => Promise<T>): Promise<T>;
  /** Every request a page tried and was refused, for the build to report. */
  readonly blocked: string[];
  close(): Promise<void>;
}

export async function launchBrowser(executablePath: string): Promise<BrowserSession> {
  const { default: puppeteer } = await import('puppeteer-core');
  let browser: Browser;
  try {
    browser = await puppeteer.launch({ executablePath, headless: true, args: chromiumArgs(), timeout: 30_000 });
  } catch (error) {
    throw new BriefpackError('BROWSER_NOT_FOUND', `could not start ${executablePath}: ${(error as Error).message.split('\n')[0]}`, undefined, { cause: error });
  }
  const blocked: string[] = [];
  return {
    blocked,
    async withPage(fn) {
      const page = await browser.newPage();
      try {
        // Content is untrusted and outputs must be self-contained: refuse every request but inlined data.
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          const url = request.url();
          if (url.startsWith('data:') || url === 'about:blank') void request.continue();
          else {
            blocked.push(url);
            void request.abort('blockedbyclient');
          }
        });
        await page.setJavaScriptEnabled(false);
        return await fn(page);
      } finally {
        await page.close().catch(() => {});
      }
    },
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

/** Loads a self-contained HTML document and prints it as it asks (@page size and margins). */
export async function printPdf(session: BrowserSession, html: string, options: Partial<PDFOptions> = {}): Promise<Uint8Array> {
  return session.withPage(async (page) => {
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, ...options });
  });
}
