import path from 'node:path';
import { launchBrowser, type BrowserSession } from '../browser/browser.js';
import { findBrowser } from '../browser/find-browser.js';
import { prepareBrief, renderFormats } from '../build/render-brief.js';
import { startParseThread } from '../build/parse-thread.js';
import { briefDefaults, configFileName, loadConfig, type BriefpackConfig } from '../config.js';
import { BriefpackError, BriefpackErrors, describeError, type Diagnostic } from '../errors.js';
import type { Format } from '../formats/format.js';
import type { FormatId } from '../formats/registry.js';
import { directionOf } from '../locale.js';
import type { BriefEntry } from '../pack/briefs.js';
import { packFileName } from '../pack/definition.js';
import { isInside } from '../project-fs.js';
import type { DecodedSource } from '../decode-source.js';
import { loadProject, readBriefSource, shownPath, slugClash, type Project } from '../project/load-project.js';
import { startReadBackThread } from '../read-back/read-back-thread.js';
import { loadRenderAssets, type RenderAssets } from '../render/assets.js';
import { buildDate } from '../render/revision.js';

/** One output as the preview serves it. */
export interface PreviewFile {
  data: Uint8Array;
  /** Rises with every new build of any output, so a page knows which of its files are new. */
  revision: number;
}

/** A brief as the preview shows it: its last good outputs, and what its last build said. */
export interface PreviewBrief {
  slug: string;
  /** Its source file (absolute); another file may come to make the same slug. */
  file: string;
  /** Its file as messages show it: `content/iom.md`. */
  shown: string;
  title: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  /** Its outputs by file name (`one-pager.html`); those of the last good build until a new one is made. */
  files: Map<string, PreviewFile>;
  /** The errors and warnings of its last build; errors mean `files` are older than its source. */
  problems: Diagnostic[];
  building: boolean;
}

export interface DevState {
  briefs: readonly PreviewBrief[];
  /** What stops every brief from building: a bad config, pack.yaml or template. */
  projectProblems: readonly Diagnostic[];
  /** The formats made, in the order a page offers them. */
  formats: readonly Format<FormatId>[];
}

export interface DevBuilderOptions {
  root: string;
  /** Outputs to make: pack.yaml's, else the config's, when not given. */
  formats?: readonly FormatId[];
  browserPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Called whenever the state changes: an output made, a build begun or ended, problems found or gone. */
  onChange: (state: DevState) => void;
  /** Each brief built: its slug, the milliseconds each output took and its problems (the terminal shows them). */
  onBuilt?: (brief: PreviewBrief, times: ReadonlyArray<{ fileName: string; ms: number }>) => void;
}

/** What a change to a path asks for. */
type ChangeKind = 'project' | 'briefs' | { brief: string } | null;

/**
 * The preview's builds, kept warm: one Chromium, the parse and read-back threads, the templates and
 * fonts stay loaded between saves, and a save rebuilds only what it touches. A brief's file rebuilds
 * that brief; its images (any other file in the content folder) rebuild the briefs; the config,
 * pack.yaml, templates or theme reload the project and rebuild them all. Builds run one at a time;
 * saves during a build are gathered for the next.
 */
export function createDevBuilder(options: DevBuilderOptions) {
  const { root } = options;
  const env = options.env ?? process.env;
  startParseThread();
  startReadBackThread();
  let browserLaunch: Promise<BrowserSession> | undefined;
  const browser = () => (browserLaunch ??= findBrowser({ explicit: options.browserPath, env }).then(launchBrowser));

  let project: Project | undefined;
  /** The config as last read, which names the folders to watch even while the project fails to load. */
  let configLoaded: BriefpackConfig | undefined;
  let assets: RenderAssets | undefined;
  let projectProblems: Diagnostic[] = [];
  /** Briefs whose output folder another brief makes (see `slugClash`). */
  let clashProblems: Diagnostic[] = [];
  const briefs = new Map<string, PreviewBrief>();
  /** The source each brief was last built from: a save that changed nothing (an editor's second write) builds nothing. */
  const builtSources = new Map<string, string>();
  let revision = 0;

  const state = (): DevState => ({
    briefs: project ? [...new Set(project.entries.flatMap((e) => briefs.get(e.slug) ?? []))] : [...briefs.values()],
    projectProblems: [...projectProblems, ...clashProblems],
    formats: project?.formats ?? [],
  });
  const changed = () => options.onChange(state());

  const pending = { project: true, all: true, files: new Set<string>() };
  let running: Promise<void> | undefined;

  function classify(file: string): ChangeKind {
    const config = project?.config;
    if (!config) return 'project';
    const contentDir = path.resolve(root, config.content);
    const templates = project!.templates;
    if (file === path.join(root, configFileName) || file === path.join(contentDir, packFileName)) return 'project';
    if (templates.themeFile === file || (templates.overlayDir && isInside(templates.overlayDir, file))) return 'project';
    if (path.dirname(file) === contentDir && /\.md$/i.test(file)) return { brief: file };
    if (isInside(contentDir, file)) return 'briefs';
    return null;
  }

  async function loadAll(): Promise<boolean> {
    try {
      const config = loadConfig(root);
      // Watched even when the rest fails to load, so that fixing it is seen.
      configLoaded = config;
      const loaded = await loadProject(config, { formats: options.formats });
      assets = await loadRenderAssets(loaded);
      project = loaded;
      projectProblems = [];
      // Chromium starts while the first briefs parse.
      if (loaded.formats.some((f) => f.needsBrowser)) browser().catch(() => {});
      return true;
    } catch (error) {
      projectProblems = [problemOf(error, configFileName)];
      return false;
    }
  }

  /** Builds a brief; answers the text it was built from (undefined when its file could not be read). */
  async function buildBrief(entry: BriefEntry, project: Project, assets: RenderAssets, read?: DecodedSource | Error): Promise<string | undefined> {
    const { config } = project;
    const shown = shownPath(config, entry.file);
    const known = briefs.get(entry.slug);
    // A brief whose slug another file made before (renamed, or the first of two removed) starts afresh.
    const brief: PreviewBrief =
      known?.file === entry.file ? known : { slug: entry.slug, file: entry.file, shown, title: entry.slug, lang: config.lang, dir: directionOf(config.lang), files: new Map(), problems: [], building: false };
    briefs.set(entry.slug, brief);
    brief.building = true;
    changed();
    const times: Array<{ fileName: string; ms: number }> = [];
    let builtFrom: string | undefined;
    try {
      if (read instanceof Error) throw read;
      const source = read ?? (await readBriefSource(config, entry.file));
      builtFrom = source.text;
      builtSources.set(entry.file, source.text);
      const builtOn = buildDate(env);
      const prepared = await prepareBrief({ source: source.text, file: entry.file, root: config.root, shown, assets, builtOn, maxFactAgeMonths: config.maxFactAgeMonths, defaults: briefDefaults(config) });
      prepared.warnings.unshift(...source.warnings);
      const { meta } = prepared.doc;
      Object.assign(brief, { title: meta.title, lang: meta.lang, dir: directionOf(meta.lang) });
      const rendered = await renderFormats(prepared, {
        assets,
        formats: project.formats,
        browser,
        builtOn,
        onRendered: ({ format, data, ms }) => {
          brief.files.set(format.fileName, { data, revision: ++revision });
          times.push({ fileName: format.fileName, ms });
          changed();
        },
      });
      const disagreements = rendered.flatMap((r) => r.problems.map((p): Diagnostic => ({ severity: 'warning', message: `${r.format.fileName} disagrees with its source: ${p}`, place: { file: shown } })));
      brief.problems = [...prepared.warnings, ...disagreements];
    } catch (error) {
      builtSources.delete(entry.file);
      brief.problems = error instanceof BriefpackErrors ? [...error.diagnostics] : [problemOf(error, shown)];
    } finally {
      brief.building = false;
      options.onBuilt?.(brief, times);
      changed();
    }
    return builtFrom;
  }

  async function drain(): Promise<void> {
    while (pending.project || pending.all || pending.files.size > 0) {
      const reload = pending.project;
      const all = pending.all || reload;
      const files = new Set(pending.files);
      Object.assign(pending, { project: false, all: false });
      pending.files.clear();
      if (reload && !(await loadAll())) {
        changed();
        continue;
      }
      if (!project || !assets) continue;
      // The content folder's listing again: a brief may have come or gone.
      try {
        project = { ...project, entries: (await loadProject(project.config, { formats: options.formats })).entries };
        projectProblems = [];
      } catch (error) {
        projectProblems = [problemOf(error, project.config.content)];
        changed();
        continue;
      }
      const slugs = new Set(project.entries.map((e) => e.slug));
      for (const slug of briefs.keys()) if (!slugs.has(slug)) briefs.delete(slug);
      // A second brief making one output folder is not built: the first keeps it.
      const current = project;
      const clashing = project.entries.flatMap((entry) => {
        const clash = slugClash(current.config, current.entries, entry);
        return clash ? [{ entry, problem: problemOf(clash, shownPath(current.config, entry.file)) }] : [];
      });
      clashProblems = clashing.map((c) => c.problem);
      const todo: Array<{ entry: BriefEntry; source?: DecodedSource | Error }> = [];
      for (const entry of project.entries.filter((e) => !clashing.some((c) => c.entry === e))) {
        const fresh = briefs.get(entry.slug)?.file !== entry.file;
        if (all || fresh) todo.push({ entry });
        else if (files.has(entry.file)) {
          // Read once: to see whether it changed, and to build from.
          const source = await readBriefSource(current.config, entry.file).catch((error: Error) => error);
          if (source instanceof Error || source.text !== builtSources.get(entry.file)) todo.push({ entry, source });
        }
      }
      changed();
      const loadedAssets = assets;
      const builtFrom = await Promise.all(todo.map(({ entry, source }) => buildBrief(entry, current, loadedAssets, source)));
      // A save may be read between its two writes (an editor truncates, then writes), and the event of
      // the second lost with the first (the watcher compares modification times): the preview would
      // show the half-written file until the next save. Each file built is read again, and built
      // again if it is not what was built.
      for (const [i, { entry }] of todo.entries()) {
        const now = await readBriefSource(current.config, entry.file).catch(() => undefined);
        if (now && now.text !== builtFrom[i]) pending.files.add(entry.file);
      }
    }
  }

  function run(): Promise<void> {
    running ??= drain().finally(() => {
      running = undefined;
      if (pending.project || pending.all || pending.files.size > 0) void run();
    });
    return running;
  }

  return {
    /** Loads the project and builds every brief; resolves when all are built (or failed). */
    start: (): Promise<void> => run(),
    /** Files saved, added or removed (absolute paths): rebuilds what they touch; resolves when built. */
    filesChanged(files: readonly string[]): Promise<void> {
      for (const file of files) {
        const kind = classify(file);
        if (kind === 'project') pending.project = true;
        else if (kind === 'briefs') pending.all = true;
        else if (kind) pending.files.add(kind.brief);
      }
      return run();
    },
    state,
    /** Folders and files whose changes matter: the config, the content folder, the templates and theme. */
    watchedPaths(): string[] {
      const config = project?.config ?? configLoaded;
      const paths = [path.join(root, configFileName), path.resolve(root, config?.content ?? 'content')];
      const overlay = project?.templates.overlayDir ?? (config?.templates ? path.resolve(root, config.templates) : null);
      const theme = project?.templates.themeFile ?? (config?.theme ? path.resolve(root, config.theme) : null);
      if (overlay) paths.push(overlay);
      if (theme) paths.push(theme);
      return paths;
    },
    /** Waits for the build under way, then stops Chromium. */
    async close(): Promise<void> {
      await running?.catch(() => {});
      const session = await browserLaunch?.catch(() => undefined);
      await session?.close();
    },
  };
}

export type DevBuilder = ReturnType<typeof createDevBuilder>;

function problemOf(error: unknown, file: string): Diagnostic {
  const known = error instanceof BriefpackError;
  return { severity: 'error', message: describeError(error), place: (known && error.place) || { file } };
}
