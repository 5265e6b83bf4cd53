import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, '..');

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder holding one fresh build of content/ by the real CLI: `<dir>/<slug>/brief.pdf`... */
    packDir: string;
    /** What that build printed. */
    buildOutput: string;
  }
}

/** Builds the pack once for the whole suite, through the CLI as a user runs it. */
export default async function setup(project: TestProject) {
  // Every folder the tests make (and Chromium's profiles) goes in one scratch folder, removed at
  // the end: tests that fail halfway, or a run stopped, leave nothing else in the machine's /tmp.
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'briefpack-tests-'));
  process.env.TMPDIR = scratch;
  const packDir = await mkdtemp(path.join(scratch, 'briefpack-test-pack-'));
  const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/briefpack.js'), 'build', '--out', packDir], { cwd: repoRoot });
  project.provide('packDir', packDir);
  project.provide('buildOutput', stdout + stderr);
  return async () => {
    await rm(scratch, { recursive: true, force: true });
  };
}
