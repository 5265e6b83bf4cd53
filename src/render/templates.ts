import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { BriefpackError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { decodeSource } from '../decode-source.js';
import { cssHazards } from '../hazards.js';
import { listProjectFolder, readProjectFile, realProjectPath } from '../project-fs.js';
import { counterStyleOf, directionOf, formatDate, upperCase, type Lang } from '../locale.js';
import { printedStamp } from './revision.js';

/** The templates shipped with briefpack; a project's own folder overlays it file by file. */
export const builtInTemplatesDir = path.join(packageRoot, 'templates');

/** Every template file by its path relative to the templates folder (`partials/toc.hbs`, `theme/theme.css`). */
export interface TemplateSet {
  files: ReadonlyMap<string, string>;
  /** Where each file was read from, for messages. */
  origins: ReadonlyMap<string, string>;
  /** SHA-256 of every file's name and text: part of each brief's revision. */
  fingerprint: string;
}

/**
 * Every template file under a folder, by path relative to it; a project's folder only where it really
 * is in the project, each real folder once (links may make a folder its own descendant).
 */
async function listFiles(dir: string, root: string | null, prefix = '', seen = new Set<string>()): Promise<string[]> {
  const read = { root: root ?? dir, what: 'templates folder', code: 'CONFIG' } as const;
  const real = root ? await realProjectPath(dir, read) : dir;
  if (real === undefined || seen.has(real)) return [];
  seen.add(real);
  const entries = root ? await listProjectFolder(dir, read) : (await readdir(dir, { withFileTypes: true })).map((e) => ({ name: e.name, folder: e.isDirectory() }));
  const nested = await Promise.all(entries.map((e) => (e.folder ? listFiles(path.join(dir, e.name), root, `${prefix}${e.name}/`, seen) : Promise.resolve([`${prefix}${e.name}`]))));
  return nested.flat().filter((f) => /\.(hbs|css)$/.test(f));
}

/** Where a project's templates come from, beside the built-in ones. */
export interface TemplateSources {
  /** The project folder: no project template is read from outside it. */
  root: string;
  /** A folder whose files replace the built-in ones of the same name. */
  overlayDir?: string | null;
  /** A CSS file replacing the built-in theme. */
  themeFile?: string | null;
}

/** Reads the built-in templates, then the project's overlay folder and theme file over them. */
export async function loadTemplateSet(options: TemplateSources): Promise<TemplateSet> {
  const files = new Map<string, string>();
  const origins = new Map<string, string>();
  const { root } = options;
  // briefpack's own templates are trusted; the project's are read as any content is.
  const read = async (file: string, own: boolean) => {
    if (own) return readFile(file, 'utf8');
    const what = `${file === options.themeFile ? 'theme' : 'template'} ${path.relative(root, file)}`;
    const text = decodeSource(await readProjectFile(file, { root, what, code: 'CONFIG' }), path.relative(root, file)).text;
    // A style sheet is checked here, where its file can be named; the outputs are checked again whole.
    const hazards = file.endsWith('.css') ? cssHazards(text, what) : [];
    if (hazards.length > 0) throw new BriefpackError('CONFIG', `${hazards.join('; ')}: outputs load nothing from outside`, { file: path.relative(root, file) });
    return text;
  };
  for (const [dir, own] of [[builtInTemplatesDir, true], [options.overlayDir, false]] as const) {
    if (!dir) continue;
    let names: string[];
    try {
      names = await listFiles(dir, own ? null : root);
    } catch (error) {
      if (error instanceof BriefpackError) throw error;
      throw new BriefpackError('CONFIG', `cannot read the templates folder ${dir}: ${(error as Error).message}`, undefined, { cause: error });
    }
    const texts = await Promise.all(names.map((n) => read(path.join(dir, n), own)));
    names.forEach((n, i) => {
      files.set(n, texts[i]!);
      origins.set(n, path.join(dir, n));
    });
  }
  if (options.themeFile) {
    files.set('theme/theme.css', await read(options.themeFile, false));
    origins.set('theme/theme.css', options.themeFile);
  }
  const hash = createHash('sha256');
  for (const name of [...files.keys()].sort()) hash.update(name).update('\0').update(files.get(name)!).update('\0');
  return { files, origins, fingerprint: hash.digest('hex') };
}

/** A CSS string literal that cannot break out of its declaration or of the <style> element. */
export function cssString(text: string): string {
  return `"${[...text].map((ch) => (/[\p{L}\p{N} .,;:!?()·/–—-]/u.test(ch) && ch !== '<' ? ch : `\\${ch.codePointAt(0)!.toString(16)} `)).join('')}"`;
}

export type Renderer = (layout: string, context: object) => string;

/**
 * A Handlebars environment of its own with briefpack's few helpers and every `partials/*.hbs`.
 * Content reaches templates only as data: escaped text, or sanitised HTML passed as SafeString.
 */
export function createRenderer(set: TemplateSet): Renderer {
  const hb = Handlebars.create();
  // The nearest language: the brief in hand (a pack lays out several), the page's brief, the pack.
  const langOf = (self: { meta?: { lang?: Lang } } | undefined, options: Handlebars.HelperOptions): Lang =>
    self?.meta?.lang ?? options.data?.root?.meta?.lang ?? options.data?.root?.pack?.lang ?? 'en';
  hb.registerHelper('upper', function (this: unknown, text: unknown, options: Handlebars.HelperOptions) {
    return upperCase(String(text ?? ''), langOf(this as never, options));
  });
  hb.registerHelper('date', function (this: unknown, iso: unknown, options: Handlebars.HelperOptions) {
    return formatDate(String(iso), langOf(this as never, options));
  });
  hb.registerHelper('printedStamp', function (this: unknown, stamp: unknown, options: Handlebars.HelperOptions) {
    return printedStamp(String(stamp), langOf(this as never, options));
  });
  hb.registerHelper('cssString', (text: unknown) => new hb.SafeString(cssString(String(text ?? ''))));
  // Writing direction, and the page sides a running header starts and ends on (margin boxes have no
  // logical names): `dir="{{dirOf meta.lang}}"`, `@top-{{pageStart meta.lang}}`.
  hb.registerHelper('dirOf', (lang: unknown) => directionOf(String(lang)));
  hb.registerHelper('pageStart', (lang: unknown) => (directionOf(String(lang)) === 'rtl' ? 'right' : 'left'));
  hb.registerHelper('pageEnd', (lang: unknown) => (directionOf(String(lang)) === 'rtl' ? 'left' : 'right'));
  // `Page {page} of {pages}` as CSS content, the numbers in the language's digits.
  hb.registerHelper('pageNumberContent', (pattern: unknown, lang: unknown) => {
    const counter = counterStyleOf(String(lang));
    const parts = String(pattern).split(/(\{pages?\})/).filter(Boolean);
    return new hb.SafeString(parts.map((part) => (part === '{page}' ? `counter(page, ${counter})` : part === '{pages}' ? `counter(pages, ${counter})` : cssString(part))).join(' '));
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  for (const [name, text] of set.files) {
    const partial = /^partials\/(.+)\.hbs$/.exec(name)?.[1];
    if (partial) hb.registerPartial(partial, text);
  }
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  return (layout, context) => {
    const name = `${layout}.hbs`;
    let template = compiled.get(name);
    if (!template) {
      const text = set.files.get(name);
      if (text === undefined) throw new BriefpackError('CONFIG', `template ${name} is missing from the templates folder`);
      template = hb.compile(text, { noEscape: false, strict: false });
      compiled.set(name, template);
    }
    try {
      return template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (error) {
      throw new BriefpackError('RENDER', `template ${set.origins.get(name) ?? name}: ${(error as Error).message}`, undefined, { cause: error });
    }
  };
}

export const safe = (html: string) => new Handlebars.SafeString(html);
