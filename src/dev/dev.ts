import chokidar from 'chokidar';
import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../errors.js';
import type { FormatId } from '../formats/registry.js';
import { createDevBuilder, type DevBuilder } from './dev-builder.js';
import { startPreviewServer } from './preview-server.js';

export interface DevOptions {
  root: string;
  /** 0 picks a free port. */
  port: number;
  /** Outputs to make: pack.yaml's, else the config's, when not given. */
  formats?: readonly FormatId[];
  browserPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the terminal's lines go: each build's outputs and times, and every problem. */
  log?: (line: string) => void;
}

export interface DevSession {
  url: string;
  builder: DevBuilder;
  /** Resolves once every brief has been built (or failed) for the first time. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * `briefpack dev`: builds every brief, serves the outputs for preview, and rebuilds what a save
 * touches while the pages reload. The files it watches are the builder's to say (they move with the
 * config); a burst of saves (an editor writing a file twice, a `git checkout`) is one rebuild.
 */
export async function startDev(options: DevOptions): Promise<DevSession> {
  const log = options.log ?? (() => {});
  const relative = (file: string) => path.relative(options.root, file) || file;
  let server: Awaited<ReturnType<typeof startPreviewServer>> | undefined;
  let projectProblemsShown = '';
  const builder = createDevBuilder({
    root: options.root,
    formats: options.formats,
    browserPath: options.browserPath,
    env: options.env,
    onChange: (state) => {
      server?.publish(state);
      const problems = state.projectProblems.map(formatDiagnostic).join('\n');
      if (problems !== projectProblemsShown && problems) log(problems);
      projectProblemsShown = problems;
    },
    onBuilt: (brief, times) => {
      const made = times.map((t) => `${t.fileName} ${Math.round(t.ms)} ms`).join(', ');
      log(`${brief.shown}: ${made || 'not built'}`);
      brief.problems.forEach((d: Diagnostic) => log(`  ${formatDiagnostic(d)}`));
    },
  });
  server = await startPreviewServer({ port: options.port, state: builder.state });

  const watcher = chokidar.watch(builder.watchedPaths(), { ignoreInitial: true });
  const saved = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const onSaved = (_event: string, file: string) => {
    saved.add(path.resolve(file));
    // Events a few milliseconds apart are one save (an editor's write and rename, a checkout).
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...saved];
      saved.clear();
      log(`changed: ${files.map(relative).join(', ')}`);
      const since = Date.now();
      void builder.filesChanged(files).then(() => watchNewPaths({ reportSince: since }));
    }, 5);
  };
  watcher.on('all', onSaved);
  // Paths the config names (a templates folder, a theme) are watched once it is read. Named anew by a
  // saved config, each reports what it holds that changed since that rebuild began: a file written
  // between the rebuild and the start of its watch went unseen, and the preview kept the old template
  // (a test waited a minute for it, under load); what was there before, the rebuild read. The first
  // build's are not reported: it has just read them.
  const later: Array<ReturnType<typeof chokidar.watch>> = [];
  let watched = new Set(builder.watchedPaths());
  let closed = false;
  const watchNewPaths = ({ reportSince }: { reportSince?: number }) => {
    // A build that ends after the session closed starts no watch (it would keep the process alive).
    if (closed) return;
    const now = builder.watchedPaths().filter((p) => !watched.has(p));
    if (now.length) {
      const watch = chokidar.watch(now, { ignoreInitial: reportSince === undefined, alwaysStat: true });
      watch.on('all', (event, file, stats) => {
        if ((event === 'add' || event === 'addDir') && stats && reportSince !== undefined && stats.mtimeMs < reportSince) return;
        onSaved(event, file);
      });
      later.push(watch);
    }
    watched = new Set([...watched, ...now]);
  };
  const ready = builder.start().then(() => watchNewPaths({}));
  await new Promise<void>((resolve) => watcher.once('ready', resolve));

  return {
    url: server.url,
    builder,
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      await Promise.all([watcher, ...later].map((w) => w.close()));
      await server?.close();
      await builder.close();
    },
  };
}
