import { mkdtemp, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/browser/find-browser.js';

const fakeBrowser = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-fake-chrome-'));
  const file = path.join(dir, 'chrome');
  await writeFile(file, '#!/bin/sh\n');
  await chmod(file, 0o755);
  return file;
};

describe('findBrowser', () => {
  it('should prefer the explicit path, then PUPPETEER_EXECUTABLE_PATH, then CHROME_PATH', async () => {
    const [a, b, c] = await Promise.all([fakeBrowser(), fakeBrowser(), fakeBrowser()]);
    expect(await findBrowser({ explicit: a, env: { PUPPETEER_EXECUTABLE_PATH: b, CHROME_PATH: c } })).toBe(a);
    expect(await findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: b, CHROME_PATH: c } })).toBe(b);
    expect(await findBrowser({ env: { CHROME_PATH: c } })).toBe(c);
  });

  it('should say which setting names a missing browser', async () => {
    await expect(findBrowser({ env: { CHROME_PATH: '/no/such/chrome' } })).rejects.toThrow(/CHROME_PATH names \/no\/such\/chrome/);
  });

  it('should fall back to the usual install places', async () => {
    expect(await findBrowser({ env: {}, platform: 'linux' })).toMatch(/chrom/);
  });

  it('should say how to install a browser when there is none', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'briefpack-no-cache-'));
    const error = await findBrowser({ env: {}, platform: 'aix', puppeteerCacheDir: empty }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'BROWSER_NOT_FOUND' });
    expect((error as Error).message).toMatch(/apt-get install chromium.*CHROME_PATH/);
  });
});
