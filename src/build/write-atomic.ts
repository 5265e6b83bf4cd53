import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempPath } from './stale-files.js';

/**
 * Writes a set of files so that each either keeps its old content or gets its whole new one: all go
 * to temporary names first and are renamed only once every write succeeded. The temporary names
 * carry this process's owner tag, so that a later build can remove those a killed one left.
 */
export async function writeAllAtomic(files: ReadonlyArray<{ path: string; data: Uint8Array }>): Promise<void> {
  const temps = files.map((f) => ({ ...f, temp: tempPath(f.path) }));
  try {
    await Promise.all([...new Set(temps.map((f) => path.dirname(f.path)))].map((dir) => mkdir(dir, { recursive: true })));
    // Every write ends before any clean-up, so none can make a temporary file after it is removed.
    const writes = await Promise.allSettled(temps.map((f) => writeFile(f.temp, f.data)));
    const failed = writes.find((w) => w.status === 'rejected');
    if (failed) throw failed.reason;
    for (const f of temps) await rename(f.temp, f.path);
  } catch (error) {
    // The first failure is what the user needs to hear of; a clean-up that fails too says nothing new.
    await Promise.all(temps.map((f) => rm(f.temp, { force: true }).catch(() => {})));
    throw error;
  }
}
