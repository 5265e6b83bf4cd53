import type { Dirent } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isOwnerGone, ownerTag } from '../owner-tag.js';

/**
 * Where `writeAllAtomic` writes `target` before renaming it into place: next to it, hidden, named
 * with this process's owner tag, so that `removeStaleTempFiles` knows whose it is.
 */
export function tempPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${ownerTag()}`);
}

/** `.<name>.tmp-<tag>`; the tag is checked by `isOwnerGone`, which refuses any it cannot parse. */
const tempName = /^\..+\.tmp-([^.]+)$/;

/**
 * Removes the temporary files `writeAllAtomic` left in `outDir` and its direct subfolders (one per
 * brief) when killed mid-write, those of builds that have ended only: a build writing into the same
 * folder at the same time keeps its own. Only regular files are removed and no symlink is followed;
 * a folder that cannot be read is skipped, so that cleaning never fails a build. Returns how many
 * were removed.
 */
export async function removeStaleTempFiles(outDir: string): Promise<number> {
  const entries = await list(outDir);
  const subfolders = entries.filter((e) => e.isDirectory()).map((e) => path.join(outDir, e.name));
  const all = [
    ...entries.map((e) => ({ dir: outDir, entry: e })),
    ...(await Promise.all(subfolders.map(async (dir) => (await list(dir)).map((entry) => ({ dir, entry }))))).flat(),
  ];
  const gone = new Map<string, boolean>();
  const isGone = (tag: string) => gone.get(tag) ?? gone.set(tag, isOwnerGone(tag)).get(tag)!;
  const removed = await Promise.all(
    all.map(async ({ dir, entry }) => {
      const tag = tempName.exec(entry.name)?.[1];
      if (!entry.isFile() || tag === undefined || !isGone(tag)) return false;
      return unlink(path.join(dir, entry.name)).then(() => true, () => false);
    }),
  );
  return removed.filter(Boolean).length;
}

// Dirents come from lstat: a symlink is neither a file nor a folder here, so it is never entered.
const list = (dir: string): Promise<Dirent[]> => readdir(dir, { withFileTypes: true }).catch(() => []);
