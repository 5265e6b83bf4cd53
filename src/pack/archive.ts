import { zipSync, type Zippable } from 'fflate';
import { zipTime } from '../zip-time.js';

/**
 * The pack as one zip: every file under one folder, entries sorted, times fixed to the build date,
 * so the same pack zips to the same bytes.
 */
export function zipPack(folder: string, files: ReadonlyArray<{ path: string; data: Uint8Array }>, date: Date): Uint8Array {
  const entries: Zippable = {};
  const mtime = zipTime(date);
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    // Already compressed formats gain nothing from deflate; level 6 is as small as 9 here, and far quicker.
    const stored = /\.(pdf|epub|zip|png|jpe?g|woff2)$/i.test(f.path);
    entries[`${folder}/${f.path}`] = [f.data, { mtime, level: stored ? 0 : 6 }];
  }
  return zipSync(entries);
}
