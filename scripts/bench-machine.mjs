// What the machine itself costs, printed at the top of `npm run bench` so that bench lines from
// different machines (or hosts of one virtual machine) can be told apart from changes in briefpack:
// the same commit built the IOM brief in 1.35 s on one host of the 2-core development VM and in
// 4.4 s on another (2026-12-01), where the first touch of fresh memory cost 2.8-4 s a GB (some
// 0.2 s on bare hardware), a cold Chromium took 2-3 s to start and a plain loop ran 350-520 ms
// from one minute to the next. A build touches many GB of fresh memory over its life (the 5 MB
// brief some 20 GB, in Node and in Chromium's processes), so that cost shows in every line.
import { spawnSync } from 'node:child_process';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds a new process takes to write to each page of 512 MB of fresh memory, as ms a GB. */
function freshMemoryMsPerGb() {
  const script = `const b = Buffer.allocUnsafe(512 * 2 ** 20); const t = performance.now();
    for (let i = 0; i < b.length; i += 4096) b[i] = 1; console.log(performance.now() - t);`;
  const ms = Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout);
  return ms * 2;
}

/** The Chromium briefpack would find first among the usual ones (CHROME_PATH, then on PATH). */
function chromium() {
  for (const candidate of [process.env.PUPPETEER_EXECUTABLE_PATH, process.env.CHROME_PATH]) if (candidate) return candidate;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return undefined;
}

/** Milliseconds a cold headless Chromium takes to start, load about:blank and quit. */
function chromiumStartMs(executable) {
  const args = ['--headless', '--disable-gpu', '--no-first-run', '--dump-dom', 'about:blank'];
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  const start = performance.now();
  const { status } = spawnSync(executable, args, { stdio: 'ignore' });
  return status === 0 ? performance.now() - start : NaN;
}

/** One line on what this machine costs: fresh memory, a cold Chromium, plain JavaScript. */
export function machineLine() {
  const memory = median([1, 2, 3].map(freshMemoryMsPerGb));
  const executable = chromium();
  const start = executable ? median([1, 2, 3].map(() => chromiumStartMs(executable))) : NaN;
  const loop = `let s = 0; const t = performance.now(); for (let i = 0; i < 3e8; i++) s += i % 7; console.log(performance.now() - t);`;
  const js = Number(spawnSync(process.execPath, ['-e', loop], { encoding: 'utf8' }).stdout);
  return `machine: fresh memory ${(memory / 1000).toFixed(2)} s a GB, a cold Chromium ${(start / 1000).toFixed(2)} s, a JavaScript loop ${Math.round(js)} ms`;
}
