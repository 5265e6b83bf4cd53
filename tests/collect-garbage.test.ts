// A long brief's garbage is collected once its thread idles (src/build/collect-garbage.ts), and left
// to V8 while the thread is busy: a collection then would only take time from the work.
import { describe, expect, it } from 'vitest';
import { collectGarbageWhenIdle } from '../src/build/collect-garbage.js';

const megabytes = () => process.memoryUsage().heapUsed / 1e6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * About 200 MB of objects, held until the function returned is called: then garbage that no
 * allocation will make V8 collect. Measured while held, the heap surely holds them (dropped at once,
 * V8 sometimes collected them while they were still being made, on a slow machine).
 */
function makeGarbage(): () => void {
  let rows: Array<{ n: number; s: string }> | null = Array.from({ length: 2_000_000 }, (_, n) => ({ n, s: `row ${n}` }));
  return () => {
    rows = null;
  };
}

describe('collectGarbageWhenIdle', () => {
  it('collects the garbage of an idle thread', async () => {
    const drop = makeGarbage();
    const before = megabytes();
    drop();
    // The test runner's own messages at a test's start kept the loop busy over a fifth of the time.
    await sleep(200);
    collectGarbageWhenIdle(100);
    await sleep(400);
    expect(before - megabytes()).toBeGreaterThan(80);
  });

  it('leaves it while the thread is busy', async () => {
    const drop = makeGarbage();
    const before = megabytes();
    drop();
    await sleep(200);
    collectGarbageWhenIdle(100);
    // Busy through the whole wait, then past it with nothing allocated.
    const until = performance.now() + 150;
    while (performance.now() < until);
    await sleep(300);
    expect(before - megabytes()).toBeLessThan(80);
  });
});
