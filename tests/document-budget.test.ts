import { describe, expect, it } from 'vitest';
import { DocumentBudget } from '../src/browser/document-budget.js';

/** Whether a promise has settled by the time pending microtasks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

// Issue 12, item 8: a 5 MB brief's PDF, pack.pdf and deck held at once took Chromium past 4 GB; the
// browser's pages hold no more than a budget of HTML at once (src/browser/document-budget.ts).
describe('the budget of documents the browser holds at once', () => {
  it('should let documents in while they fit, and the next one when one is given back', async () => {
    const budget = new DocumentBudget(10);
    await budget.take(6);
    const second = budget.take(6);
    expect(await settled(second)).toBe(false);
    budget.give(6);
    expect(await settled(second)).toBe(true);
  });

  it('should let a document larger than the whole budget in alone, never for ever wait', async () => {
    const budget = new DocumentBudget(10);
    await budget.take(25);
    const small = budget.take(1);
    expect(await settled(small)).toBe(false);
    budget.give(25);
    expect(await settled(small)).toBe(true);
  });

  it('should let a small document past a large one that waits', async () => {
    const budget = new DocumentBudget(10);
    await budget.take(6);
    const large = budget.take(8);
    const small = budget.take(2);
    expect([await settled(large), await settled(small)]).toEqual([false, true]);
    budget.give(6);
    expect(await settled(large)).toBe(true);
  });
});
