import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { BriefpackError } from '../errors.js';
import { trace } from '../trace.js';
import { DocumentBudget } from './document-budget.js';
import { documentPage, type DocumentPage } from './document-page.js';
import { patientTimeout, withPatientTimeout, type PatientTimer } from './patient-timer.js';
import { profilePrefix, removeStaleProfiles } from './stale-profiles.js';
import { traceCpu } from './trace-cpu.js';

/**
 * Flags for a quiet, offline headless Chromium: puppeteer's defaults for automation and PDF (tagged
 * PDF, document outline), plus --no-sandbox only where root demands it.
 */
export function chromiumArgs(isRoot = process.getuid?.() === 0): string[] {
  return [
    '--headless=new',
    ...(isRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    '--disable-breakpad',
    '--disable-client-side-phishing-detection',
    '--disable-component-extensions-with-background-pages',
    '--disable-component-update',
    '--disable-crash-reporter',
    '--disable-default-apps',
    '--disable-dev-shm-usage',
    '--disable-extensions',
    '--disable-features=Translate,MediaRouter,OptimizationHints,WebUIOmniboxAimPopup,WebUIOmniboxPopup',
    '--disable-hang-monitor',
    '--disable-renderer-backgrounding',
    '--disable-sync',
    '--export-tagged-pdf',
    '--font-render-hinting=none',
    '--force-color-profile=srgb',
    '--generate-pdf-document-outline',
    '--hide-scrollbars',
    '--metrics-recording-only',
    '--mute-audio',
    '--no-default-browser-check',
    '--no-first-run',
    '--password-store=basic',
    '--use-mock-keychain',
  ];
}

export interface PageOptions {
  /** Files the page may fetch, answered from memory by URL; every other request but data: is refused. */
  serve?: ReadonlyMap<string, Uint8Array>;
  /** Told of every request refused, so the build can report it against the brief. */
  onBlocked?: (url: string) => void;
  /** Closes the page afterwards rather than keeping it for the next user: its renderer's memory goes with it. */
  close?: boolean;
}

const contentTypes: Record<string, string> = { woff2: 'font/woff2', css: 'text/css', png: 'image/png', svg: 'image/svg+xml', js: 'text/javascript' };

/** One Chromium for a whole build: the only way the rest of briefpack reaches a browser. */
export interface BrowserSession {
  /**
   * Runs `fn` on a page that may load only data: URLs and `serve`d files (see `DocumentPage` for what
   * every page is), then keeps the page for the next user.
   */
  withPage<T>(fn: (page: DocumentPage) => Promise<T>, options?: PageOptions): Promise<T>;
  /** Stops the browser; once, however often called. */
  close(): Promise<void>;
}

/**
 * Rejects if Chromium fails to start (it cannot be run, exits, or stays silent for `timeoutMs` of
 * time this thread was free to hear it: see `patientTimeout`), with the last lines it printed;
 * `started()` stops watching.
 */
function startFailure(child: ChildProcess, timeoutMs = 30_000): { failed: Promise<never>; started: () => void } {
  let output = '';
  let watching = true;
  const onOutput = (chunk: string) => void (output += chunk);
  child.stderr!.setEncoding('utf8').on('data', onOutput);
  let timer: PatientTimer | undefined;
  const failed = new Promise<never>((_, reject) => {
    const fail = (why: string) => {
      if (!watching) return;
      timer?.cancel();
      reject(new Error(`${why}${output.trim() ? `; it said:\n${output.trim().split('\n').slice(-5).join('\n')}` : ''}`));
    };
    timer = patientTimeout(timeoutMs, () => fail(`it gave no answer in ${timeoutMs / 1000} s${timer!.busyMs > 1000 ? ` (not counting ${Math.round(timer!.busyMs / 1000)} s this build was busy elsewhere)` : ''}: it is stuck, or the machine is overloaded`));
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`}) while starting`));
  });
  failed.catch(() => {});
  return {
    failed,
    started() {
      watching = false;
      timer?.cancel();
      // What it prints from now on is read and dropped: a full pipe would stall it.
      child.stderr!.off('data', onOutput).resume();
    },
  };
}

/**
 * The HTML the browser's pages may hold at once (see document-budget.ts): a 5 MB brief's PDF (7 MB
 * of HTML) and its deck (4 MB) one after the other, a 1 MB brief's PDF, pack and deck side by side.
 */
const documentBudgetChars = 8_000_000;
/** A page that held a document this large is closed after use rather than kept for the next. */
const largeDocumentChars = 2_000_000;

/** How long opening and setting up a page may take: the same small work whatever the document. */
const pageSetupMs = 60_000;

/**
 * Starts Chromium and connects puppeteer to it over a pipe (DevTools messages on file descriptors 3
 * and 4, puppeteer's own transport): Chromium quits when the pipe closes, so a build that is killed
 * (Ctrl-C, a CI timeout) leaves no browser behind, as one on a DevTools port did. Chromium is
 * spawned first and puppeteer loaded while it boots: the two are the slowest steps of a build and
 * need not wait for each other.
 */
export async function launchBrowser(executablePath: string): Promise<BrowserSession> {
  // Named with this process's owner tag, so that a later build can tell it is litter if this one is
  // killed before `stop` removes it.
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), profilePrefix()));
  const child = spawn(executablePath, [...chromiumArgs(), `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    // Its own process group, so that stopping it also stops its helpers (and Debian's wrapper script).
    detached: true,
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit').catch(() => {});
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      await exited;
    }
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  };
  trace('chromium spawned');
  // Profiles killed builds left behind go now, in the background: Chromium's start does not wait
  // for it, and a failure to clean up is no reason to fail a build.
  void removeStaleProfiles().catch(() => {});
  const starting = startFailure(child);
  let browser: Browser;
  try {
    // The pipe transport puppeteer's own launch uses; the package exports it under internal/ only
    // (puppeteer-core is kept to 24.x).
    const [{ default: puppeteer }, { PipeTransport }] = await Promise.all([import('puppeteer-core'), import('puppeteer-core/internal/node/PipeTransport.js')]);
    trace('puppeteer loaded');
    const transport = new PipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable);
    // No timeout per DevTools message: a page's steps take longer the larger the document, and are
    // watched with budgets that grow with it (document-page.ts); starting is watched by startFailure.
    browser = await Promise.race([puppeteer.connect({ transport, defaultViewport: null, protocolTimeout: 0 }), starting.failed]);
    starting.started();
  } catch (error) {
    await stop();
    throw new BriefpackError('BROWSER_NOT_FOUND', `could not start ${executablePath}: ${(error as Error).message}`, undefined, { cause: error });
  }
  let closing: Promise<void> | undefined;
  // Pages are kept and reused: a new tab costs a renderer process and a few round trips. Each page
  // answers its requests as its current user says.
  // Chromium's first tab, shown, is left alone.
  const idle: Array<{ page: Page; document: ReturnType<typeof documentPage> }> = [];
  const documents = new DocumentBudget(documentBudgetChars);
  const users = new WeakMap<Page, PageOptions>();
  const openPage = () => {
    const opening = (async () => {
      // In the background, a page is hidden: Chromium does not paint, raster and composite it for a
      // screen nobody sees (a tenth to a fifth of its work for a brief's load and print, measured).
      // Layout still runs when asked.
      const page = await browser.newPage({ background: true });
      await preparePage(page);
      return { page, document: documentPage(page, documents) };
    })();
    return withPatientTimeout(opening, pageSetupMs, (busyMs) => {
      // A page that opens after all is closed, not leaked.
      void opening.then(({ page }) => page.close()).catch(() => {});
      const busy = busyMs > 1000 ? ` (not counting ${Math.round(busyMs / 1000)} s this build was busy elsewhere)` : '';
      return new BriefpackError('RENDER', `Chromium did not open a page in ${pageSetupMs / 1000} s${busy}: it is stuck, or the machine is overloaded`);
    });
  };
  const preparePage = async (page: Page) => {
    // Content is untrusted and outputs must be self-contained: refuse every request but inlined data.
    // Every page is printed or measured as printed, so it shows print media from the start.
    await Promise.all([page.setRequestInterception(true), page.setJavaScriptEnabled(false), page.emulateMediaType('print')]);
    page.on('request', (request) => {
      const url = request.url();
      const options = users.get(page) ?? {};
      const served = options.serve?.get(url);
      if (served) {
        const ext = url.slice(url.lastIndexOf('.') + 1);
        // Fonts are fetched in CORS mode: the about:blank page is another origin.
        void request.respond({ status: 200, contentType: contentTypes[ext] ?? 'application/octet-stream', headers: { 'Access-Control-Allow-Origin': '*' }, body: Buffer.from(served) });
      } else if (url.startsWith('data:') || url === 'about:blank') void request.continue();
      else {
        options.onBlocked?.(url);
        void request.abort('blockedbyclient');
      }
    });
  };
  try {
    idle.push(await openPage());
  } catch (error) {
    await browser.disconnect().catch(() => {});
    await stop();
    throw new BriefpackError('BROWSER_NOT_FOUND', `could not drive ${executablePath}: ${(error as Error).message}`, undefined, { cause: error });
  }
  trace('connected');
  return {
    async withPage(fn, options = {}) {
      const opened = idle.pop() ?? (await openPage());
      const { page } = opened;
      users.set(page, options);
      let reusable = false;
      try {
        const result = await fn(opened.document);
        reusable = true;
        return result;
      } finally {
        users.delete(page);
        // A page whose work failed may be in any state (crashed, say): it is not handed out again.
        // One that held a large document is closed, its renderer's memory (a gigabyte and more) with it.
        const held = opened.document.release();
        if (reusable && !page.isClosed() && held < largeDocumentChars && !options.close) idle.push(opened);
        else await page.close().catch(() => {});
      }
    },
    close() {
      return (closing ??= (async () => {
        if (process.env.BRIEFPACK_TRACE) await traceCpu(browser, child.pid).catch(() => {});
        await browser.disconnect().catch(() => {});
        await stop();
      })());
    },
  };
}
