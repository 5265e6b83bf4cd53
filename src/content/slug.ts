import path from 'node:path';

/** A brief's slug: its file name without `.md` (`content/iom.md` -> `iom`), and so its output folder. */
export function slugOf(sourcePath: string): string {
  return path.basename(sourcePath).replace(/\.md$/i, '');
}
