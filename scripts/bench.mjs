// `npm run bench`: times `npm run build` of the IOM brief, cold (a new process and a new Chromium
// each run), and prints the median of 5 runs per case, with the stage timings of the median run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const cases = [
  { name: 'PDF brief + one-pager', args: ['--format', 'pdf,html'] },
  { name: 'whole pack (npm run build)', args: [] },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Compile once first so no run pays for esbuild.
spawnSync('npm', ['run', '-s', 'compile'], { cwd: root, stdio: 'inherit' });

console.log(`briefpack bench: content/iom.md, ${runs} cold runs per case, ${os.cpus().length} cores\n`);
for (const c of cases) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'briefpack-bench-'));
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync('npm', ['run', '-s', 'build', '--', 'content/iom.md', '--out', out, ...c.args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, BRIEFPACK_TRACE: '1' },
    });
    const ms = performance.now() - start;
    if (r.status !== 0) {
      console.error(r.stdout, r.stderr);
      process.exit(1);
    }
    samples.push({ ms, trace: r.stderr.split('\n').filter((l) => l.startsWith('trace')) });
  }
  rmSync(out, { recursive: true, force: true });
  const mid = median(samples.map((s) => s.ms));
  console.log(`${c.name.padEnd(30)} median ${Math.round(mid)} ms   runs: ${samples.map((s) => Math.round(s.ms)).join(', ')}`);
  const run = samples.find((s) => s.ms === mid);
  for (const line of run.trace) console.log(`    ${line.replace(/^trace\s*/, '')}`);
  console.log();
}
