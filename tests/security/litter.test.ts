import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeStaleProfiles } from '../../src/browser/stale-profiles.js';
import { removeStaleTempFiles, tempPath } from '../../src/build/stale-files.js';
import { writeAllAtomic } from '../../src/build/write-atomic.js';
import { isOwnerGone, ownerTag } from '../../src/owner-tag.js';
import { iomSource, repoRoot, runCli, tempProject } from '../helpers.js';

const linux = process.platform === 'linux';
const ownerTagModule = fileURLToPath(new URL('../../src/owner-tag.ts', import.meta.url));
const browserModule = fileURLToPath(new URL('../../src/browser/browser.ts', import.meta.url));

/** Runs a module-loading script in a child (TypeScript through tsx) and returns it once it has exited. */
function runTs(script: string, env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The owner tag of a process that has exited (its real pid and start time), and its pid alone. */
let dead: { tag: string; pid: string };
let scratch: string;
const mkscratch = (name: string) => mkdtemp(path.join(scratch, `${name}-`));

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'briefpack-litter-'));
  const child = runTs(`const { ownerTag } = await import(${JSON.stringify(ownerTagModule)}); console.log(ownerTag());`);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  await once(child, 'exit');
  const tag = out.trim();
  dead = { tag, pid: tag.split('-')[0]! };
  // Were its pid taken again already, the cases below would prove nothing.
  expect(isAlive(Number(dead.pid))).toBe(false);
}, 30_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('owner tags', () => {
  it('should name this process by pid and, on Linux, start time', () => {
    expect(ownerTag()).toMatch(linux ? new RegExp(`^${process.pid}-\\d+$`) : new RegExp(`^${process.pid}$`));
    if (linux) expect(dead.tag).toMatch(/^\d+-\d+$/);
  });

  it('should call an owner gone only when it is known to have ended', () => {
    expect(isOwnerGone(ownerTag())).toBe(false);
    expect(isOwnerGone(String(process.pid))).toBe(false);
    expect(isOwnerGone(dead.tag)).toBe(true);
    expect(isOwnerGone(dead.pid)).toBe(true);
    // A live pid, but another process than the one that wrote the tag.
    if (linux) expect(isOwnerGone(`${process.pid}-1`)).toBe(true);
    // Not ours to judge: kept.
    for (const tag of ['', 'abc', '0', '0-5', '-1', `${dead.pid}-x`, '99999999999', `${dead.pid}-1-2`]) expect(isOwnerGone(tag), tag).toBe(false);
  });
});

describe('temporary files a killed build left', () => {
  it('should remove only those of ended builds, in the output folder and its direct subfolders', async () => {
    const out = await mkscratch('out');
    await mkdir(path.join(out, 'iom', 'deeper'), { recursive: true });
    await mkdir(path.join(out, `.folder.tmp-${dead.tag}`));
    const stale = [
      `.manifest.json.tmp-${dead.tag}`,
      `.pack.pdf.tmp-${dead.pid}`, // the name before tags had a start time
      `.iom-pack-1.0.0.zip.tmp-${dead.tag}`,
      `iom/.brief.pdf.tmp-${dead.tag}`,
      ...(linux ? [`.index.html.tmp-${process.pid}-1`] : []), // this pid, but another process
    ];
    const kept = [
      'manifest.json',
      `.index.html.tmp-${ownerTag()}`,
      `.brief.epub.tmp-${process.pid}`,
      `iom/.brief.pdf.tmp-${ownerTag()}`,
      `iom/deeper/.brief.pdf.tmp-${dead.tag}`, // deeper than writeAllAtomic writes
      `manifest.json.tmp-${dead.tag}`, // not hidden: not a name writeAllAtomic makes
      `.manifest.json.tmp-${dead.tag}.bak`,
      '.manifest.json.tmp-abc',
      '.manifest.json.tmp-',
      '.manifest.json.tmp-0',
      `.manifest.json.tmp-${dead.pid}-`,
    ];
    await Promise.all([...stale, ...kept].map((name) => writeFile(path.join(out, name), 'x')));

    expect(await removeStaleTempFiles(out)).toBe(stale.length);
    for (const name of stale) expect(existsSync(path.join(out, name)), name).toBe(false);
    for (const name of kept) expect(existsSync(path.join(out, name)), name).toBe(true);
    expect(existsSync(path.join(out, `.folder.tmp-${dead.tag}`))).toBe(true);
    expect(await removeStaleTempFiles(out)).toBe(0);
  });

  it('should follow no symlink, neither a file named like litter nor a folder holding some', async () => {
    const out = await mkscratch('out');
    const elsewhere = await mkscratch('elsewhere');
    await writeFile(path.join(elsewhere, 'precious.txt'), 'keep me');
    await writeFile(path.join(elsewhere, `.brief.pdf.tmp-${dead.tag}`), 'not under out/');
    await symlink(path.join(elsewhere, 'precious.txt'), path.join(out, `.manifest.json.tmp-${dead.tag}`));
    await symlink(elsewhere, path.join(out, 'linked'));

    await removeStaleTempFiles(out);
    expect(readFileSync(path.join(elsewhere, 'precious.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(path.join(elsewhere, `.brief.pdf.tmp-${dead.tag}`))).toBe(true);
  });

  it('should not fail on a folder that is missing, not a folder or unreadable', async () => {
    const out = await mkscratch('out');
    await expect(removeStaleTempFiles(path.join(out, 'missing'))).resolves.toBe(0);
    await writeFile(path.join(out, 'file'), 'x');
    await expect(removeStaleTempFiles(path.join(out, 'file'))).resolves.toBe(0);

    await mkdir(path.join(out, 'locked'));
    await writeFile(path.join(out, 'locked', `.brief.pdf.tmp-${dead.tag}`), 'x');
    await writeFile(path.join(out, `.manifest.json.tmp-${dead.tag}`), 'x');
    await chmod(path.join(out, 'locked'), 0);
    try {
      // Root reads it anyway, and cleans both.
      expect(await removeStaleTempFiles(out)).toBe(process.getuid?.() === 0 ? 2 : 1);
      expect(existsSync(path.join(out, `.manifest.json.tmp-${dead.tag}`))).toBe(false);
    } finally {
      await chmod(path.join(out, 'locked'), 0o755);
    }
  });

  it('should be what writeAllAtomic names its temporary files', async () => {
    const out = await mkscratch('out');
    const target = path.join(out, 'iom', 'brief.pdf');
    expect(path.relative(out, tempPath(target))).toBe(path.join('iom', `.brief.pdf.tmp-${ownerTag()}`));
    // A folder in the way of that exact name makes the write fail: writeAllAtomic does write there.
    await mkdir(path.join(tempPath(target), 'blocker'), { recursive: true });
    await expect(writeAllAtomic([{ path: target, data: new Uint8Array([1]) }])).rejects.toThrow();
    expect(existsSync(target)).toBe(false);

    await rm(tempPath(target), { recursive: true });
    await writeAllAtomic([{ path: target, data: new Uint8Array([1]) }]);
    expect(await readdir(path.dirname(target))).toEqual(['brief.pdf']);
  });
});

describe('Chromium profiles a killed build left', () => {
  it('should remove only those of ended builds, and untagged ones older than a day', async () => {
    const tmp = await mkscratch('tmp');
    const elsewhere = await mkscratch('elsewhere');
    await writeFile(path.join(elsewhere, 'precious.txt'), 'keep me');
    const stale = [
      `briefpack-chromium-${dead.tag}-aB3dE9`,
      `briefpack-chromium-${dead.pid}-123456`,
      'briefpack-chromium-Old123',
      ...(linux ? [`briefpack-chromium-${process.pid}-1-zzzzzz`] : []),
    ];
    const kept = [
      `briefpack-chromium-${ownerTag()}-aB3dE9`,
      `briefpack-chromium-${process.pid}-123456`,
      'briefpack-chromium-New123',
      `briefpack-chromium-${dead.tag}-toolong`,
      `briefpack-chromium-${dead.tag}-ab`,
      `briefpack-test-${dead.tag}-aB3dE9`,
    ];
    for (const name of [...stale, ...kept]) {
      await mkdir(path.join(tmp, name, 'Default'), { recursive: true });
      await writeFile(path.join(tmp, name, 'Default', 'Preferences'), '{}');
    }
    // Inside a stale profile, a link out of it: the link goes, not what it points at.
    await symlink(path.join(elsewhere, 'precious.txt'), path.join(tmp, stale[0]!, 'link'));
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(path.join(tmp, 'briefpack-chromium-Old123'), twoDaysAgo, twoDaysAgo);
    // Named like stale profiles, but a file and a link to a folder elsewhere.
    await writeFile(path.join(tmp, `briefpack-chromium-${dead.tag}-fileXX`), 'x');
    await symlink(elsewhere, path.join(tmp, `briefpack-chromium-${dead.tag}-linkXX`));

    expect(await removeStaleProfiles(tmp)).toBe(stale.length);
    for (const name of stale) expect(existsSync(path.join(tmp, name)), name).toBe(false);
    for (const name of kept) expect(existsSync(path.join(tmp, name)), name).toBe(true);
    expect(existsSync(path.join(tmp, `briefpack-chromium-${dead.tag}-fileXX`))).toBe(true);
    expect(readFileSync(path.join(elsewhere, 'precious.txt'), 'utf8')).toBe('keep me');
    await expect(removeStaleProfiles(path.join(tmp, 'missing'))).resolves.toBe(0);
  });

  it.runIf(linux)('should name a build\'s profile with its tag, leave it when killed, and have the next launch remove it', async () => {
    const tmp = await mkscratch('tmp');
    const { findBrowser } = await import('../../src/browser/find-browser.js');
    const executable = await findBrowser({});
    // A build that starts its browser, says which tag it has, then is killed before it can clean up.
    const child = runTs(
      `const { ownerTag } = await import(${JSON.stringify(ownerTagModule)}); const { launchBrowser } = await import(${JSON.stringify(browserModule)});` +
        ` await launchBrowser(${JSON.stringify(executable)}); console.log(ownerTag()); setInterval(() => {}, 1000);`,
      { TMPDIR: tmp },
    );
    const exited = once(child, 'exit');
    const profiles = () => readdir(tmp).then((names) => names.filter((n) => n.startsWith('briefpack-chromium-')));
    try {
      const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
      const killedTag = String(chunk).trim();
      expect(await profiles()).toEqual([expect.stringMatching(new RegExp(`^briefpack-chromium-${killedTag}-[A-Za-z0-9]{6}$`))]);
    } finally {
      // Killed here even when an expectation fails, so that no build is left running.
      child.kill('SIGKILL');
      await exited;
    }
    expect(await profiles()).toHaveLength(1);
    // The killed build's Chromium notices its end and exits on its own, a moment later on a busy
    // machine; a later build finds a profile no process writes to any more.
    const [left] = await profiles();
    const usingIt = async () => {
      const pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
      const lines = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')));
      return lines.some((line) => line.includes(left!));
    };
    for (const stop = Date.now() + 20_000; (await usingIt()) && Date.now() < stop; ) await new Promise((r) => setTimeout(r, 100));

    // The next build's launch sweeps it (in the background), and removes its own profile on close.
    const { launchBrowser } = await import('../../src/browser/browser.js');
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const session = await launchBrowser(executable);
      const mine = await profiles();
      await session.close();
      expect(mine.some((n) => n.startsWith(`briefpack-chromium-${ownerTag()}-`))).toBe(true);
      const deadline = Date.now() + 10_000;
      while ((await profiles()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await profiles()).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }, 60_000);
});

// Needs build.ts to call removeStaleTempFiles(outDir) at the start of a build; runs once it does.
const buildCleans = readFileSync(path.join(repoRoot, 'src/build/build.ts'), 'utf8').includes('removeStaleTempFiles');

describe('a build', () => {
  it.runIf(buildCleans)('should remove the temporary files a killed build left in its output folder', async () => {
    const project = await tempProject({ 'iom.md': await iomSource() });
    try {
      const dist = path.join(project, 'dist');
      await mkdir(path.join(dist, 'old'), { recursive: true });
      const litter = [`.manifest.json.tmp-${dead.tag}`, `old/.brief.pdf.tmp-${dead.tag}`];
      const mine = `.index.html.tmp-${ownerTag()}`; // this process is alive: a concurrent build
      await Promise.all([...litter, mine].map((name) => writeFile(path.join(dist, name), 'x')));

      // Cleaning comes first: whether the build then succeeds is other tests' business.
      const result = await runCli(['build', '--format', 'html'], project);
      for (const name of litter) expect(existsSync(path.join(dist, name)), `${name}\n${result.stderr}`).toBe(false);
      expect(existsSync(path.join(dist, mine)), result.stderr).toBe(true);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  }, 120_000);
});
