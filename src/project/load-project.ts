import path from 'node:path';
import { projectPath, type BriefpackConfig } from '../config.js';
import { BriefpackError } from '../errors.js';
import { decodeSource, type DecodedSource } from '../decode-source.js';
import { listProjectFolder, readProjectFile, relativeToProject } from '../project-fs.js';
import type { Format } from '../formats/format.js';
import { formatsFor, type FormatId } from '../formats/registry.js';
import { briefEntry, orderBriefs, type BriefEntry } from '../pack/briefs.js';
import { loadPackDefinition, type PackDefinition } from '../pack/definition.js';
import type { TemplateSources } from '../render/templates.js';

export interface ProjectOptions {
  /** Briefs named on the command line: those alone, without the pack's own files. The whole pack when empty. */
  files?: readonly string[];
  /** Outputs asked for on the command line; else pack.yaml's, else the config's. */
  formats?: readonly FormatId[];
}

/** What build, check and merge work on: the config, pack.yaml, the briefs in pack order, the formats. */
export interface Project {
  /** The config, with pack.yaml's theme in place of its own where pack.yaml names one. */
  config: BriefpackConfig;
  pack: PackDefinition;
  /** No files named: the whole pack, whose own files (pack.pdf, index.html...) are made and checked too. */
  wholePack: boolean;
  /** The pack's briefs in its order, each main file followed by its editions; or the files named. */
  entries: BriefEntry[];
  formats: Format<FormatId>[];
  /** The project's templates folder and theme, inside the project. */
  templates: TemplateSources;
}

/** Loads a project as every command sees it. Reads pack.yaml and the content folder's listing. */
export async function loadProject(baseConfig: BriefpackConfig, options: ProjectOptions = {}): Promise<Project> {
  const pack = await loadPackDefinition(baseConfig);
  const config = pack.theme ? { ...baseConfig, theme: pack.theme } : baseConfig;
  const wholePack = !options.files?.length;
  const files = await briefFiles(config, options.files);
  return {
    config,
    pack,
    wholePack,
    entries: wholePack ? orderBriefs(files, pack) : files.map(briefEntry),
    formats: formatsFor(options.formats ?? pack.formats ?? config.formats),
    templates: {
      root: config.root,
      overlayDir: config.templates ? projectPath(config.root, config.templates, 'templates') : null,
      themeFile: config.theme ? projectPath(config.root, config.theme, 'theme') : null,
    },
  };
}

/** The briefs: the given files, or every `*.md` in the content folder by name (not `_drafts.md`, not a README). */
export async function briefFiles(config: BriefpackConfig, files: readonly string[] = []): Promise<string[]> {
  if (files.length > 0) return files.map((f) => projectPath(config.root, f, 'brief'));
  const dir = projectPath(config.root, config.content, 'content');
  const entries = await listProjectFolder(dir, { root: config.root, what: `the content folder ${config.content}`, code: 'CONFIG' });
  const names = entries.filter((e) => !e.folder).map((e) => e.name);
  return names.filter((n) => n.endsWith('.md') && !n.startsWith('_') && n.toLowerCase() !== 'readme.md').sort().map((n) => path.join(dir, n));
}

/**
 * The error of a brief whose output folder an earlier brief already makes (`İç_Göç.md` and
 * `ic-goc.md` both make `ic-goc`); none for the first of them.
 */
export function slugClash(config: BriefpackConfig, entries: readonly BriefEntry[], entry: BriefEntry): BriefpackError | undefined {
  const first = entries.find((e) => e.slug === entry.slug)!;
  if (first === entry) return undefined;
  const shown = shownPath(config, entry.file);
  return new BriefpackError('CONTENT', `${shown} and ${shownPath(config, first.file)} both make the output folder "${entry.slug}": rename one of them`, { file: shown });
}

/** A project file as messages show it: relative to the project. */
export const shownPath = (config: BriefpackConfig, file: string): string => relativeToProject(config.root, file);

/** A brief's text, read from inside the project only and decoded strictly (see `decodeSource`), with what decoding warns of. */
export async function readBriefSource(config: BriefpackConfig, file: string): Promise<DecodedSource> {
  const shown = shownPath(config, file);
  return decodeSource(await readProjectFile(file, { root: config.root, what: 'brief', place: { file: shown } }), shown);
}
