import type { Browser } from 'puppeteer-core';
import { trace } from '../trace.js';

/**
 * For `npm run bench`: Chromium's CPU time by process type, and Node's, so far. Read from /proc
 * where there is one, counting what exited processes used (their parents' reaped time): Chromium
 * starts a print compositor for every print, and those are gone by the time DevTools is asked.
 */
export async function traceCpu(browser: Browser, pid: number | undefined): Promise<void> {
  const node = `node cpu ${(process.cpuUsage().user / 1e6).toFixed(2)} s`;
  const byType = new Map<string, number>();
  const tree = pid === undefined ? undefined : await processTreeCpu(pid).catch(() => undefined);
  if (tree) for (const [type, seconds] of tree) byType.set(type, seconds);
  else {
    const cdp = await browser.target().createCDPSession();
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; cpuTime: number }> };
    for (const p of info.processInfo) byType.set(p.type, (byType.get(p.type) ?? 0) + p.cpuTime);
  }
  const total = [...byType.values()].reduce((a, b) => a + b, 0);
  trace(`chromium cpu ${total.toFixed(2)} s: ${[...byType].map(([t, c]) => `${t} ${c.toFixed(2)} s`).join(', ')}; ${node}`);
}

/** CPU seconds of a process and its descendants by Chromium process type, exited children included (Linux). */
async function processTreeCpu(root: number): Promise<Map<string, number>> {
  const { readdir, readFile } = await import('node:fs/promises');
  const stats = new Map<number, { parent: number; seconds: number; type: string }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const [stat, cmdline] = await Promise.all([readFile(`/proc/${entry}/stat`, 'utf8'), readFile(`/proc/${entry}/cmdline`, 'utf8')]).catch(() => []);
    if (!stat || cmdline === undefined) continue;
    // Fields after the command name: state, ppid, ... utime (14), stime, cutime, cstime, in clock ticks.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
    const type = /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1] ?? /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
    stats.set(Number(entry), { parent: Number(f[1]), seconds, type });
  }
  const byType = new Map<string, number>();
  const add = (pid: number) => {
    const p = stats.get(pid);
    if (!p) return;
    // A zygote's reaped time is its exited children's: print compositors and closed tabs.
    const type = p.type === 'zygote' ? 'exited (print compositors, closed tabs)' : p.type;
    byType.set(type, (byType.get(type) ?? 0) + p.seconds);
    for (const [child, c] of stats) if (c.parent === pid) add(child);
  };
  add(root);
  return byType;
}
