import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/browser/find-browser.js';

const browserModule = fileURLToPath(new URL('../src/browser/browser.ts', import.meta.url));

/** Live (not zombie) descendants of a process, from /proc. */
function liveDescendants(root: number): number[] {
  const parents = new Map<number, number>();
  const live = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(ppid));
      if (state !== 'Z') live.add(Number(entry));
    } catch {}
  }
  const isBelow = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === root) return true;
    return false;
  };
  return [...live].filter(isBelow);
}

const alive = (pid: number) => {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe.runIf(process.platform === 'linux')('the browser a build starts', () => {
  it('should quit when the build is killed, not stay running', async () => {
    const executable = await findBrowser({});
    // A process that starts a browser session the way a build does, then waits to be killed.
    const script = `const { launchBrowser } = await import(${JSON.stringify(browserModule)}); await launchBrowser(${JSON.stringify(executable)}); console.log('up'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    expect(String(chunk)).toContain('up');
    const chromium = liveDescendants(child.pid!);
    expect(chromium.length).toBeGreaterThan(0);

    child.kill('SIGKILL');
    await once(child, 'exit');
    const deadline = Date.now() + 10_000;
    while (chromium.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(chromium.filter(alive)).toEqual([]);
  }, 30_000);
});
