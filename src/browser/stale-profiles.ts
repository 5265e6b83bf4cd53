import { lstat, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isOwnerGone, ownerTag } from '../owner-tag.js';

/** What `mkdtemp` is given for Chromium's profile: it appends six random characters. */
export const profilePrefix = (): string => `briefpack-chromium-${ownerTag()}-`;

const tagged = /^briefpack-chromium-(\d+(?:-\d+)?)-[A-Za-z0-9]{6}$/;
// Made before profiles were tagged: whose they are is unknown, so only their age says they are stale.
const untagged = /^briefpack-chromium-[A-Za-z0-9]{6}$/;
const untaggedMaxAgeMs = 24 * 60 * 60 * 1000;

/**
 * Removes the Chromium profiles (about 2 MB each) that builds killed before they could clean up
 * left in `tmpDir`: tagged ones whose process has ended, untagged ones older than a day. A profile
 * of a build still running stays. Only real folders are removed (a symlink is neither entered nor
 * followed, and `rm` removes links inside a profile, not what they point at); errors are ignored.
 * Returns how many were removed.
 */
export async function removeStaleProfiles(tmpDir: string = os.tmpdir()): Promise<number> {
  const entries = await readdir(tmpDir, { withFileTypes: true }).catch(() => []);
  const removed = await Promise.all(
    entries.map(async (entry) => {
      if (!entry.isDirectory()) return false;
      const dir = path.join(tmpDir, entry.name);
      const tag = tagged.exec(entry.name)?.[1];
      const stale = tag !== undefined ? isOwnerGone(tag) : untagged.test(entry.name) && (await isOlderThan(dir, untaggedMaxAgeMs));
      if (!stale) return false;
      return rm(dir, { recursive: true, force: true, maxRetries: 3 }).then(() => true, () => false);
    }),
  );
  return removed.filter(Boolean).length;
}

const isOlderThan = (file: string, ms: number) => lstat(file).then((s) => Date.now() - s.mtimeMs > ms, () => false);
