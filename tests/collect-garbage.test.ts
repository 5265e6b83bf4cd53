// A long brief's garbage is collected once its thread idles (src/build/collect-garbage.ts), and left
// to V8 while the thread is busy: a collection then would only take time from the work.
import { describe, expect, it } from 'vitest';
import { collectGarbageWhenIdle } from '../src/build/collect-garbage.js';

const megabytes = () => process.memoryUsage().heapUsed / 1e6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** About 200 MB of objects, dropped at once: garbage no allocation will make V8 collect. */
function makeGarbage(): void {
  let rows: Array<{ n: number; s: string }> | null = Array.from({ length: 2_000_000 }, (_, n) => ({ n, s: `row ${n}` }));
  rows.length;
  rows = null;
}

describe('collectGarbageWhenIdle', () => {
  it('collects the garbage of an idle thread', async () => {
    makeGarbage();
    const before = megabytes();
    collectGarbageWhenIdle(100);
    await sleep(400);
    expect(before - megabytes()).toBeGreaterThan(80);
  });

  it('leaves it while the thread is busy', async () => {
    makeGarbage();
    const before = megabytes();
    collectGarbageWhenIdle(100);
    // Busy through the whole wait, then past it with nothing allocated.
    const until = performance.now() + 150;
    while (performance.now() < until);
    await sleep(300);
    expect(before - megabytes()).toBeLessThan(80);
  });
});
