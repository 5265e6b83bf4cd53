import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a set of files so that each either keeps its old content or gets its whole new one: all go
 * to temporary names first and are renamed only once every write succeeded.
 */
export async function writeAllAtomic(files: ReadonlyArray<{ path: string; data: Uint8Array }>): Promise<void> {
  const temps = files.map((f) => ({ ...f, temp: path.join(path.dirname(f.path), `.${path.basename(f.path)}.tmp-${process.pid}`) }));
  try {
    await Promise.all([...new Set(temps.map((f) => path.dirname(f.path)))].map((dir) => mkdir(dir, { recursive: true })));
    await Promise.all(temps.map((f) => writeFile(f.temp, f.data)));
    for (const f of temps) await rename(f.temp, f.path);
  } catch (error) {
    await Promise.all(temps.map((f) => rm(f.temp, { force: true })));
    throw error;
  }
}
