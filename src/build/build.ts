import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { launchBrowser, type BrowserSession } from '../browser/browser.js';
import { findBrowser } from '../browser/find-browser.js';
import { projectPath, type BriefpackConfig, type FormatId } from '../config.js';
import { slugOf } from '../content/slug.js';
import { BriefpackError, type Diagnostic } from '../errors.js';
import { verifyOutput } from '../check/verify.js';
import { formatsFor } from '../formats/registry.js';
import { buildDate } from '../render/revision.js';
import { writeAllAtomic } from './write-atomic.js';
import { trace } from '../trace.js';

export interface BuildOptions {
  config: BriefpackConfig;
  /** Briefs to build; every `*.md` in the content folder when empty. */
  files?: string[];
  formats?: FormatId[];
  /** Output folder; the config's `out` when not given. */
  outDir?: string;
  browserPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Called as each output is written. */
  onOutput?: (output: BuiltOutput) => void;
  onDiagnostic?: (d: Diagnostic) => void;
}

export interface BuiltOutput {
  slug: string;
  format: FormatId;
  path: string;
  bytes: number;
  ms: number;
}

export interface BuildResult {
  outputs: BuiltOutput[];
  diagnostics: Diagnostic[];
  ok: boolean;
}

/** Resolves the briefs to build: the given files, or every `*.md` in the content folder, by name. */
export async function briefFiles(config: BriefpackConfig, files: readonly string[] = []): Promise<string[]> {
  if (files.length > 0) return files.map((f) => projectPath(config.root, f, 'brief'));
  const dir = projectPath(config.root, config.content, 'content');
  const names = await readdir(dir).catch((error: Error) => {
    throw new BriefpackError('CONFIG', `cannot read the content folder ${config.content}: ${error.message}`);
  });
  return names.filter((n) => n.endsWith('.md') && !n.startsWith('_') && n.toLowerCase() !== 'readme.md').sort().map((n) => path.join(dir, n));
}

/** Builds every requested output of every brief. One browser for the whole build, started early. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { config } = options;
  const selected = formatsFor(options.formats ?? config.formats);
  const outDir = path.resolve(config.root, options.outDir ?? config.out);
  const diagnostics: Diagnostic[] = [];
  const outputs: BuiltOutput[] = [];
  const report = (d: Diagnostic) => {
    diagnostics.push(d);
    options.onDiagnostic?.(d);
  };

  // Chromium takes the longest to start: launch it before anything else when a format needs it.
  let browserPromise: Promise<BrowserSession> | undefined;
  const browser = () => (browserPromise ??= findBrowser({ explicit: options.browserPath, env: options.env }).then(launchBrowser));
  if (selected.some((f) => f.needsBrowser)) browser().catch(() => {});
  const prepared = Promise.all(selected.map((f) => f.prepare?.()));

  try {
    const files = await briefFiles(config, options.files);
    // The Markdown and template machinery loads while Chromium starts.
    const { renderBrief, loadRenderAssets } = await import('./render-brief.js');
    const [assets, sources] = await Promise.all([
      loadRenderAssets(config),
      Promise.all(files.map((f) => readFile(f, 'utf8').catch((error: Error) => error))),
    ]);
    const builtOn = buildDate(options.env);
    trace('sources and templates loaded');
    await prepared;
    trace('formats prepared');

    // A few briefs at a time: each holds a browser page and its outputs in memory.
    const limit = pLimit(Math.max(2, os.availableParallelism()));
    await Promise.all(
      files.map((file, i) => limit(async () => {
        const shown = path.relative(config.root, file) || file;
        const source = sources[i]!;
        try {
          if (source instanceof Error) throw new BriefpackError('CONTENT', `cannot read: ${source.message}`, { file: shown });
          if (files.findIndex((f) => slugOf(f) === slugOf(file)) !== i) {
            throw new BriefpackError('CONTENT', `another brief is also named "${slugOf(file)}.md"; each needs its own output folder`, { file: shown });
          }
          const { doc, rendered, warnings, revision } = await renderBrief({ source, file, root: config.root, shown, assets, formats: selected, browser, builtOn, maxFactAgeMonths: config.maxFactAgeMonths });
          warnings.forEach(report);
          trace(`${doc.meta.slug} rendered`);
          // The check `briefpack check` makes, on the bytes about to be written: an output that
          // disagrees with its source (a template that drops the facts, say) replaces nothing.
          const problems = await Promise.all(
            rendered.map(async (r) => verifyOutput(doc, revision.id, await r.format.readBack(r.data)).map((p) => `${r.format.fileName}: ${p}`)),
          );
          if (problems.flat().length > 0) throw new BriefpackError('RENDER', `outputs disagree with the source, nothing written:\n  ${problems.flat().join('\n  ')}`, { file: shown });
          trace(`${doc.meta.slug} checked`);
          const dir = path.join(outDir, doc.meta.slug);
          const written = rendered.map((r) => ({ ...r, path: path.join(dir, r.format.fileName) }));
          // All of a brief's outputs or none: a failure above leaves the last good ones in place.
          await writeAllAtomic(written);
          for (const w of written) {
            const out: BuiltOutput = { slug: doc.meta.slug, format: w.format.id, path: w.path, bytes: w.data.byteLength, ms: w.ms };
            outputs.push(out);
            options.onOutput?.(out);
          }
        } catch (error) {
          // One brief's failure, even an unexpected one (a crashed page, a full disk), fails that brief only.
          const known = error instanceof BriefpackError;
          report({ severity: 'error', message: known ? error.message : `could not build: ${(error as Error).stack ?? error}`, place: (known && error.place) || { file: shown } });
        }
      })),
    );
  } catch (error) {
    if (!(error instanceof BriefpackError)) throw error;
    report({ severity: 'error', message: error.message, place: error.place ?? { file: 'briefpack' } });
  } finally {
    if (browserPromise) {
      const session = await browserPromise.catch(() => undefined);
      await session?.close();
      trace('browser closed');
    }
  }
  return { outputs, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error') };
}
