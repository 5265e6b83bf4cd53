import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { briefDefaults } from '../config.js';
import { parseBrief } from '../content/parse-brief.js';
import { BriefpackError } from '../errors.js';
import { pdfBrief } from '../formats/pdf-brief.js';
import { formatOfFile, formats } from '../formats/registry.js';
import { sha256Hex } from '../hash.js';
import type { BuiltBrief, BuiltFile } from '../pack/built-brief.js';
import { parseManifest, type Manifest } from '../pack/manifest.js';
import { renderPackOutputs, renderPackPdf } from '../pack/pack-outputs.js';
import { loadProject, readBriefSource, shownPath } from '../project/load-project.js';
import { loadRenderAssets } from '../render/assets.js';
import { buildDate } from '../render/revision.js';
import { version as packageVersion } from '../version.js';
import type { BuildOptions } from './build.js';
import { withBuildSession, type BuildResult } from './session.js';
import { removeStaleTempFiles } from './stale-files.js';
import { writeAllAtomic } from './write-atomic.js';

export interface MergeOptions extends Pick<BuildOptions, 'config' | 'outDir' | 'browserPath' | 'env' | 'onOutput' | 'onDiagnostic'> {
  /** Output folders of `briefpack build --shard K/N`, each with its manifest.json. */
  shardDirs: string[];
}

const formatOrder = (file: BuiltFile) => formats.indexOf(file.format as (typeof formats)[number]);

/**
 * `briefpack merge`: joins the shards of a pack into one output folder and makes the pack's own files
 * (pack.pdf, index.html, manifest.json, the zip) from them, exactly as a whole build would. Every
 * shard file is checked against its shard's manifest first.
 */
export async function merge(options: MergeOptions): Promise<BuildResult> {
  const outDir = path.resolve(options.config.root, options.outDir ?? options.config.out);
  return withBuildSession({ ...options, strict: options.config.strict }, async ({ report, wrote, browser }) => {
    await removeStaleTempFiles(outDir);
    const bySlug = new Map<string, { stamp: string; outputs: BuiltFile[] }>();
    for (const dir of options.shardDirs) {
      const shown = path.join(dir, 'manifest.json');
      const text = await readFile(shown, 'utf8').catch(() => {
        throw new BriefpackError('USAGE', `${shown} is missing: give folders made by \`briefpack build --shard K/N\``);
      });
      let manifest: Manifest;
      try {
        manifest = parseManifest(text);
      } catch (error) {
        throw new BriefpackError('USAGE', `${shown} is not a shard's manifest: ${(error as Error).message}`, { file: shown });
      }
      for (const file of manifest.files) {
        const data = new Uint8Array(await readFile(path.join(dir, file.path)));
        if (sha256Hex(data) !== file.sha256) throw new BriefpackError('CONTENT', `${path.join(dir, file.path)} is not the file its manifest lists (sha256 differs)`, { file: shown });
        const format = formatOfFile(path.basename(file.path));
        if (!format) throw new BriefpackError('CONTENT', `${file.path} is no output briefpack makes`, { file: shown });
        const slug = file.path.slice(0, file.path.indexOf('/'));
        const brief = bySlug.get(slug) ?? { stamp: file.revision, outputs: [] };
        if (brief.outputs.some((o) => o.format === format)) throw new BriefpackError('CONTENT', `${file.path} is in more than one shard`, { file: shown });
        brief.outputs.push({ format, data, sha256: file.sha256 });
        bySlug.set(slug, brief);
      }
    }
    // As in a whole build, pack.pdf collects the PDF briefs when the shards made them.
    const makePackPdf = [...bySlug.values()].some((b) => b.outputs.some((o) => o.format === pdfBrief));
    if (makePackPdf) browser().catch(() => {});
    const project = await loadProject(options.config);
    const { config, pack, entries } = project;
    const assets = await loadRenderAssets(project);
    const briefs: BuiltBrief[] = await Promise.all(
      entries.map(async (entry) => {
        const shown = shownPath(config, entry.file);
        const shard = bySlug.get(entry.slug);
        if (!shard) throw new BriefpackError('CONTENT', `no shard built ${entry.slug}; give every shard's folder`, { file: shown });
        const { doc } = parseBrief((await readBriefSource(config, entry.file)).text, shown, { defaults: briefDefaults(config) });
        return { entry, doc, stamp: shard.stamp, outputs: shard.outputs.sort((a, b) => formatOrder(a) - formatOrder(b)) };
      }),
    );
    const common = {
      pack,
      version: pack.version ?? packageVersion,
      assets,
      generator: `briefpack ${packageVersion}`,
      builtOn: buildDate(options.env),
      warn: (message: string) => report({ severity: 'warning', message, place: { file: pack.file ?? 'content' } }),
    };
    const packPdf = makePackPdf ? renderPackPdf({ ...common, briefs, browser }) : undefined;
    const packFiles = await renderPackOutputs({ ...common, briefs, packPdf });
    const written = [
      ...briefs.flatMap((b) => b.outputs.map((o) => ({ slug: b.entry.slug, path: path.join(outDir, b.entry.slug, o.format.fileName), data: o.data }))),
      ...packFiles.map((f) => ({ slug: '', path: path.join(outDir, f.path), data: f.data })),
    ];
    await writeAllAtomic(written);
    for (const w of written) wrote({ slug: w.slug, format: 'pack', path: w.path, bytes: w.data.byteLength, ms: 0 });
  });
}
