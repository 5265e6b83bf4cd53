import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import type { Browser, Page } from 'puppeteer-core';
import { parseBrief } from '../src/content/parse-brief.js';

const run = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, '..');
export const cliPath = path.join(repoRoot, 'bin/briefpack.js');
export const iomSource = () => readFile(path.join(repoRoot, 'content/iom.md'), 'utf8');

/** The IOM brief with `body` after it, parsed: its document, or the error it gives. */
export async function parsedWithIom(body: string) {
  const source = `${await iomSource()}\n${body}\n`;
  try {
    return { source, doc: parseBrief(source, 'content/iom.md').doc };
  } catch (error) {
    return { source, error };
  }
}

/** The 1-based line of `text` holding `needle` (0: none). */
export const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in `cwd`; never throws on a non-zero exit. */
export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A throwaway project folder with the given briefs in content/. */
export async function tempProject(briefs: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-test-'));
  await mkdir(path.join(dir, 'content'));
  await Promise.all(Object.entries(briefs).map(([name, text]) => writeFile(path.join(dir, 'content', name), text)));
  return dir;
}

/**
 * Text as a reader reads it: without the soft hyphens the build puts in words (see
 * rehype-hyphenate), which a PDF's text and the HTML keep, and a word broken at one at a line end
 * whole (pdftotext mostly joins it by itself, dropping the hyphen drawn there).
 */
export const withoutSoftHyphens = (s: string) => s.replace(/\u00ad(?:[\u2010-]\r?\n)?/g, '');

/** A text as the build may have hyphenated it: a soft hyphen may stand between any two characters. */
export const hyphenatedAnywhere = (text: string) => new RegExp([...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\u00ad?'), 'g');

/** Text as typed: without the build's soft hyphens, its quotation marks and apostrophes straight (remark-typographic-quotes). */
export const asTyped = (s: string) => withoutSoftHyphens(s).replace(/[“”„]/g, '"').replace(/[‘’‚]/g, "'");

/** Text of a PDF, by poppler's pdftotext, in reading order. */
export function pdfText(file: string): string {
  return withoutSoftHyphens(tool('pdftotext', ['-enc', 'UTF-8', file, '-']));
}

/** Text of one page (1-based) of a PDF. */
export function pdfPageText(file: string, page: number): string {
  return withoutSoftHyphens(tool('pdftotext', ['-enc', 'UTF-8', '-layout', '-f', String(page), '-l', String(page), file, '-']));
}

/** `pdfinfo` fields as a map (Title, Pages, Page size...). */
export function pdfInfo(file: string): Record<string, string> {
  const out = tool('pdfinfo', ['-enc', 'UTF-8', file]);
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

/** `pdffonts` rows: name, type, and whether the font is embedded. */
export function pdfFonts(file: string): Array<{ name: string; embedded: boolean }> {
  const rows = tool('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
  // Columns: name type encoding emb sub uni object ID; the name has no spaces, type may.
  return rows.map((row) => {
    const cells = row.trim().split(/\s+/);
    return { name: cells[0]!, embedded: cells.at(-5) === 'yes' };
  });
}

function tool(name: string, args: string[]): string {
  const r = spawnSync(name, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${name} is not installed (apt-get install poppler-utils): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${name} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Collapses white space, so text broken over lines in a PDF compares with the source. */
export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export const epubcheckJar = '/usr/share/java/epubcheck.jar';

interface EpubcheckMessage {
  severity: string;
  ID: string;
  message: string;
  locations: Array<{ path: string; line: number; column: number }>;
}

/** Every message epubcheck has about the file, at any severity but USAGE. */
export function epubcheck(file: string): string[] {
  // A short run: the quick compiler and the serial collector halve epubcheck's time on 2 cores.
  const jvm = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
  const run = spawnSync('java', [...jvm, '-jar', epubcheckJar, '--json', '-', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  // The report follows a line or two of plain text on stdout.
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{\n'))) as { messages: EpubcheckMessage[] };
  return report.messages
    .filter((m) => m.severity !== 'USAGE')
    .map((m) => `${m.severity} ${m.ID} ${m.message} @ ${m.locations.map((l) => `${l.path}:${l.line}:${l.column}`).join(', ')}`);
}


/** The floor and line of a deck a presenter would keep: see `nearEmptyFill` and `crowdedShrink` in src/slides/fill.ts. */
export interface SlideFill {
  number: number;
  title: string;
  /** How much of its content box its content takes, as laid out for print (every slide at once). */
  fill: number;
  divider: boolean;
  statement: boolean;
  shrink: number;
}

/** Every slide of an HTML deck, measured in Chromium as printed (every slide laid out, as the build measures them). */
export async function deckFills(page: import('puppeteer-core').Page, html: string): Promise<SlideFill[]> {
  await page.emulateMediaType('print');
  await page.setContent(html, { waitUntil: 'load' });
  return page.evaluate(() =>
    [...document.querySelectorAll('section.bp-slide')].map((slide, i) => {
      const body = slide.querySelector('.bp-slide-body');
      const top = body ? body.getBoundingClientRect().top + body.clientTop : 0;
      const bottom = body ? Math.max(0, ...[...body.children].map((c) => c.getBoundingClientRect().bottom - top)) : 0;
      return {
        number: i + 1,
        title: slide.querySelector('.bp-slide-title')?.textContent?.trim() ?? '',
        fill: body && body.clientHeight > 0 ? bottom / body.clientHeight : 0,
        divider: !slide.classList.contains('bp-slide--content') || (body?.children.length ?? 0) === 0,
        statement: slide.classList.contains('bp-slide--statement'),
        shrink: Number(/bp-slide--shrink-(\d)/.exec(slide.className)?.[1] ?? 0),
      };
    }),
  );
}

/** DAISY Ace's puppeteer runner, as scripts/setup.sh installs it (apart from the project's dependencies). */
export const aceBin = path.join(repoRoot, 'node_modules/.ace/node_modules/.bin/ace-puppeteer');

/** DAISY Ace's violations of an EPUB, as `rule (impact) in file` lines; it runs on the system's Chromium. */
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
let axeSource: Promise<string> | undefined;

/** A page on `file`, axe-core added past the output's own Content-Security-Policy (which allows no script of ours). */
export async function openWithAxe(browser: Browser, file: string, width: number): Promise<Page> {
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  await page.setViewport({ width, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.addScriptTag({ content: await (axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')) });
  return page;
}

/** axe-core's violations (WCAG 2.2 A and AA, and its best practices) of what the page shows now, as `rule (impact): target` lines. */
export const axeViolations = (page: Page): Promise<string[]> =>
  page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
  }, axeTags);

export async function aceViolations(epub: string): Promise<string[]> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'briefpack-ace-'));
  try {
    const { findBrowser } = await import('../src/browser/find-browser.js');
    await run(aceBin, ['--silent', '--outdir', out, epub], { env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: await findBrowser() }, timeout: 240_000 });
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as {
      assertions?: Array<{ 'earl:testSubject'?: { url?: string }; assertions?: Array<{ 'earl:test': { 'dct:title': string; 'earl:impact': string } }> }>;
    };
    return (report.assertions ?? []).flatMap((doc) => (doc.assertions ?? []).map((a) => `${a['earl:test']['dct:title']} (${a['earl:test']['earl:impact']}) in ${doc['earl:testSubject']?.url ?? '?'}`));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** An 8-bit RGBA PNG's size and pixels (its rows unfiltered), as Chromium's canvas writes them. */
export function rgbaPixels(png: Uint8Array): { width: number; height: number; at: (x: number, y: number) => number[] } {
  const data = Buffer.from(png);
  const [width, height] = [data.readUInt32BE(16), data.readUInt32BE(20)];
  if (data[24] !== 8 || data[25] !== 6) throw new Error(`not an 8-bit RGBA PNG (bit depth ${data[24]}, colour type ${data[25]})`);
  const idat: Buffer[] = [];
  for (let at = 8; at < data.length; at += 12 + data.readUInt32BE(at)) {
    if (data.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(data.subarray(at + 8, at + 8 + data.readUInt32BE(at)));
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= 4 ? pixels[y * stride + i - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? pixels[(y - 1) * stride + i - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      pixels[y * stride + i] = (x + [0, a, b, (a + b) >> 1, paeth][filter]!) & 0xff;
    }
  }
  return { width, height, at: (x, y) => [...pixels.subarray(y * stride + x * 4, y * stride + x * 4 + 4)] };
}
