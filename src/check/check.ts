import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { briefDefaults, type BriefpackConfig } from '../config.js';
import { parseBrief } from '../content/parse-brief.js';
import { BriefpackError } from '../errors.js';
import type { FormatId } from '../formats/registry.js';
import { sha256Hex } from '../hash.js';
import type { PackDefinition } from '../pack/definition.js';
import { editionProblems, missingEditions, type EditionOf } from '../pack/editions.js';
import { parseManifest, type Manifest } from '../pack/manifest.js';
import { loadProject, readBriefSource } from '../project/load-project.js';
import { startReadBackThread } from '../read-back/read-back-thread.js';
import { revisionOf } from '../render/revision.js';
import { loadTemplateSet } from '../render/templates.js';
import { version } from '../version.js';
import { verifyFormat } from './verify-format.js';

/** One output of one brief, and what it fails to say; `problems` empty means it agrees with its source. */
export interface CheckRow {
  brief: string;
  output: string;
  problems: string[];
}

export interface CheckOptions {
  config: BriefpackConfig;
  /** The folder holding the outputs; the config's `out` when not given. */
  outDir?: string;
  files?: readonly string[];
  formats?: readonly FormatId[];
}

/**
 * `briefpack check`: reads every output in the output folder back (PDF text with PDFium, HTML and EPUB
 * by parsing) and compares it with a fresh parse of its source. No browser.
 */
export async function checkPack(options: CheckOptions): Promise<CheckRow[]> {
  startReadBackThread();
  const { config, pack, wholePack, entries, formats, ...project } = await loadProject(options.config, options);
  const outDir = path.resolve(config.root, options.outDir ?? config.out);
  const templates = await loadTemplateSet(project.templates);
  const parsed: EditionOf[] = [];
  const rows = await Promise.all(
    entries.map(async (entry) => {
      const shown = path.relative(config.root, entry.file);
      let doc;
      let source: string;
      try {
        source = (await readBriefSource(config, entry.file)).text;
        doc = parseBrief(source, shown, { defaults: briefDefaults(config) }).doc;
      } catch (error) {
        if (!(error instanceof BriefpackError)) throw error;
        return formats.map((f) => ({ brief: shown, output: f.fileName, problems: [`the source does not build: ${error.message}`] }));
      }
      parsed.push({ entry, doc });
      const expected = revisionOf({ source, templatesFingerprint: templates.fingerprint, version, builtOn: new Date() }).id;
      const read = await Promise.all(
        formats.map(async (format) => {
          const output = path.join(outDir, doc.meta.slug, format.fileName);
          const row: CheckRow = { brief: shown, output: path.relative(config.root, output), problems: [] };
          const data = await readFile(output).catch(() => undefined);
          if (!data) return { row: { ...row, problems: ['missing: run `briefpack build`'] }, stamp: null };
          try {
            // PDFs on the read-back thread, the rest here meanwhile.
            const { problems, revision } = await verifyFormat(format, new Uint8Array(data), doc, expected, (kind) => kind === 'pdf');
            return { row: { ...row, problems }, stamp: revision };
          } catch (error) {
            return { row: { ...row, problems: [`cannot be read: ${(error as Error).message}`] }, stamp: null };
          }
        }),
      );
      // One build stamps all of a brief's outputs alike: outputs of different builds are drift too.
      const first = read.find((r) => r.stamp);
      for (const r of read) {
        if (first && r.stamp && r.stamp !== first.stamp) r.row.problems.push(`revision ${r.stamp} differs from ${first.row.output}'s ${first.stamp}`);
      }
      return read.map((r) => r.row);
    }),
  );
  return [...rows.flat(), ...editionRows(parsed, pack, wholePack), ...(wholePack ? await manifestRows(outDir, config.root) : [])];
}

/** Each language edition against its brief's main file, and the editions pack.yaml asks for. */
function editionRows(parsed: readonly EditionOf[], pack: PackDefinition, wholePack: boolean): CheckRow[] {
  const rows: CheckRow[] = [];
  for (const edition of parsed.filter((p) => p.entry.edition)) {
    const main = parsed.find((p) => p.entry.base === edition.entry.base && !p.entry.edition);
    if (!main) continue;
    rows.push({ brief: edition.doc.sourcePath, output: `${edition.doc.sourcePath} ~ ${main.doc.sourcePath}`, problems: editionProblems(main.doc, edition.doc) });
  }
  const missing = wholePack ? missingEditions(parsed, pack) : [];
  if (pack.editions.length > 0 && wholePack) rows.push({ brief: pack.file ?? 'content', output: `editions ${pack.editions.join(', ')}`, problems: missing });
  return rows;
}

/** Every file manifest.json lists is there, with the bytes it lists. */
async function manifestRows(outDir: string, root: string): Promise<CheckRow[]> {
  const file = path.join(outDir, 'manifest.json');
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return [];
  let manifest: Manifest;
  try {
    manifest = parseManifest(text);
  } catch (error) {
    return [{ brief: 'pack', output: path.relative(root, file), problems: [`cannot be read: ${(error as Error).message}`] }];
  }
  const problems = (
    await Promise.all(
      manifest.files.map(async (f) => {
        const data = await readFile(path.join(outDir, f.path)).catch(() => null);
        if (!data) return `${f.path} is missing`;
        return sha256Hex(data) === f.sha256 ? null : `${f.path} is not the file it lists (sha256 differs)`;
      }),
    )
  ).filter((p): p is string => p !== null);
  return [{ brief: 'pack', output: path.relative(root, file), problems }];
}

/** The check as a table: a line per output, `ok` or what is wrong with it. */
export function formatCheckTable(rows: readonly CheckRow[]): string {
  const width = Math.max(6, ...rows.map((r) => r.output.length));
  const lines = rows.flatMap((r) =>
    r.problems.length === 0
      ? [`${r.output.padEnd(width)}  ok`]
      : r.problems.map((p, i) => `${(i === 0 ? r.output : '').padEnd(width)}  ${p}`),
  );
  return [`${'output'.padEnd(width)}  result`, ...lines].join('\n');
}
