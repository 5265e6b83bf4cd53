/**
 * An attacker's view of briefpack's outputs: a loopback server that counts what anything asks of it,
 * a scanner that reads every output (and every file inside every EPUB and zip, and every base64 data:
 * URL inside those) for what could run or load, and Chromium opening the HTML outputs the way a reader
 * would, with JavaScript on.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import puppeteer from 'puppeteer-core';
import { repoRoot } from '../helpers.js';

// ---------------------------------------------------------------------------------------------------
// The loopback server

/** A 1x1 PNG. */
export const tinyPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export interface LoopbackRequest {
  method: string;
  url: string;
}

export interface LoopbackServer {
  port: number;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `http://127.0.0.1:PORT/<p>` */
  url(p: string): string;
  /** Every request so far, in order. */
  readonly requests: LoopbackRequest[];
  close(): Promise<void>;
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const pathname = (req.url ?? '/').split(/[?#]/)[0]!;
  const ext = path.extname(pathname).toLowerCase();
  const [type, body]: [string, string | Buffer] =
    ext === '.png' || ext === '.jpg' || ext === '.gif'
      ? ['image/png', tinyPng]
      : ext === '.css'
        ? ['text/css', 'body { color: black; }\n']
        : ext === '.js'
          ? ['text/javascript', '/* loopback */\n']
          : ext === '.svg'
            ? ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" id="a"/>']
            : ['text/html; charset=utf-8', '<!doctype html><title>loopback</title><p>loopback</p>\n'];
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'access-control-allow-origin': '*', connection: 'close' });
  res.end(body);
}

/** An HTTP server on 127.0.0.1 only (a random port) that answers 200 and counts every request. */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const requests: LoopbackRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '?', url: req.url ?? '' });
    answer(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve());
  });
  const address = server.address() as AddressInfo;
  if (address.address !== '127.0.0.1') {
    server.close();
    throw new Error(`the loopback server is bound to ${address.address}, not 127.0.0.1`);
  }
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    port: address.port,
    origin,
    url: (p: string) => `${origin}/${p.replace(/^\/+/, '')}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------------
// The canary

export interface Canary {
  /** The fresh folder outside any project. */
  dir: string;
  /** The file holding the canary. */
  file: string;
  /** `BRIEFPACK-CANARY-<16 upper-case hex digits>`: no case mapping changes it. */
  canary: string;
}

export interface CanaryOptions {
  /** The file's name in its folder (default `canary.txt`). */
  name?: string;
  /** The file's content, given the canary string (default: the canary and a newline). */
  content?: (canary: string) => string | Uint8Array;
}

/** A file outside any project, in a fresh folder of os.tmpdir(), holding a unique canary string. */
export async function canaryOutside(options: CanaryOptions = {}): Promise<Canary> {
  const canary = `BRIEFPACK-CANARY-${randomBytes(8).toString('hex').toUpperCase()}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-outside-'));
  const file = path.join(dir, options.name ?? 'canary.txt');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, options.content ? options.content(canary) : `${canary}\n`);
  return { dir, file, canary };
}

// ---------------------------------------------------------------------------------------------------
// The scanner

export interface ScanOptions {
  /** Strings that must appear nowhere (any case), in any file, decoded data: URL, PDF text or metadata. */
  canary?: string | readonly string[];
  /** Paths in findings are shown relative to this (default: the folder above `dir`, so `dist/iom/...`). */
  relativeTo?: string;
}

/** Where a file sits: a standalone output (loads nothing but data: URLs), or inside an EPUB. */
type Where = { container: 'standalone' } | { container: 'epub'; entry: string };

interface ScanContext {
  canaries: string[];
  memo: Map<string, Promise<string[]>>;
  scripts: Promise<Set<string>>;
  tmp: Promise<string>;
}

/** Every finding in every output under `dir`, as `dist/iom/one-pager.html: event handler onerror=...`. */
export async function scanOutputs(dir: string, options: ScanOptions = {}): Promise<string[]> {
  const relativeTo = options.relativeTo ?? path.dirname(path.resolve(dir));
  const canaries = (typeof options.canary === 'string' ? [options.canary] : [...(options.canary ?? [])]).filter(Boolean);
  const ctx: ScanContext = { canaries, memo: new Map(), scripts: shippedSlideScripts(), tmp: mkdtemp(path.join(os.tmpdir(), 'briefpack-scan-')) };
  const findings: string[] = [];
  try {
    for (const file of await walk(dir, findings, relativeTo)) {
      const shown = path.relative(relativeTo, file);
      findings.push(...(await scanEntry(ctx, shown, path.basename(file), await readFile(file), { container: 'standalone' }, 0, file)));
    }
  } finally {
    await rm(await ctx.tmp, { recursive: true, force: true });
  }
  return [...new Set(findings)];
}

async function walk(dir: string, findings: string[], relativeTo: string): Promise<string[]> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info) return [];
  if (info.isSymbolicLink()) {
    findings.push(`${path.relative(relativeTo, dir)}: symbolic link in the outputs`);
    return [];
  }
  if (info.isFile()) return [dir];
  if (!info.isDirectory()) return [];
  const names = (await readdir(dir)).sort();
  return (await Promise.all(names.map((n) => walk(path.join(dir, n), findings, relativeTo)))).flat();
}

const kindOf = (name: string): 'html' | 'xml' | 'css' | 'pdf' | 'zip' | 'text' | 'binary' => {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (['.xhtml', '.svg', '.xml', '.opf', '.ncx', '.smil'].includes(ext)) return 'xml';
  if (ext === '.css') return 'css';
  if (ext === '.pdf') return 'pdf';
  if (ext === '.epub' || ext === '.zip') return 'zip';
  if (['.json', '.txt', '.js', '.mjs', '.map', '.md', '.hbs', ''].includes(ext) || name === 'mimetype') return 'text';
  return 'binary';
};

/** Findings of one file's bytes, memoised by content: the pack's zip repeats every output. */
function scanEntry(ctx: ScanContext, shown: string, name: string, data: Buffer, where: Where, depth: number, onDisk?: string): Promise<string[]> {
  const hash = createHash('sha256').update(data).digest('hex');
  const key = `${hash}|${where.container === 'epub' ? `epub:${where.entry}` : 'standalone'}|${name}`;
  let found = ctx.memo.get(key);
  if (!found) {
    // Findings are made with a placeholder for the file's shown path, filled in for each copy.
    found = scanBytes(ctx, '\u0000', name, data, where, depth, onDisk);
    ctx.memo.set(key, found);
  }
  return found.then((list) => list.map((f) => f.replace('\u0000', shown)));
}

async function scanBytes(ctx: ScanContext, shown: string, name: string, data: Buffer, where: Where, depth: number, onDisk?: string): Promise<string[]> {
  const out: string[] = [];
  const add = (message: string) => out.push(`${shown}: ${message}`);
  const lower = data.toString('latin1').toLowerCase();
  for (const canary of ctx.canaries) if (lower.includes(canary.toLowerCase())) add(`canary ${canary}`);
  const kind = kindOf(name);
  if (kind === 'pdf') {
    out.push(...(await scanPdf(ctx, shown, data, onDisk)));
    return out;
  }
  if (kind === 'zip') {
    out.push(...(await scanZip(ctx, shown, name, data, depth)));
    return out;
  }
  if (kind === 'binary') return out;
  const text = data.toString('utf8');
  const base = path.basename(where.container === 'epub' ? where.entry : name);
  if (kind === 'html') scanHtml(text, add, where, base, await ctx.scripts);
  else if (kind === 'xml') scanXml(text, add, where);
  else if (kind === 'css') scanCss(text, add, where, 'style sheet');
  // Every data: URL in a text file, decoded and scanned as what its media type says it is.
  if (depth < 4) out.push(...(await scanDataUrls(ctx, shown, text, where, depth)));
  return out;
}

async function scanDataUrls(ctx: ScanContext, shown: string, text: string, where: Where, depth: number): Promise<string[]> {
  const out: string[] = [];
  const pattern = /data:([a-z0-9.+/-]*)((?:;[a-z0-9.+=-]+)*?)(;base64)?,([^"'\s)<>\\]*)/gi;
  let n = 0;
  for (const m of text.matchAll(pattern)) {
    n++;
    const type = (m[1] || 'text/plain').toLowerCase();
    let bytes: Buffer;
    if (m[3]) {
      bytes = Buffer.from(m[4]!.replace(/%2B/gi, '+').replace(/%2F/gi, '/').replace(/%3D/gi, '='), 'base64');
    } else {
      let decoded = m[4]!;
      try {
        decoded = decodeURIComponent(decoded);
      } catch {
        // Bad escapes: scan it as written.
      }
      bytes = Buffer.from(decoded, 'utf8');
    }
    if (bytes.length === 0) continue;
    const ext = type.includes('svg') ? '.svg' : type.includes('xhtml') ? '.xhtml' : type.includes('html') ? '.html' : type.includes('css') ? '.css' : type.includes('xml') ? '.xml' : type.startsWith('text/') ? '.txt' : '.bin';
    const label = `${shown} (data:${type}${m[3] ? ';base64' : ''} URL #${n})`;
    out.push(...(await scanEntry(ctx, label, `data${ext}`, bytes, where, depth + 1)));
  }
  return out;
}

async function scanZip(ctx: ScanContext, shown: string, name: string, data: Buffer, depth: number): Promise<string[]> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } catch (error) {
    return [`${shown}: cannot be unzipped: ${(error as Error).message}`];
  }
  const out: string[] = [];
  const isEpub = path.extname(name).toLowerCase() === '.epub';
  for (const entry of Object.keys(entries).sort()) {
    if (entry.endsWith('/')) continue;
    if (path.posix.isAbsolute(entry) || entry.split(/[\\/]/).includes('..')) out.push(`${shown}: zip entry ${entry} escapes its folder`);
    const where: Where = isEpub ? { container: 'epub', entry } : { container: 'standalone' };
    out.push(...(await scanEntry(ctx, `${shown}!/${entry}`, path.posix.basename(entry), Buffer.from(entries[entry]!), where, depth + 1)));
  }
  return out;
}

// --- URLs ------------------------------------------------------------------------------------------

const snippet = (s: string, n = 90) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
};

/** Attributes whose URL the browser fetches by itself. */
const loadAttributes = new Set(['src', 'srcset', 'imagesrcset', 'poster', 'data', 'background', 'lowsrc', 'dynsrc', 'manifest', 'codebase', 'archive', 'ping', 'icon']);
/** Attributes whose URL a click or a submit follows. */
const navigationAttributes = new Set(['href', 'xlink:href', 'action', 'formaction']);
/** Attributes that hold a URL nothing fetches or follows by itself: only a script URL in them is a finding. */
const inertUrlAttributes = new Set(['cite', 'longdesc', 'usemap', 'itemid', 'itemtype', 'profile']);
/** Elements whose href (or xlink:href) is fetched without a click. */
const loadingHrefElements = new Set(['link', 'image', 'use', 'feimage', 'script', 'pattern', 'filter', 'tref', 'cursor', 'mpath', 'textpath']);

type Add = (message: string) => void;

/**
 * Checks one URL: `load` when it is fetched by itself, else followed on a click or submit; `inert` when
 * nothing fetches or follows it (blockquote cite): only a script URL there is a finding.
 */
function checkUrl(raw: string, label: string, load: boolean, add: Add, where: Where, inert = false): void {
  // Browsers drop tabs and newlines anywhere in a URL and C0 controls and spaces around it.
  const url = raw.replace(/[\u0000-\u0020\u007f]+/g, '');
  const low = url.toLowerCase();
  if (url === '' || url.startsWith('#')) return;
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(low)?.[1];
  if (scheme === 'javascript' || scheme === 'vbscript' || scheme === 'livescript') {
    add(`${scheme}: URL in ${label}: ${snippet(raw)}`);
    return;
  }
  if (scheme === 'data') {
    if (/^data:(text\/html|application\/xhtml|text\/xml|application\/xml|text\/javascript|application\/javascript)/.test(low) || (!load && /^data:image\/svg/.test(low))) {
      add(`data:${low.slice(5).split(/[;,]/)[0]} URL in ${label}: ${snippet(raw)}`);
    }
    return;
  }
  if (inert) return;
  if (scheme === 'file') {
    add(`file URL in ${label}: ${snippet(raw)}`);
    return;
  }
  if (/^[\\/]{2}/.test(url) || (scheme !== undefined && ['http', 'https', 'ftp', 'ws', 'wss', 'ftps', 'gopher', 'smb'].includes(scheme))) {
    add(`remote URL in ${label}: ${snippet(raw)}`);
    return;
  }
  if (scheme !== undefined) return; // mailto:, tel:, urn:... load nothing by themselves.
  if (where.container === 'standalone') {
    if (load) add(`local file reference in ${label}: ${snippet(raw)}`);
    return;
  }
  // Inside an EPUB: a path must stay inside the book.
  const target = url.split(/[?#]/)[0]!;
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // As written.
  }
  const resolved = decoded.startsWith('/') ? decoded : path.posix.normalize(path.posix.join(path.posix.dirname(where.entry), decoded));
  if (resolved.startsWith('/') || resolved === '..' || resolved.startsWith('../')) add(`reference outside the EPUB in ${label}: ${snippet(raw)}`);
}

/** The URLs of a srcset, as the HTML standard splits it (a data: URL may hold commas). */
function srcsetUrls(value: string): string[] {
  const urls: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i]!)) i++;
    if (i >= value.length) break;
    let j = i;
    while (j < value.length && !/\s/.test(value[j]!)) j++;
    let url = value.slice(i, j);
    const endedWithComma = /,+$/.test(url);
    url = url.replace(/,+$/, '');
    urls.push(url);
    i = j;
    if (endedWithComma) continue;
    let depth = 0;
    while (i < value.length) {
      const c = value[i]!;
      if (c === '(') depth++;
      else if (c === ')') depth = Math.max(0, depth - 1);
      else if (c === ',' && depth === 0) break;
      i++;
    }
  }
  return urls;
}

function checkAttribute(tag: string, rawName: string, value: string, add: Add, where: Where, sheet: (css: string, label: string) => void): void {
  const name = rawName.toLowerCase();
  const local = name.includes(':') && !name.startsWith('xlink:') ? name.slice(name.indexOf(':') + 1) : name;
  const label = `<${tag} ${name}>`;
  if (/^on[a-z]/.test(local)) {
    add(`event handler ${name}= on <${tag}>: ${snippet(value)}`);
    return;
  }
  if (local === 'srcdoc') {
    add(`srcdoc= on <${tag}>: ${snippet(value)}`);
    return;
  }
  if (local === 'style') {
    sheet(value, `style attribute of <${tag}>`);
    return;
  }
  if (local === 'srcset' || local === 'imagesrcset') {
    for (const url of srcsetUrls(value)) checkUrl(url, label, true, add, where);
    return;
  }
  if (local === 'href' || name === 'xlink:href') {
    checkUrl(value, label, loadingHrefElements.has(tag), add, where);
    return;
  }
  if (loadAttributes.has(local)) {
    // <object data>, but not data-* attributes, which are not URLs.
    checkUrl(value, label, true, add, where);
    return;
  }
  if (navigationAttributes.has(local)) {
    checkUrl(value, label, false, add, where);
    return;
  }
  if (inertUrlAttributes.has(local)) {
    checkUrl(value, label, false, add, where, true);
    return;
  }
  // SVG animation can set an href to a javascript: URL.
  if (['to', 'from', 'values', 'by'].includes(local) && /(java|vb)script:/i.test(value.replace(/[\u0000-\u0020]+/g, ''))) {
    add(`javascript: URL in ${label}: ${snippet(value)}`);
  }
}

/** Elements no output may hold, whatever the file. */
const forbiddenElements = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'base', 'portal', 'fencedframe']);

function checkElement(tag: string, attrs: ReadonlyArray<{ name: string; value: string }>, add: Add): void {
  if (forbiddenElements.has(tag)) add(`<${tag}> element${attrs.length ? `: ${snippet(attrs.map((a) => `${a.name}="${a.value}"`).join(' '))}` : ''}`);
  if (tag === 'meta') {
    const equiv = attrs.find((a) => a.name.toLowerCase() === 'http-equiv')?.value.trim().toLowerCase();
    if (equiv === 'refresh') add(`<meta http-equiv="refresh">: ${snippet(attrs.find((a) => a.name.toLowerCase() === 'content')?.value ?? '')}`);
    if (equiv === 'set-cookie') add('<meta http-equiv="set-cookie">');
  }
  if (tag === 'link' && /\bimport\b/i.test(attrs.find((a) => a.name.toLowerCase() === 'rel')?.value ?? '')) add('<link rel="import">');
}

// --- CSS -------------------------------------------------------------------------------------------

function unescapeCss(css: string): string {
  return css
    .replace(/\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?/g, (_, hex: string) => {
      const cp = parseInt(hex, 16);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
    })
    .replace(/\\\r?\n/g, '')
    .replace(/\\(.)/g, '$1');
}

function scanCss(css: string, add: Add, where: Where, label: string): void {
  const text = unescapeCss(css.replace(/\/\*[\s\S]*?\*\//g, ' '));
  for (const m of text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)/gi)) {
    checkUrl(m[1] ?? m[2] ?? m[3] ?? '', `url() in ${label}`, true, add, where);
  }
  for (const m of text.matchAll(/@import\s+(?:url\(\s*)?(?:"([^"]*)"|'([^']*)'|([^\s;)]+))/gi)) {
    checkUrl(m[1] ?? m[2] ?? m[3] ?? '', `@import in ${label}`, true, add, where);
  }
  for (const m of text.matchAll(/image-set\(([^)]*)\)/gi)) {
    for (const s of m[1]!.matchAll(/"([^"]*)"|'([^']*)'/g)) checkUrl(s[1] ?? s[2] ?? '', `image-set() in ${label}`, true, add, where);
  }
  const scripting = /(?<![\w-])expression\s*\(.*|(?<![\w-])behavior\s*:.*|-moz-binding.*/i.exec(text);
  if (scripting) add(`scripting CSS extension in ${label}: ${snippet(scripting[0])}`);
}

// --- HTML ------------------------------------------------------------------------------------------

type P5Node = DefaultTreeAdapterMap['node'];
type P5Element = DefaultTreeAdapterMap['element'];

const isElement = (n: P5Node): n is P5Element => 'tagName' in n;
const textOf = (el: P5Element): string => el.childNodes.map((c) => ('value' in c && c.nodeName === '#text' ? c.value : isElement(c) ? textOf(c) : '')).join('');
const normScript = (s: string) => s.replace(/\\x3C/gi, '<').replace(/\\u003C/gi, '<').trim();

/**
 * The scripts the deck ships: templates/slides.hbs's script elements with reveal.js's assets put in,
 * as briefpack's own loadReveal() gives them in each language it has labels for (read from
 * node_modules when that cannot be loaded). The
 * only scripts slides.html may hold, and none of them inside `<div class="reveal">`.
 */
async function shippedSlideScripts(): Promise<Set<string>> {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const read = (id: string) => readFile(require.resolve(id), 'utf8').catch(() => '');
  let languages: Array<Record<string, string>> = [];
  try {
    const reveal = (await import('../../src/slides/reveal.js')) as unknown as { loadReveal: (lang: string) => Promise<Record<string, unknown>> };
    const { labelTable } = await import('../../src/locale.js');
    languages = await Promise.all(
      Object.keys(labelTable).map(async (lang) => Object.fromEntries(Object.entries(await reveal.loadReveal(lang)).filter((e): e is [string, string] => typeof e[1] === 'string'))),
    );
  } catch {
    const [js, notesJs] = await Promise.all([read('reveal.js'), read('reveal.js/plugin/notes')]);
    languages = [{ js, notesJs }];
  }
  const template = await readFile(path.join(repoRoot, 'templates/slides.hbs'), 'utf8').catch(() => '');
  const scripts = new Set<string>();
  for (const assets of languages) {
    for (const [key, text] of Object.entries(assets)) if (/js$/i.test(key)) scripts.add(normScript(text));
    for (const m of template.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
      const body = m[1]!.replace(/\{\{\{?\s*reveal\.(\w+)\s*\}?\}\}/g, (all, key: string) => assets[key] ?? all);
      if (!body.includes('{{')) scripts.add(normScript(body));
    }
  }
  return scripts;
}

function scanHtml(text: string, add: Add, where: Where, base: string, shipped: Set<string>): void {
  const slides = where.container === 'standalone' && base === 'slides.html';
  const document = parse(text);
  const sheet = (css: string, label: string) => scanCss(css, add, where, label);
  const visit = (node: P5Node, inReveal: boolean) => {
    let reveal = inReveal;
    if (isElement(node)) {
      const tag = node.tagName.toLowerCase();
      const attrs = node.attrs.map((a) => ({ name: a.prefix ? `${a.prefix}:${a.name}` : a.name, value: a.value }));
      if (tag === 'div' && /(^|\s)reveal(\s|$)/.test(attrs.find((a) => a.name === 'class')?.value ?? '')) reveal = true;
      if (tag === 'script') {
        const body = textOf(node);
        const src = attrs.find((a) => a.name.toLowerCase() === 'src' || a.name.toLowerCase().endsWith('href'));
        const allowed = slides && !reveal && !src && shipped.has(normScript(body));
        if (!allowed) add(`<script> element${reveal ? ' inside <div class="reveal">' : ''}${src ? ` src=${src.value}` : ''}: ${snippet(body)}`);
      }
      if (tag === 'style') sheet(textOf(node), '<style> element');
      checkElement(tag, attrs, add);
      for (const a of attrs) checkAttribute(tag, a.name, a.value, add, where, sheet);
      if (tag === 'template' && 'content' in node) visit((node as DefaultTreeAdapterMap['template']).content as unknown as P5Node, reveal);
    }
    if ('childNodes' in node) for (const child of node.childNodes) if (!(isElement(node) && ['script', 'style'].includes(node.tagName.toLowerCase()))) visit(child, reveal);
  };
  visit(document, false);
}

// --- XML (XHTML, SVG, package documents) -----------------------------------------------------------

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", tab: '\t', newline: '\n', colon: ':', nbsp: '\u00a0' };
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
    }
    return named[e.toLowerCase()] ?? all;
  });
}

function scanXml(text: string, add: Add, where: Where): void {
  const sheet = (css: string, label: string) => scanCss(css, add, where, label);
  for (const m of text.matchAll(/<([\w.-]+:)?script\b[^>]*>?([\s\S]{0,80})/gi)) add(`<script> element: ${snippet(m[0])}`);
  if (/<!ENTITY/i.test(text)) add(`<!ENTITY> declaration: ${snippet(/<!ENTITY[^>]*>?/i.exec(text)![0])}`);
  for (const m of text.matchAll(/<!DOCTYPE[^>[]*\b(?:SYSTEM|PUBLIC)\s+(?:"[^"]*"\s+)?"([^"]*)"/gi)) checkUrl(m[1]!, '<!DOCTYPE>', true, add, where);
  for (const m of text.matchAll(/<\?xml-stylesheet\b([^?]*)\?>/gi)) {
    const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(m[1]!);
    if (href) checkUrl(decodeEntities(href[1] ?? href[2] ?? ''), '<?xml-stylesheet?>', true, add, where);
  }
  // Style elements: their text, CDATA or not, is CSS.
  for (const m of text.matchAll(/<([\w.-]+:)?style\b[^>]*>([\s\S]*?)<\/([\w.-]+:)?style\s*>/gi)) {
    sheet(decodeEntities(m[2]!.replace(/<!\[CDATA\[|\]\]>/g, '')), '<style> element');
  }
  // Tags and their attributes (quoted, as XML wants them; unquoted ones are read up to a space).
  for (const m of text.matchAll(/<([A-Za-z_][\w:.-]*)((?:\s*[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?|\s*\/(?!>))*)\s*\/?>/g)) {
    const qname = m[1]!.toLowerCase();
    const tag = qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
    const attrs = [...m[2]!.matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)].map((a) => ({ name: a[1]!, value: decodeEntities(a[2] ?? a[3] ?? a[4] ?? '') }));
    checkElement(tag, attrs, add);
    for (const a of attrs) {
      if (/^xmlns(:|$)/i.test(a.name)) continue;
      checkAttribute(tag, a.name, a.value, add, where, sheet);
    }
  }
  // And the plain rule, whatever the tag looks like: on...= inside a tag, outside its quoted values
  // (an escaped `onerror=` in a title is text).
  for (const m of text.matchAll(/<[A-Za-z](?:[^>"']|"[^"]*"|'[^']*')*>/g)) {
    const handler = /[\s/"'](on[a-z]\w*)\s*=/i.exec(m[0].replace(/"[^"]*"|'[^']*'/g, '""'));
    if (handler) add(`event handler ${handler[1]!.toLowerCase()}= on <${m[0].slice(1).split(/[\s/>]/)[0]!.toLowerCase()}>: ${snippet(m[0], 80)}`);
  }
}

// --- PDF -------------------------------------------------------------------------------------------

function tool(name: string, args: string[]): string {
  const r = spawnSync(name, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${name} is not installed: ${r.error.message}`);
  return r.status === 0 ? r.stdout : `${r.stdout}\n${name} failed: ${r.stderr}`;
}

let qpdf: boolean | undefined;
/** qpdf is used when installed; without it the streams are inflated here (node:zlib), which finds the same. */
const hasQpdf = () => (qpdf ??= spawnSync('qpdf', ['--version']).status === 0);

// A stream of data, not of PDF syntax: a font program or an image; or one still compressed.
const fontOrImage = /\/(Length[123]|FontFile\d?)\b|\/Subtype\s*\/(Image|CIDFontType0C|Type1C|OpenType)\b/;
const dataStream = new RegExp(`${fontOrImage.source}|\\/Filter\\b`);

/**
 * A PDF's syntax with the bytes of its data streams blanked: a font program or a compressed stream
 * spells `/JS` by chance (seen in a subset font's Flate stream). Compressed streams are read
 * inflated, apart; object and content streams stay.
 */
function withoutDataStreams(pdf: string): string {
  return pdf.replace(/(\bstream\r?\n)([\s\S]*?)(\bendstream)/g, (all, open: string, _body: string, close: string, at: number) => {
    const dictionary = pdf.slice(Math.max(pdf.lastIndexOf(' obj', at), at - 4096), at);
    return dataStream.test(dictionary) ? open + close : all;
  });
}

/** The PDF's syntax with every stream it can inflate appended: object streams, annotations, actions. */
function pdfRawText(data: Buffer, file: string, tmp: string): string {
  const parts = [withoutDataStreams(data.toString('latin1'))];
  if (hasQpdf()) {
    const qdf = path.join(tmp, `${path.basename(file)}.${randomBytes(4).toString('hex')}.qdf.pdf`);
    const r = spawnSync('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
    if (r.status === 0 || r.status === 3) parts.push(withoutDataStreams(spawnSync('cat', [qdf], { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 }).stdout));
  }
  const raw = data.toString('latin1');
  for (let at = raw.indexOf('stream'); at >= 0; at = raw.indexOf('stream', at + 6)) {
    if (raw.slice(Math.max(0, at - 3), at) === 'end') continue;
    let start = at + 6;
    if (raw[start] === '\r') start++;
    if (raw[start] === '\n') start++;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    try {
      const dictionary = raw.slice(Math.max(raw.lastIndexOf(' obj', at), at - 4096), at);
      if (!fontOrImage.test(dictionary)) parts.push(inflateSync(data.subarray(start, end)).toString('latin1'));
    } catch {
      // Not a Flate stream, or an image: nothing to read.
    }
    at = end;
  }
  return parts.join('\n');
}

function pdfString(literal: string): string {
  return literal.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => (/^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e));
}

function pdfHexString(hex: string): string {
  const clean = hex.replace(/\s+/g, '');
  const bytes = Buffer.from(clean.length % 2 ? `${clean}0` : clean, 'hex');
  return bytes[0] === 0xfe && bytes[1] === 0xff ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le') : bytes.toString('latin1');
}

async function scanPdf(ctx: ScanContext, shown: string, data: Buffer, onDisk?: string): Promise<string[]> {
  const out: string[] = [];
  const add = (message: string) => out.push(`${shown}: ${message}`);
  const tmp = await ctx.tmp;
  let file = onDisk;
  if (!file) {
    file = path.join(tmp, `${randomBytes(6).toString('hex')}.pdf`);
    await writeFile(file, data);
  }
  // Text, metadata and XMP, each searched for the canary with white space (line breaks) removed.
  const text = tool('pdftotext', ['-enc', 'UTF-8', file, '-']);
  const info = tool('pdfinfo', ['-enc', 'UTF-8', file]) + tool('pdfinfo', ['-enc', 'UTF-8', '-meta', file]);
  for (const canary of ctx.canaries) {
    const c = canary.toLowerCase();
    if (text.replace(/\s+/g, '').toLowerCase().includes(c)) add(`canary ${canary} in the PDF's text`);
    if (info.replace(/\s+/g, '').toLowerCase().includes(c)) add(`canary ${canary} in the PDF's metadata`);
  }
  // Link annotations, as poppler lists them: "page type URL".
  const where: Where = { container: 'standalone' };
  for (const line of tool('pdfinfo', ['-url', file]).split('\n').slice(1)) {
    const url = line.trim().split(/\s+/).slice(2).join(' ');
    if (url) checkUrl(url, 'a PDF link annotation', false, add, where);
  }
  const raw = pdfRawText(data, file, tmp);
  for (const m of raw.matchAll(/\/URI\s*\(((?:\\[\s\S]|[^\\)])*)\)/g)) checkUrl(pdfString(m[1]!), 'a PDF /URI action', false, add, where);
  for (const m of raw.matchAll(/\/URI\s*<([0-9a-fA-F\s]*)>/g)) checkUrl(pdfHexString(m[1]!), 'a PDF /URI action', false, add, where);
  for (const m of raw.matchAll(/\/(JS|JavaScript|Launch|GoToR|GoToE|SubmitForm|ImportData|RichMedia|EmbeddedFiles?)(?![A-Za-z0-9#+_.-])/g)) add(`PDF /${m[1]} entry`);
  for (const canary of ctx.canaries) if (raw.toLowerCase().includes(canary.toLowerCase()) && !out.some((f) => f.includes(canary))) add(`canary ${canary} in the PDF's streams`);
  return [...new Set(out)];
}

// ---------------------------------------------------------------------------------------------------
// Chromium, as a reader opens the outputs

export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export interface OpenOptions {
  relativeTo?: string;
  /** How long each page stays open after its load event (default 1000 ms). */
  settleMs?: number;
}

export interface OpenResult {
  /** Dialogs, requests to anything but the page's own files and data:, pages that did not load. */
  findings: string[];
  /** The pages opened, as shown paths. */
  opened: string[];
}

async function filesUnder(dir: string): Promise<string[]> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info || info.isSymbolicLink()) return [];
  if (info.isFile()) return [dir];
  if (!info.isDirectory()) return [];
  return (await Promise.all((await readdir(dir)).sort().map((n) => filesUnder(path.join(dir, n))))).flat();
}

/**
 * Opens every HTML output under `dir` (not the copies in the zip), and every XHTML and SVG file of every
 * EPUB (extracted to a temporary folder), in headless Chromium from file:// URLs with JavaScript on;
 * each page stays open for its load and a second more. A dialog, or a request for anything other than
 * the page's own file, its EPUB's files or a data: URL, is a finding.
 */
export async function openOutputsInChromium(dir: string, options: OpenOptions = {}): Promise<OpenResult> {
  const relativeTo = options.relativeTo ?? path.dirname(path.resolve(dir));
  const settle = options.settleMs ?? 1000;
  const findings: string[] = [];
  const opened: string[] = [];
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'briefpack-open-'));
  const pages: Array<{ file: string; shown: string; root: string }> = [];
  for (const file of await filesUnder(dir)) {
    const shown = path.relative(relativeTo, file);
    if (/\.html?$/i.test(file)) pages.push({ file, shown, root: file });
    if (/\.epub$/i.test(file)) {
      const into = path.join(tmp, `${pages.length}-${path.basename(file)}`);
      let entries: Record<string, Uint8Array> = {};
      try {
        entries = unzipSync(new Uint8Array(await readFile(file)));
      } catch (error) {
        findings.push(`${shown}: cannot be unzipped: ${(error as Error).message}`);
      }
      for (const [entry, bytes] of Object.entries(entries)) {
        if (entry.endsWith('/') || path.posix.isAbsolute(entry) || entry.split(/[\\/]/).includes('..')) continue;
        const target = path.join(into, entry);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, bytes);
        if (/\.(xhtml|svg|html?)$/i.test(entry)) pages.push({ file: target, shown: `${shown}!/${entry}`, root: into });
      }
    }
  }
  if (pages.length === 0) {
    await rm(tmp, { recursive: true, force: true });
    return { findings, opened };
  }
  const profile = await mkdtemp(path.join(os.tmpdir(), 'briefpack-reader-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    pipe: true,
    userDataDir: profile,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  try {
    const open = async (target: { file: string; shown: string; root: string }) => {
      const page = await browser.newPage();
      const own = pathToFileURL(target.file).href;
      const rootUrl = pathToFileURL(target.root).href;
      page.on('dialog', (dialog) => {
        findings.push(`${target.shown}: dialog ${dialog.type()} "${snippet(dialog.message())}"`);
        dialog.dismiss().catch(() => undefined);
      });
      page.on('request', (request) => {
        const url = request.url();
        const bare = url.split('#')[0]!;
        if (/^(data|about|blob):/i.test(url)) return;
        if (bare === own) return;
        if (target.root !== target.file && bare.startsWith(`${rootUrl}/`)) return;
        findings.push(`${target.shown}: requested ${snippet(url, 120)}`);
      });
      try {
        await page.goto(own, { waitUntil: 'load', timeout: 15_000 });
      } catch (error) {
        findings.push(`${target.shown}: did not load: ${snippet((error as Error).message)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, settle));
      opened.push(target.shown);
      await page.close().catch(() => undefined);
    };
    // A few tabs at a time.
    const queue = [...pages];
    await Promise.all(
      Array.from({ length: Math.min(6, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await open(next);
      }),
    );
  } finally {
    await browser.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
    await rm(tmp, { recursive: true, force: true });
  }
  return { findings: [...new Set(findings)], opened: opened.sort() };
}

// ---------------------------------------------------------------------------------------------------
// The CLI with a deadline (for inputs that could make it hang: a YAML alias bomb)

export interface LimitedResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** Killed at the deadline. */
  timedOut: boolean;
}

/** Runs the real CLI like helpers' runCli, but kills it (SIGKILL) after `timeoutMs`. */
export function runCliLimited(args: string[], cwd: string, timeoutMs: number): Promise<LimitedResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(repoRoot, 'bin/briefpack.js'), ...args], { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number | string; killed?: boolean; signal?: string }) | null;
      resolve({
        code: e ? (typeof e.code === 'number' ? e.code : 1) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
        ms: Date.now() - started,
        timedOut: Boolean(e?.killed && e.signal === 'SIGKILL'),
      });
    });
    child.stdin?.end();
  });
}
