// `npm run bench`: how long briefpack takes, cold (a new process and a new Chromium each run), on this
// machine. Prints medians of BENCH_RUNS runs (default 5):
//   1. `npm run build` of the IOM brief into a fresh output folder: PDF + one-pager, then with the
//      slide deck, then with its PowerPoint file too, then everything;
//   2. each language edition of the IOM brief alone (content/iom.*.md: Arabic, Chinese... each with its
//      own fonts), every output; the whole content pack; `briefpack check` of it (no browser);
//   3. the authoring loop, warm (scripts/bench-dev.mjs): `briefpack dev`, a save, the one-pager and
//      the deck reloaded in a real Chromium;
//   4. synthetic packs of 10, 25 and 50 briefs made from the IOM brief, every output: time and peak
//      memory of the build and its browser processes (proportional set size, so shared pages count once);
//   5. large briefs made at bench time (scripts/large-brief.mjs; BENCH_LARGE bytes, default 1 MB and
//      5 MB, 0 skips): one cold build of every output each, its time against the budget (15 s for
//      1 MB, 60 s for 5 MB) and its peak memory against 2.5 GB, with BRIEFPACK_TRACE's stages.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDevLoop } from './bench-dev.mjs';
import { machineLine } from './bench-machine.mjs';
import { largeBrief } from './large-brief.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const packSizes = (process.env.BENCH_PACKS ?? '10,25,50').split(',').map(Number).filter(Boolean);
const largeSizes = (process.env.BENCH_LARGE ?? '1000000,5000000').split(',').map(Number).filter(Boolean);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bin = path.join(root, 'bin/briefpack.js');
const env = { ...process.env, SOURCE_DATE_EPOCH: '1764028800' };

/** Sums the proportional set size (kB) of a process and all its descendants, from /proc. */
function treePss(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {}
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/**
 * Runs a command to its end: its wall time in ms and, when asked, the peak memory of its process tree
 * in MB (sampling /proc costs CPU: the IOM timings run without it, the others with a sampler kept cheap).
 */
function timed(command, args, cwd, { memory = false, extraEnv = {} } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    // Every 250 ms, or less often where a sample costs more: the kernel walks every page of a process
    // to give its PSS (140 ms a sample at 5 MB, whose renderers hold gigabytes). Sampled every 250 ms
    // regardless, a 5 MB build lost 25 CPU-seconds to it, some 12 s of its time on two cores; now the
    // sampler takes a twentieth of one core, or up to 7% where samples take 140 ms, since it waits at
    // most 2 s (a 5 MB build's peak lasts some 9 s).
    let sampler;
    const sample = () => {
      const begun = performance.now();
      peak = Math.max(peak, treePss(child.pid));
      sampler = setTimeout(sample, Math.min(2000, Math.max(250, 20 * (performance.now() - begun))));
    };
    if (memory) sampler = setTimeout(sample, 250);
    child.on('exit', (code) => {
      clearTimeout(sampler);
      const ms = performance.now() - start;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} failed:\n${stderr}`));
      else resolve({ ms, mb: peak / 1024, stderr });
    });
  });
}

async function medianOf(label, command, args, cwd, before = () => {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    before();
    samples.push(await timed(command, args, cwd));
  }
  const ms = median(samples.map((s) => s.ms));
  console.log(`${label.padEnd(44)} ${String(Math.round(ms)).padStart(6)} ms   runs: ${samples.map((s) => Math.round(s.ms)).join(', ')}`);
  return ms;
}

// Bundle once first so that no run pays for esbuild.
spawnSync(process.execPath, [path.join(root, 'scripts/compile.mjs')], { stdio: 'inherit' });
console.log(`briefpack bench: ${runs} cold runs per line, ${os.cpus().length} cores, Node ${process.version}`);
console.log(`${machineLine()}\n`);

const out = mkdtempSync(path.join(os.tmpdir(), 'briefpack-bench-'));
const iom = ['run', '-s', 'build', '--', 'content/iom.md', '--out', out];
// Fresh: no earlier output.
const fresh = () => rmSync(path.join(out, 'iom'), { recursive: true, force: true });
const base = await medianOf('npm run build, IOM: PDF + one-pager', 'npm', [...iom, '--format', 'pdf,html'], root, fresh);
const deck = await medianOf('npm run build, IOM: PDF + one-pager + deck', 'npm', [...iom, '--format', 'pdf,html,slides'], root, fresh);
const pptx = await medianOf('npm run build, IOM: ... + deck + PPTX', 'npm', [...iom, '--format', 'pdf,html,slides,pptx'], root, fresh);
await medianOf('npm run build, IOM: every output', 'npm', iom, root, fresh);
console.log(`${'  the deck adds'.padEnd(44)} ${String(Math.round(deck - base)).padStart(6)} ms   (budget 500 ms)`);
console.log(`${'  the deck with its PPTX adds'.padEnd(44)} ${String(Math.round(pptx - base)).padStart(6)} ms   (budget 500 ms)`);

const editions = readdirSync(path.join(root, 'content')).filter((f) => /^iom\.[^.]+\.md$/.test(f));
for (const file of editions) {
  const slug = file.replace(/\.md$/, '');
  await medianOf(`npm run build, ${file}: every output`, 'npm', ['run', '-s', 'build', '--', `content/${file}`, '--out', out], root, () => rmSync(path.join(out, slug), { recursive: true, force: true }));
}
const pack = path.join(out, 'pack');
const briefs = readdirSync(path.join(root, 'content')).filter((f) => f.endsWith('.md')).length;
await medianOf(`content pack (${briefs} briefs), every output`, process.execPath, [bin, 'build', '--out', pack], root, () => rmSync(pack, { recursive: true, force: true }));
await medianOf(`briefpack check, content pack (${briefs * 6} outputs)`, process.execPath, [bin, 'check', pack], root);
console.log();
await benchDevLoop({ root, runs });
console.log();

const source = readFileSync(path.join(root, 'content/iom.md'), 'utf8');
const packTimes = [];
for (const n of packSizes) {
  const project = path.join(out, `pack-${n}`);
  mkdirSync(path.join(project, 'content'), { recursive: true });
  for (let i = 1; i <= n; i++) {
    const slug = `brief-${String(i).padStart(3, '0')}`;
    writeFileSync(path.join(project, 'content', `${slug}.md`), source.replace(/^title: (.*)$/m, `title: $1 ${i}`));
  }
  writeFileSync(path.join(project, 'content', 'pack.yaml'), `title: Sentetik paket (${n})\nslug: sentetik\n`);
  const dist = () => rmSync(path.join(project, 'dist'), { recursive: true, force: true });
  const ms = await medianOf(`synthetic pack of ${n} briefs, every output`, process.execPath, [bin, 'build'], project, dist);
  dist();
  const { mb } = await timed(process.execPath, [bin, 'build'], project, { memory: true });
  packTimes.push([n, ms]);
  console.log(`${''.padEnd(44)} peak ${Math.round(mb)} MB, ${Math.round(ms / n)} ms a brief`);
}
// Linear growth shows as the same cost per added brief between every two sizes.
for (const [[n0, ms0], [n1, ms1]] of packTimes.slice(1).map((t, i) => [packTimes[i], t])) {
  console.log(`from ${n0} to ${n1} briefs: ${Math.round((ms1 - ms0) / (n1 - n0))} ms per added brief`);
}

// Large briefs: one cold build each (they take long), every output, with its stages and peak memory.
const budgets = { 1000000: 15_000, 5000000: 60_000 };
for (const bytes of largeSizes) {
  const project = path.join(out, `large-${bytes}`);
  mkdirSync(path.join(project, 'content'), { recursive: true });
  writeFileSync(path.join(project, 'content', 'large.md'), largeBrief(bytes));
  const label = `large brief of ${(bytes / 1e6).toFixed(1)} MB, every output`;
  try {
    const { ms, mb, stderr } = await timed(process.execPath, [bin, 'build', 'content/large.md', '--out', 'dist'], project, { memory: true, extraEnv: { BRIEFPACK_TRACE: '1' } });
    const budget = budgets[bytes];
    console.log(`${label.padEnd(44)} ${String(Math.round(ms)).padStart(6)} ms   peak ${Math.round(mb)} MB${budget ? `   (budget ${budget / 1000} s, 2500 MB)` : ''}`);
    // A long deck's fill line runs to thousands of figures: its start says enough.
    for (const line of stderr.split('\n').filter((l) => l.startsWith('trace '))) console.log(`    ${line.slice(6, 206)}`);
  } catch (error) {
    console.log(`${label.padEnd(44)} failed: ${error.message.split('\n').slice(-4).join(' | ')}`);
  }
}
rmSync(out, { recursive: true, force: true });
