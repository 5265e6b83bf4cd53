import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { briefFiles } from '../build/build.js';
import type { BriefpackConfig, FormatId } from '../config.js';
import { projectPath } from '../config.js';
import { parseBrief } from '../content/parse-brief.js';
import { BriefpackError } from '../errors.js';
import { formatsFor } from '../formats/registry.js';
import { revisionOf } from '../render/revision.js';
import { loadTemplateSet } from '../render/templates.js';
import { version } from '../version.js';
import { verifyOutput } from './verify.js';

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
  files?: string[];
  formats?: FormatId[];
}

/**
 * `briefpack check`: reads every output in the output folder back (PDF text with pdf.js, HTML and EPUB
 * by parsing) and compares it with a fresh parse of its source. No browser.
 */
export async function checkPack(options: CheckOptions): Promise<CheckRow[]> {
  const { config } = options;
  const outDir = path.resolve(config.root, options.outDir ?? config.out);
  const formats = formatsFor(options.formats ?? config.formats);
  const [files, templates] = await Promise.all([
    briefFiles(config, options.files),
    loadTemplateSet({
      overlayDir: config.templates ? projectPath(config.root, config.templates, 'templates') : null,
      themeFile: config.theme ? projectPath(config.root, config.theme, 'theme') : null,
    }),
  ]);
  const rows = await Promise.all(
    files.map(async (file) => {
      const shown = path.relative(config.root, file);
      const source = await readFile(file, 'utf8');
      let doc;
      try {
        doc = parseBrief(source, shown).doc;
      } catch (error) {
        if (!(error instanceof BriefpackError)) throw error;
        return formats.map((f) => ({ brief: shown, output: f.fileName, problems: [`the source does not build: ${error.message}`] }));
      }
      const expected = revisionOf({ source, templatesFingerprint: templates.fingerprint, version, builtOn: new Date() }).id;
      const read = await Promise.all(
        formats.map(async (format) => {
          const output = path.join(outDir, doc.meta.slug, format.fileName);
          const row: CheckRow = { brief: shown, output: path.relative(config.root, output), problems: [] };
          const data = await readFile(output).catch(() => undefined);
          if (!data) return { row: { ...row, problems: ['missing: run `briefpack build`'] }, stamp: null };
          try {
            const text = await format.readBack(new Uint8Array(data));
            return { row: { ...row, problems: verifyOutput(doc, expected, text) }, stamp: text.revision };
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
  return rows.flat();
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
