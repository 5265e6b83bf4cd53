import { realpathSync, statSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { BriefpackError, systemCause, type ErrorCode, type SourcePlace } from './errors.js';

/**
 * Reading the project's files, and only them. Content is untrusted and so is anything it can name: a
 * path is followed to its real location (every symbolic link on the way resolved) and refused unless
 * that lies inside the project's own real folder; a file with other hard links is refused too, since
 * it may be a file outside the project under a second name.
 */

export interface ProjectRead {
  /** The project folder. */
  root: string;
  /** What the file is, for messages: `image img/logo.png`, `theme`, `template partials/x.hbs`. */
  what: string;
  /** Where the reference to the file is (a brief's line), else the file itself is named. */
  place?: SourcePlace;
  code?: ErrorCode;
}

/** A path as messages show it: relative to the project. */
export const relativeToProject = (root: string, file: string): string => path.relative(root, file) || file;

/** Whether `file` is `root` or under it, by their paths as given (`..assets/` is under it, `../` is not). */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function refuse(read: ProjectRead, file: string, why: string): never {
  throw new BriefpackError(read.code ?? 'CONTENT', `${read.what} ${why}`, read.place ?? { file: relativeToProject(read.root, file) });
}

const hardLinked = (links: number) => `has ${links} hard links, so it may be a file outside the project under another name: copy it instead`;

/** The real location of a project path, refused when it leads outside the project. Undefined when it does not exist. */
export async function realProjectPath(file: string, read: ProjectRead): Promise<string | undefined> {
  const [realRoot, real] = await Promise.all([
    realpath(read.root),
    realpath(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : refuse(read, file, `cannot be read: ${systemCause(error)}`))),
  ]);
  if (real !== undefined && !isInside(realRoot, real)) refuse(read, file, `leads outside the project (to ${real}): briefpack reads only the project's own files`);
  return real;
}

/** The same check, synchronous: for the config file, read before anything else. */
export function realProjectPathSync(file: string, read: ProjectRead): string | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    refuse(read, file, `cannot be read: ${systemCause(error)}`);
  }
  if (!isInside(realpathSync(read.root), real)) refuse(read, file, `leads outside the project (to ${real}): briefpack reads only the project's own files`);
  const { nlink } = statSync(real);
  if (nlink > 1) refuse(read, file, hardLinked(nlink));
  return real;
}

/** A project file's bytes, read at its real location once that is checked. */
export async function readProjectFile(file: string, read: ProjectRead): Promise<Buffer> {
  return (await readProjectFileIfAny(file, read)) ?? refuse(read, file, 'cannot be read: there is no such file');
}

/** The same, but undefined for a file that is not there (an optional pack.yaml, a missing image). */
export async function readProjectFileIfAny(file: string, read: ProjectRead): Promise<Buffer | undefined> {
  const fail = (error: unknown) => refuse(read, file, `cannot be read: ${systemCause(error)}`);
  const real = await realProjectPath(file, read);
  if (real === undefined) return undefined;
  const info = await stat(real).catch(fail);
  if (!info.isFile()) refuse(read, file, 'is not a file');
  if (info.nlink > 1) refuse(read, file, hardLinked(info.nlink));
  return readFile(real).catch(fail);
}

/** The names in a project folder (checked to be inside the project), with whether each is a folder. */
export async function listProjectFolder(dir: string, read: ProjectRead): Promise<Array<{ name: string; folder: boolean }>> {
  const real = await realProjectPath(dir, read);
  if (real === undefined) refuse(read, dir, 'does not exist');
  const entries = await readdir(real, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => refuse(read, dir, `cannot be read: ${error.message}`));
  // A symbolic link is listed as what it leads to; reading it checks where that is.
  return Promise.all(
    entries.map(async (e) => ({ name: e.name, folder: e.isDirectory() || (e.isSymbolicLink() && (await stat(path.join(real, e.name)).then((s) => s.isDirectory(), () => false))) })),
  );
}
