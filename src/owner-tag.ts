import { readFileSync } from 'node:fs';

/**
 * Which process made a temporary file or folder, written into its name so that a later build can
 * tell litter left by a killed build from the files of one still running: `<pid>-<start>`, where
 * start is the process's start time in clock ticks since boot (Linux, /proc), so that a pid reused
 * by another process later does not keep the litter alive; `<pid>` alone where /proc cannot say.
 */
// Process-wide cache: this process's tag, read from /proc once.
let tagCache: string | undefined;

export function ownerTag(): string {
  if (tagCache === undefined) {
    const start = startTime('self');
    tagCache = start === undefined ? String(process.pid) : `${process.pid}-${start}`;
  }
  return tagCache;
}

/** Matches an owner tag; exported so that the modules naming temporary files can parse them back. */
export const ownerTagPattern = /^([1-9]\d{0,9})(?:-(\d{1,20}))?$/;

/**
 * True only when the process that wrote `tag` is known to have ended: its pid is gone, or is now
 * another process (another start time). Anything else (a tag that does not parse, a pid that is
 * alive or not ours to signal, /proc unreadable) counts as alive: a file kept by mistake is litter,
 * one removed by mistake breaks a running build.
 */
export function isOwnerGone(tag: string): boolean {
  const match = ownerTagPattern.exec(tag);
  if (!match) return false;
  const pid = Number(match[1]);
  // kill(2) takes a signed 32-bit pid; a larger number is no pid we wrote.
  if (pid > 0x7fffffff) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, run by another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    return false;
  }
  const start = match[2];
  if (start === undefined) return false;
  const now = startTime(String(pid));
  return now !== undefined && now !== start;
}

/** Field 22 of /proc/<pid>/stat, counted after the command name (field 2), which may hold spaces and parentheses. */
function startTime(pid: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}
