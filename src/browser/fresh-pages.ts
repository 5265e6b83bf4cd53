import { availableParallelism } from 'node:os';
import type { BrowserSession, PageOptions } from './browser.js';
import type { DocumentPage } from './document-page.js';

/**
 * Runs `task` for each of `count` pieces of a long document (its parts, its runs of slides), each on
 * a fresh page closed once done (a renderer that has laid out piece after piece holds memory for all
 * of them), as many at once as there are processors, four at most: each keeps one busy. Once a task
 * fails, no page takes another piece.
 */
export async function onFreshPages(session: BrowserSession, count: number, task: (k: number, page: DocumentPage) => Promise<void>, options: PageOptions = {}): Promise<void> {
  let next = 0;
  const work = async (): Promise<void> => {
    for (let k = next++; k < count; k = next++) {
      try {
        await session.withPage((page) => task(k, page), { ...options, close: true });
      } catch (error) {
        next = count;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), 4, count)) }, work));
}
