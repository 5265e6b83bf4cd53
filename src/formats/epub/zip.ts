import { zipSync, type Zippable } from 'fflate';
import { zipTime } from '../../zip-time.js';

export interface BookFile {
  /** Path inside the container, `/`-separated. */
  path: string;
  data: string | Uint8Array;
}

// Already compressed: deflating them again only costs time.
const stored = /\.(woff2?|png|jpe?g|gif)$/;

/**
 * The OCF container: `mimetype` first, stored and without extra field as the spec requires, then the
 * files in the order given, every entry dated `date`.
 */
export function zipBook(files: readonly BookFile[], date: Date): Uint8Array {
  const mtime = zipTime(date);
  const encode = (data: string | Uint8Array) => (typeof data === 'string' ? new TextEncoder().encode(data) : data);
  const entries: Zippable = { mimetype: [encode('application/epub+zip'), { level: 0, mtime }] };
  for (const file of files) {
    entries[file.path] = [encode(file.data), { level: stored.test(file.path) ? 0 : 6, mtime }];
  }
  return zipSync(entries);
}
