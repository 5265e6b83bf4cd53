import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BriefpackError } from '../errors.js';

/** Where Chromium or Chrome usually lives, most likely first. */
const usualPaths: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

const isExecutable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export interface FindBrowserOptions {
  /** An explicit path: used as is, and an error if it is not there. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** puppeteer's download cache, checked last. */
  puppeteerCacheDir?: string;
}

/**
 * Finds a Chromium to print with: explicit path, PUPPETEER_EXECUTABLE_PATH or CHROME_PATH, the usual
 * install places, then a browser puppeteer downloaded earlier. None: an error saying how to get one.
 */
export async function findBrowser(options: FindBrowserOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const named = [
    ['the --browser option', options.explicit],
    ['PUPPETEER_EXECUTABLE_PATH', env.PUPPETEER_EXECUTABLE_PATH],
    ['CHROME_PATH', env.CHROME_PATH],
  ] as const;
  for (const [source, file] of named) {
    if (!file) continue;
    if (isExecutable(file)) return file;
    throw new BriefpackError('BROWSER_NOT_FOUND', `${source} names ${file}, which is not an executable file; fix or unset it`);
  }
  const found = (usualPaths[options.platform ?? process.platform] ?? []).find(isExecutable);
  if (found) return found;
  const cached = await fromPuppeteerCache(options.puppeteerCacheDir ?? env.PUPPETEER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puppeteer'));
  if (cached) return cached;
  throw new BriefpackError(
    'BROWSER_NOT_FOUND',
    'no Chromium or Chrome found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome), or set CHROME_PATH to its executable',
  );
}

async function fromPuppeteerCache(cacheDir: string): Promise<string | undefined> {
  try {
    const { getInstalledBrowsers } = await import('@puppeteer/browsers');
    const installed = await getInstalledBrowsers({ cacheDir });
    return installed.filter((b) => b.browser === 'chrome' || b.browser === 'chromium').map((b) => b.executablePath).find(isExecutable);
  } catch {
    return undefined;
  }
}
