import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { briefDefaults, type BriefpackConfig } from '../config.js';
import { BriefpackError, BriefpackErrors, describeError } from '../errors.js';
import { pdfBrief } from '../formats/pdf-brief.js';
import type { FormatId } from '../formats/registry.js';
import { sha256Hex } from '../hash.js';
import { shardOf, type BriefEntry, type Shard } from '../pack/briefs.js';
import { missingEditions } from '../pack/editions.js';
import { shardManifest } from '../pack/manifest.js';
import type { PackArchive } from '../pack/archive.js';
import type { BuiltBrief } from '../pack/built-brief.js';
import { loadProject, readBriefSource, shownPath, slugClash } from '../project/load-project.js';
import { buildDate } from '../render/revision.js';
import { version as packageVersion } from '../version.js';
import { trace } from '../trace.js';
import { startReadBackThread } from '../read-back/read-back-thread.js';
import { startParseThread } from './parse-thread.js';
import type { PreparedBrief } from './render-brief.js';
import { withBuildSession, type BuildResult, type SessionOptions } from './session.js';
import { removeStaleTempFiles } from './stale-files.js';
import { writeAllAtomic } from './write-atomic.js';

export type { BuildResult, BuiltOutput } from './session.js';

export interface BuildOptions extends SessionOptions {
  config: BriefpackConfig;
  /** Briefs to build, without the pack's own files; the whole pack when empty. */
  files?: string[];
  formats?: readonly FormatId[];
  /** Output folder; the config's `out` when not given. */
  outDir?: string;
  /** Build only this part of the pack's briefs, and a manifest of it for `briefpack merge`. */
  shard?: Shard;
}

/** Builds every requested output of every brief, then, for a whole pack, the pack's own files. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const outDir = path.resolve(options.config.root, options.outDir ?? options.config.out);
  const strict = options.strict ?? options.config.strict;
  return withBuildSession({ ...options, strict }, async ({ report, wrote, browser, failed }) => {
    startReadBackThread();
    startParseThread();
    // What killed builds left (temporary files of their outputs) goes first: a few folder listings.
    await removeStaleTempFiles(outDir);
    // Files named on the command line are built on their own; otherwise the build is the pack's.
    const project = await loadProject(options.config, options);
    const { config, pack, wholePack, formats: selected } = project;
    // pack.pdf collects the PDF briefs: made for a whole pack that makes them.
    const makePackPdf = wholePack && !options.shard && selected.includes(pdfBrief);
    // Chromium takes the longest to start: launched now when needed (the command line starts it sooner).
    if (selected.some((f) => f.needsBrowser) || makePackPdf) browser().catch(() => {});
    const formatsReady = Promise.all(selected.map((f) => f.prepare?.()));
    // Awaited below, once the briefs are in hand; a failure before then must not go unhandled.
    formatsReady.catch(() => {});

    let { entries } = project;
    if (options.shard) {
      const { index, count } = options.shard;
      entries = entries.filter((e) => shardOf(e.base, count) === index - 1);
    }
    // The Markdown and template machinery loads while Chromium starts.
    const [{ prepareBrief, renderFormats }, { loadRenderAssets }] = await Promise.all([import('./render-brief.js'), import('../render/assets.js')]);
    const [assets, sources] = await Promise.all([
      loadRenderAssets(project),
      Promise.all(entries.map((e) => readBriefSource(config, e.file).catch((error: Error) => error))),
    ]);
    const builtOn = buildDate(options.env);
    trace('sources and templates loaded');
    const fail = (error: unknown, shown: string) => {
      // One brief's failure, even an unexpected one (a crashed page, a full disk), fails that brief only.
      if (error instanceof BriefpackErrors) return error.diagnostics.forEach(report);
      const known = error instanceof BriefpackError;
      report({ severity: 'error', message: describeError(error, (file) => shownPath(config, file)), place: (known && error.place) || { file: shown } });
    };

    // Briefs are parsed one after another, each in a turn of its own so that the browser's messages
    // are answered in between, and each renders as soon as it is parsed: the first print starts while
    // the later briefs are parsed.
    const formatsLoaded = formatsReady.then(() => trace('formats prepared'));
    const prepared: Array<Promise<{ entry: BriefEntry; brief: PreparedBrief } | undefined>> = [];
    let parsed: Promise<unknown> = Promise.resolve();
    for (const [i, entry] of entries.entries()) {
      const shown = shownPath(config, entry.file);
      const source = sources[i]!;
      const brief = parsed.then(async () => {
        await new Promise(setImmediate);
        try {
          if (source instanceof BriefpackError) throw source;
          if (source instanceof Error) throw new BriefpackError('CONTENT', `cannot read: ${source.message}`, { file: shown });
          const clash = slugClash(config, entries, entry);
          if (clash) throw clash;
          const brief = await prepareBrief({ source: source.text, file: entry.file, root: config.root, shown, assets, builtOn, maxFactAgeMonths: config.maxFactAgeMonths, defaults: briefDefaults(config) });
          brief.warnings.unshift(...source.warnings);
          return { entry, brief };
        } catch (error) {
          fail(error, shown);
          return undefined;
        }
      });
      prepared.push(brief);
      parsed = brief;
    }

    const version = pack.version ?? packageVersion;
    const generator = `briefpack ${packageVersion}`;
    const packWarning = (message: string) => report({ severity: 'warning', message, place: { file: pack.file ?? 'content' } });
    // pack.pdf prints beside the briefs once all are parsed; a pack with a failed brief is not made at all.
    let packPdf: Promise<Uint8Array | undefined> | undefined;
    if (makePackPdf) {
      const { renderPackPdf } = await import('../pack/pack-outputs.js');
      packPdf = Promise.all(prepared).then((all) => {
        const briefs = all.flatMap((p) => (p ? [{ entry: p.entry, doc: p.brief.doc, stamp: p.brief.revision.stamp }] : []));
        if (failed() || briefs.length === 0) return undefined;
        return renderPackPdf({ pack, version, briefs, assets, generator, builtOn, browser, warn: packWarning });
      });
      // Its failure is reported where it is awaited.
      packPdf.catch(() => {});
    }

    const built: BuiltBrief[] = [];
    // A whole pack's zip takes each brief's outputs, in the briefs' order, as soon as they are made.
    let archive: PackArchive | undefined;
    let addToArchive = (_brief: BuiltBrief) => {};
    if (wholePack && !options.shard) {
      const { startPackArchive, briefArchiveFiles } = await import('../pack/pack-outputs.js');
      const started = (archive = startPackArchive({ pack, version, builtOn }));
      addToArchive = (brief) => started.add(briefArchiveFiles(brief));
    }
    const finished = inOrder<BuiltBrief>(prepared.length, (brief) => addToArchive(brief));
    // A few briefs at a time: each holds browser pages and its outputs in memory.
    const limit = pLimit(Math.max(4, 2 * os.availableParallelism()));
    await Promise.all([
      formatsLoaded,
      ...prepared.map((ready, i) =>
        limit(async () => {
          const [p] = await Promise.all([ready, formatsLoaded]);
          if (!p) return finished(i, null);
          const { entry, brief } = p;
          try {
            const rendered = await renderFormats(brief, { assets, formats: selected, browser, builtOn }).finally(() => brief.warnings.forEach(report));
            const { doc } = brief;
            trace(`${doc.meta.slug} rendered`);
            // The check `briefpack check` makes, on the bytes about to be written: an output that
            // disagrees with its source (a template that drops the facts, say) replaces nothing.
            const problems = rendered.flatMap((r) => r.problems.map((p) => `${r.format.fileName}: ${p}`));
            // In strict mode its warnings were reported as errors: nothing of the brief is written.
            if (strict && brief.warnings.length > 0) return finished(i, null);
            if (problems.length > 0) throw new BriefpackError('RENDER', `outputs disagree with the source, nothing written:\n  ${problems.join('\n  ')}`, { file: brief.shown });
            const dir = path.join(outDir, doc.meta.slug);
            const written = rendered.map((r) => ({ ...r, path: path.join(dir, r.format.fileName) }));
            // All of a brief's outputs or none: a failure above leaves the last good ones in place.
            await writeAllAtomic(written);
            for (const w of written) wrote({ slug: doc.meta.slug, format: w.format.id, path: w.path, bytes: w.data.byteLength, ms: w.ms });
            // Hashed now, while later briefs render, for the manifest made at the end.
            built[i] = { entry, doc, stamp: brief.revision.stamp, outputs: rendered.map((r) => ({ format: r.format, data: r.data, sha256: sha256Hex(r.data) })) };
            finished(i, built[i]!);
          } catch (error) {
            finished(i, null);
            fail(error, brief.shown);
          }
        }),
      ),
    ]);
    if (!wholePack) return;
    const briefs = built.filter((b): b is BuiltBrief => b !== undefined);
    // A brief with a failed file has its error already; its editions are not missing.
    const parsedBriefs = await Promise.all(prepared);
    const failedBases = new Set(entries.filter((_, i) => !built[i]).map((e) => e.base));
    missingEditions(parsedBriefs.flatMap((p) => (p && !failedBases.has(p.entry.base) ? [{ entry: p.entry, doc: p.brief.doc }] : [])), pack).forEach(packWarning);
    // A pack with a failed brief would be incomplete: its files stay as the last good build left them.
    if (failed()) return;
    const { renderPackOutputs } = await import('../pack/pack-outputs.js');
    const start = performance.now();
    const packFiles = options.shard
      ? [{ path: 'manifest.json', data: new TextEncoder().encode(shardManifest(pack, version, generator, briefs)) }]
      : await renderPackOutputs({ pack, version, briefs, assets, generator, builtOn, packPdf, archive, warn: packWarning });
    await writeAllAtomic(packFiles.map((f) => ({ path: path.join(outDir, f.path), data: f.data })));
    for (const f of packFiles) wrote({ slug: '', format: 'pack', path: path.join(outDir, f.path), bytes: f.data.byteLength, ms: performance.now() - start });
  });
}

/**
 * Hands on items finished in any order in their own order: item i goes to `take` once items 0..i-1
 * have (a failed one, null, is skipped).
 */
function inOrder<T>(count: number, take: (item: T) => void): (index: number, item: T | null) => void {
  const done: Array<T | null | undefined> = [];
  let next = 0;
  return (index, item) => {
    done[index] = item;
    while (next < count && done[next] !== undefined) {
      const ready = done[next++];
      if (ready) take(ready);
    }
  };
}
