import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BrowserSession } from './browser/browser.js';
import type { BuiltOutput } from './build/session.js';
import { BriefpackError, describeError, exitCodes, formatDiagnostic, type Diagnostic } from './errors.js';
import { formatIds, type FormatId } from './formats/registry.js';
import { version } from './version.js';

const usage = `briefpack ${version}: one Markdown brief in, a whole briefing pack out.

Usage:
  briefpack build [files...] [--out dir] [--format ${formatIds.join(',')}] [--browser path] [--shard K/N] [--strict]
  briefpack check [dir] [--format ...]
  briefpack merge <shard dirs...> [--out dir] [--browser path]
  briefpack dev [--port N] [--format ...] [--browser path]
  briefpack new <name>
  briefpack --help | --version

build    Builds the pack: every brief in content/ (in pack.yaml's order) into <out>/<slug>/, then
         pack.pdf, index.html, manifest.json and <pack>-<version>.zip. Files given: only those briefs.
  --out, -o      output folder (default: the config's "out", dist)
  --format, -f   comma-separated outputs of each brief: ${formatIds.join(', ')} (default: all)
  --browser      Chromium or Chrome to print with (default: CHROME_PATH, then the usual places)
  --shard K/N    build the K-th of N stable parts of the briefs, and a manifest of them, for merge
  --strict       every warning is an error (a missing image, a stale fact...): for release builds
         Every output is read back and compared with its source before it is written.

merge    Joins the output folders of all shards into one, with the pack's own files, as one build would.

dev      Builds every brief and serves a live preview on http://127.0.0.1:<port>/ (default 4848;
         0 picks a free one): each brief's one-pager, deck, PDFs and EPUB pages, rebuilt and reloaded
         on every save of a brief, image, template, theme or the config; errors show on the page.
         Outputs stay in memory: \`briefpack build\` writes them. Ctrl+C stops it.

new      Writes content/<slug of name>.md, a brief to fill in: every front matter key explained, a
         fact, sample sections. Never over an existing file.

check    Reads every output in dir (default: the config's "out", dist) back and checks it against a
         fresh parse of its source: every fact value, every section heading, one revision stamp.

Configuration: briefpack.config.json in the current folder (see README).
Exit status: 0 built, 1 a brief or the setup has an error, 2 the command line is wrong.`;

/**
 * Chromium takes longest to start: a build or merge that may print starts it before loading the rest
 * of briefpack (its config and content machinery). Started for nothing (a pack.yaml asking only for
 * HTML), it is stopped with the build; not found, the error comes when something needs it.
 */
async function launchEarly(formats: FormatId[] | undefined, browserPath: string | undefined): Promise<{ launch?: Promise<BrowserSession> }> {
  const { formatsFor } = await import('./formats/registry.js');
  if (formats && !formatsFor(formats).some((f) => f.needsBrowser)) return {};
  const [{ findBrowser }, { launchBrowser }] = await Promise.all([import('./browser/find-browser.js'), import('./browser/browser.js')]);
  const launch = findBrowser({ explicit: browserPath }).then(launchBrowser);
  launch.catch(() => {});
  return { launch };
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function parseFormats(value: string | undefined): FormatId[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !(formatIds as readonly string[]).includes(id));
  if (unknown.length > 0 || ids.length === 0) {
    throw new BriefpackError('USAGE', `unknown format "${unknown.join(',') || value}"; choose from ${formatIds.join(', ')}`);
  }
  return ids as FormatId[];
}

/** `briefpack dev`: runs until Ctrl+C (or SIGTERM), then stops its browser and server. */
async function dev(values: { port?: string; browser?: string; format?: string }, files: string[], io: { out: NodeJS.WritableStream; cwd: string }): Promise<number> {
  if (files.length > 0) throw new BriefpackError('USAGE', 'dev previews the whole content folder: give no files');
  const port = Number(values.port ?? 4848);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BriefpackError('USAGE', `--port takes a port number (0 for any free one); got "${values.port}"`);
  const { startDev } = await import('./dev/dev.js');
  const session = await startDev({ root: io.cwd, port, formats: parseFormats(values.format), browserPath: values.browser, log: (line) => io.out.write(`${line}\n`) });
  io.out.write(`briefpack dev: previewing on ${session.url} (Ctrl+C stops)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await session.close();
  return 0;
}

export async function main(argv: string[], io = { out: process.stdout, err: process.stderr, cwd: process.cwd() }): Promise<number> {
  const print = (line: string) => io.out.write(`${line}\n`);
  const printDiagnostic = (d: Diagnostic) => io.err.write(`${formatDiagnostic(d)}\n`);
  let browserLaunch: Promise<BrowserSession> | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        browser: { type: 'string' },
        shard: { type: 'string' },
        strict: { type: 'boolean' },
        port: { type: 'string', short: 'p' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
    if (values.version) return print(version), 0;
    const [command, ...files] = positionals;
    if (values.help || !command) return print(usage), values.help ? 0 : exitCodes.USAGE;
    if (!['build', 'check', 'merge', 'dev', 'new'].includes(command)) throw new BriefpackError('USAGE', `unknown command "${command}"; try \`briefpack build\``);
    if (command === 'dev') return await dev(values, files, io);

    if (command === 'new') {
      const [{ loadConfig }, { writeNewBrief }] = await Promise.all([import('./config.js'), import('./project/new-brief.js')]);
      // `new Göç Raporu`, unquoted, is one name too.
      const file = await writeNewBrief(files.join(' '), loadConfig(io.cwd), new Date());
      return print(`wrote ${path.relative(io.cwd, file)}: fill it in while \`briefpack dev\` shows it live, then \`briefpack build\``), 0;
    }
    const formats = parseFormats(values.format);
    // What takes longest to start goes first: Chromium for a build, the PDF reader's thread for a check.
    if (command === 'check') (await import('./read-back/read-back-thread.js')).startReadBackThread();
    else browserLaunch = (await launchEarly(formats, values.browser)).launch;
    const { loadConfig } = await import('./config.js');
    const config = loadConfig(io.cwd, values.strict ? { strict: true } : {});
    if (command === 'check') {
      if (files.length > 1) throw new BriefpackError('USAGE', 'check takes one folder');
      const { checkPack, formatCheckTable } = await import('./check/check.js');
      const started = performance.now();
      const rows = await checkPack({ config, outDir: files[0] ?? values.out, formats });
      const drifted = rows.filter((r) => r.problems.length > 0);
      print(formatCheckTable(rows));
      const summary = `${rows.length - drifted.length} of ${rows.length} outputs agree with their sources (${Math.round(performance.now() - started)} ms)`;
      (drifted.length ? io.err : io.out).write(`${drifted.length ? 'check failed: ' : ''}${summary}\n`);
      return drifted.length ? exitCodes.CONTENT : 0;
    }
    const shard = values.shard === undefined ? undefined : (await import('./pack/briefs.js')).parseShard(values.shard);
    if (shard && files.length > 0) throw new BriefpackError('USAGE', '--shard splits the whole pack: give no files with it');
    if (command === 'merge' && files.length === 0) throw new BriefpackError('USAGE', 'merge takes the output folders of the shards');
    const started = performance.now();
    const common = {
      config,
      outDir: values.out,
      browserPath: values.browser,
      browserLaunch,
      onOutput: (o: BuiltOutput) => print(`  ${path.relative(io.cwd, o.path).padEnd(28)} ${kB(o.bytes).padStart(9)} ${`${Math.round(o.ms)} ms`.padStart(8)}`),
      onDiagnostic: printDiagnostic,
    };
    const result =
      command === 'merge'
        ? await (await import('./build/merge.js')).merge({ ...common, shardDirs: files })
        : await (await import('./build/build.js')).build({ ...common, files, formats, shard });
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.length - errors;
    const summary = `${result.outputs.length} output${result.outputs.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms`;
    (errors ? io.err : io.out).write(`${errors ? `build failed: ${errors} error${errors === 1 ? '' : 's'}, ` : ''}${summary}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}\n`);
    return result.ok ? 0 : exitCodes.CONTENT;
  } catch (error) {
    if (error instanceof BriefpackError) {
      printDiagnostic({ severity: 'error', message: error.message, place: error.place ?? { file: 'briefpack' } });
      return exitCodes[error.code];
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err.write(`briefpack: ${error.message}\n\n${usage}\n`);
      return exitCodes.USAGE;
    }
    printDiagnostic({ severity: 'error', message: describeError(error), place: { file: 'briefpack' } });
    return exitCodes.RENDER;
  } finally {
    // A build's session stops the browser it was given; one that failed before its session began
    // (a config error, say) leaves that to here. Stopping twice is harmless.
    await browserLaunch?.then((b) => b.close(), () => {});
  }
}
