// The authoring loop, warm (`briefpack dev` on a copy of the IOM brief, a real Chromium on its
// preview): from a save to the new sentence in the one-pager on show, and to the PDF brief and the
// deck rebuilt and the deck reloaded. Budgets (issue 16): 200 ms and 700 ms. Run alone with
// `node scripts/bench-dev.mjs` (after `npm run compile`), or as part of `npm run bench`.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Waits until `check()` holds; a build that never ends fails the bench instead of hanging it. */
async function until(check, what) {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench-dev: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function benchDevLoop({ root, runs }) {
  const { startDev } = await import(new URL('../lib/index.js', import.meta.url).href);
  const { default: puppeteer } = await import('puppeteer-core');
  const project = mkdtempSync(path.join(os.tmpdir(), 'briefpack-bench-dev-'));
  mkdirSync(path.join(project, 'content'));
  const file = path.join(project, 'content/iom.md');
  cpSync(path.join(root, 'content/iom.md'), file);
  const source = readFileSync(file, 'utf8');
  const session = await startDev({ root: project, port: 0 });
  const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    await session.ready;
    const [onePager, deck] = await Promise.all([browser.newPage(), browser.newPage()]);
    await Promise.all([onePager.goto(`${session.url}brief/iom/#one-pager.html`), deck.goto(`${session.url}brief/iom/#slides.html`)]);
    const revisionOf = (name) => session.builder.state().briefs[0].files.get(name).revision;
    const samples = { html: [], rebuilt: [], deck: [] };
    // Two saves to warm up, then the runs.
    for (let i = -2; i < runs; i++) {
      const sentence = `Kaydedilen ${i + 3}. cümle burada görünür.`;
      const before = { pdf: revisionOf('brief.pdf'), slides: revisionOf('slides.html'), slidesPdf: revisionOf('slides.pdf') };
      const saved = Date.now();
      writeFileSync(file, `${source}\n${sentence}\n`);
      await onePager.waitForFunction((s) => document.querySelector('.bp-frame')?.contentDocument?.body?.innerText.replaceAll('\u00ad', '').includes(s), { polling: 5, timeout: 20_000 }, sentence);
      const html = Date.now() - saved;
      await until(() => revisionOf('brief.pdf') > before.pdf && revisionOf('slides.html') > before.slides && revisionOf('slides.pdf') > before.slidesPdf, 'the PDF and decks');
      const rebuilt = Date.now() - saved;
      const slides = revisionOf('slides.html');
      await deck.waitForFunction((r) => window.briefpackPreview.revision === r && window.briefpackPreview.loadedAt > 0 && document.querySelector('.bp-frame').contentDocument?.readyState === 'complete', { polling: 5, timeout: 20_000 }, slides);
      const deckShown = (await deck.evaluate(() => window.briefpackPreview.loadedAt)) - saved;
      if (i >= 0) Object.entries({ html, rebuilt, deck: Math.max(rebuilt, deckShown) }).forEach(([k, v]) => samples[k].push(v));
      // Let the read-back of the last outputs end before the next save.
      await until(() => !session.builder.state().briefs.some((b) => b.building), 'the build to end');
    }
    const line = (label, xs, budget) => console.log(`${label.padEnd(44)} ${String(Math.round(median(xs))).padStart(6)} ms   runs: ${xs.join(', ')}   (budget ${budget} ms)`);
    line('dev: save -> one-pager reloaded', samples.html, 200);
    line('dev: save -> PDF and deck rebuilt', samples.rebuilt, 700);
    line('dev: save -> deck reloaded', samples.deck, 700);
  } finally {
    await browser.close();
    await session.close();
    rmSync(project, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchDevLoop({ root: fileURLToPath(new URL('..', import.meta.url)), runs: Number(process.env.BENCH_RUNS ?? 5) });
  process.exit(0);
}
