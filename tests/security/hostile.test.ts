/**
 * An attacker's test suite: every input briefpack reads, made hostile, through the real CLI's `build`;
 * then every output is scanned (scanOutputs) and opened in Chromium with JavaScript on
 * (openOutputsInChromium), and the loopback server counts what anything asked of it.
 *
 * A hostile input is either refused (exit 1, a message naming the file, no stack trace) or built; in
 * both cases no output holds anything that runs or loads, nor the canary from outside the project, and
 * nothing was requested during the build nor while the outputs were open.
 */
import { appendFile, link, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { zipSync } from 'fflate';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTyped, iomSource, pdfInfo, repoRoot, runCli, tempProject, type CliResult } from '../helpers.js';
import { canaryOutside, openOutputsInChromium, runCliLimited, scanOutputs, startLoopbackServer, tinyPng, type Canary, type LoopbackServer } from './harness.js';

let server: LoopbackServer;
const made: string[] = [];

beforeAll(async () => {
  server = await startLoopbackServer();
});

afterAll(async () => {
  await server?.close();
  if (!process.env.KEEP_HOSTILE) await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

/** A stack trace's frames, as Node prints them. */
const stackFrame = /\n\s+at \S/;

const u = (name: string) => server.url(name);

/** A temp project (helpers' tempProject) whose folder is removed after the suite. */
async function project(briefs: Record<string, string>): Promise<string> {
  const dir = await tempProject(briefs);
  made.push(dir);
  return dir;
}

async function outside(options: Parameters<typeof canaryOutside>[0] = {}): Promise<Canary> {
  const c = await canaryOutside(options);
  made.push(c.dir);
  return c;
}

async function put(dir: string, file: string, data: string | Uint8Array): Promise<string> {
  const target = path.join(dir, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, data);
  return target;
}

const builtIn = (file: string) => readFile(path.join(repoRoot, 'templates', file), 'utf8');

/** The IOM brief with `extra` appended to its body. */
const iomWith = async (extra: string) => `${await iomSource()}\n${extra}\n`;

/** The IOM brief's front matter with `lines` inserted right after its opening `---`. */
const iomFrontMatterWith = async (lines: string) => (await iomSource()).replace(/^---\n/, `---\n${lines}\n`);

/** The 1-based line of the first line of `source` that contains `needle`. */
const lineOf = (source: string, needle: string) => {
  const i = source.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" is not in the source`);
  return i + 1;
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Outcome {
  dir: string;
  result: CliResult;
  /** scanOutputs' and openOutputsInChromium's findings together. */
  findings: string[];
  /** What the loopback server was asked during the build and while the outputs were open. */
  requests: string[];
}

/** Runs `briefpack build` in `dir`, then scans dist/ and opens its pages as a reader would. */
async function buildAndInspect(dir: string, canary: string | string[] = []): Promise<Outcome> {
  const before = server.requests.length;
  const result = await runCli(['build'], dir);
  const dist = path.join(dir, 'dist');
  const findings = await scanOutputs(dist, { canary });
  const opened = await openOutputsInChromium(dist);
  const requests = server.requests.slice(before).map((r) => `${r.method} ${r.url}`);
  // HOSTILE_LOG=<file>: what each build said and what was found, for reading a run afterwards.
  if (process.env.HOSTILE_LOG) {
    const said = result.stderr.split('\n').filter((l) => l && !/\[briefpack:stale\]/.test(l));
    await appendFile(process.env.HOSTILE_LOG, `## ${expect.getState().currentTestName}\n${dir}: exit ${result.code}; pages opened ${opened.opened.length}\n${said.join('\n')}\nfindings: ${JSON.stringify([...findings, ...opened.findings], null, 1)}\nrequests: ${JSON.stringify(requests)}\n\n`);
  }
  return { dir, result, findings: [...findings, ...opened.findings], requests };
}

/** Nothing in any output runs, loads or leaks; nothing was requested; no stack trace. */
function expectClean(o: Outcome): void {
  const where = `(project ${o.dir}; exit ${o.result.code})\n${o.result.stderr}`;
  expect(o.result.stderr, `a stack trace ${where}`).not.toMatch(stackFrame);
  expect(o.findings, `findings in the outputs ${where}`).toEqual([]);
  expect(o.requests, `requests to the loopback server ${where}`).toEqual([]);
}

/** Either refused (exit 1, an error naming one of `names`) or built; clean either way. */
function expectRefusedOrClean(o: Outcome, names: string[]): void {
  if (o.result.code !== 0) {
    expect(o.result.code, o.result.stderr).toBe(1);
    expect(
      names.some((n) => o.result.stderr.split('\n').some((l) => / error /.test(l) && l.includes(n))),
      `an error naming one of ${names.join(', ')} in:\n${o.result.stderr}`,
    ).toBe(true);
  }
  expectClean(o);
}

/** Refused: exit 1 and an error line naming one of `names`; clean. */
function expectRefused(o: Outcome, names: string[]): void {
  expect(o.result.code, `exit code, stderr:\n${o.result.stderr}`).toBe(1);
  expectRefusedOrClean(o, names);
}

/** An error at `file:line` (any column), naming `what`, in the build's output. */
function expectErrorAt(result: { stderr: string }, file: string, line: number, what?: string): void {
  const at = new RegExp(`^${escapeRe(file)}:${line}(:\\d+)? error .*${what ? escapeRe(what) : ''}`, 'm');
  expect(result.stderr, `an error at ${file}:${line}${what ? ` naming ${what}` : ''}`).toMatch(at);
}

/** A PNG with the canary behind its end: read, it would travel into a data: URL or an EPUB. */
const pngWith = (canary: string) => Buffer.concat([tinyPng, Buffer.from(`\n${canary}\n`)]);

/** A brief that, read, would carry the canary into every output. */
const briefWith = async (canary: string) => (await iomSource()).replace('## 1. Genel Bilgi', `## 1. Genel Bilgi\n\nSızıntı ${canary}.\n`);

/** The built-in theme, with the canary in it where every output would show it. */
const themeWith = async (canary: string) => `${await builtIn('theme/theme.css')}\n:root { --bp-leak: "${canary}"; }\nbody::after { content: "${canary}"; }\n`;

type HtmlElement = DefaultTreeAdapterMap['element'];
type HtmlNode = DefaultTreeAdapterMap['node'];
const isEl = (n: HtmlNode): n is HtmlElement => 'tagName' in n;
function elements(node: HtmlNode, out: HtmlElement[] = []): HtmlElement[] {
  if (isEl(node)) out.push(node);
  if ('childNodes' in node) for (const c of node.childNodes) elements(c, out);
  return out;
}
const textContent = (n: HtmlNode): string => ('value' in n && n.nodeName === '#text' ? n.value : 'childNodes' in n ? n.childNodes.map(textContent).join('') : '');
const attr = (el: HtmlElement, name: string) => el.attrs.find((a) => a.name === name)?.value;

/** The effective script-src of a page's meta Content-Security-Policy (default-src when it has none). */
async function scriptSrcOf(file: string): Promise<string | undefined> {
  const doc = parse(await readFile(file, 'utf8'));
  const csp = elements(doc).find((e) => e.tagName === 'meta' && attr(e, 'http-equiv')?.toLowerCase() === 'content-security-policy');
  if (!csp) return undefined;
  const directives = new Map(
    (attr(csp, 'content') ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0]!.toLowerCase(), d.slice(1).join(' ')] as const),
  );
  return directives.get('script-src') ?? directives.get('default-src');
}

// ---------------------------------------------------------------------------------------------------

describe('the harness itself', () => {
  it('should find a script, a handler, a remote URL in a base64 data: URL and the canary in a fake dist', async () => {
    const dir = await project({});
    const canary = 'BRIEFPACK-CANARY-SELFTEST0000001';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:9/remote-in-base64.png"/></svg>`;
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    await put(
      dir,
      'dist/iom/one-pager.html',
      `<!doctype html><html><head><title>t</title></head><body>
<script>alert(1)</script>
<img src="data:image/png;base64,${tinyPng.toString('base64')}" onerror="x()">
<img src="data:image/svg+xml;base64,${b64(svg)}">
<img src="data:image/png;base64,${b64(`png ${canary} bytes`)}">
<a href="jav&#x61;script:alert(2)">a</a>
<div style="background:u\\72l(http://127.0.0.1:9/css-escaped)">d</div>
<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/refresh">
</body></html>`,
    );
    await put(dir, 'dist/iom/slides.html', `<!doctype html><html><body><div class="reveal"><div class="slides"><section><script>alert(3)</script></section></div></div></body></html>`);
    await put(dir, 'dist/manifest.json', JSON.stringify({ note: canary.toLowerCase() }));
    await put(
      dir,
      'dist/iom/brief.epub',
      zipSync({
        mimetype: Buffer.from('application/epub+zip'),
        'EPUB/page.xhtml': Buffer.from(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p><svg xmlns="http://www.w3.org/2000/svg"><script>alert(4)</script></svg><img src="../../../etc/passwd" alt=""/></body></html>`),
      }),
    );
    // A PDF with a link to a remote page and a JavaScript open action, in plain objects.
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(5\\)) >> >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>',
      '<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI /URI (http://127.0.0.1:9/pdf-link) >> >>',
    ];
    let pdf = '%PDF-1.4\n';
    const offsets = objects.map((body, i) => {
      const at = pdf.length;
      pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
      return at;
    });
    const xref = pdf.length;
    pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    await put(dir, 'dist/iom/brief.pdf', pdf);

    const findings = await scanOutputs(path.join(dir, 'dist'), { canary });
    const has = (re: RegExp) => expect(findings.some((f) => re.test(f)), `${re} in:\n${findings.join('\n')}`).toBe(true);
    has(/^dist\/iom\/one-pager\.html: <script> element: alert\(1\)/);
    has(/^dist\/iom\/one-pager\.html: event handler onerror= on <img>/);
    has(/^dist\/iom\/one-pager\.html \(data:image\/svg\+xml;base64 URL #\d+\): remote URL .*remote-in-base64\.png/);
    has(/^dist\/iom\/one-pager\.html \(data:image\/png;base64 URL #\d+\): canary BRIEFPACK-CANARY-SELFTEST0000001/);
    has(/^dist\/iom\/one-pager\.html: javascript: URL in <a href>/);
    has(/^dist\/iom\/one-pager\.html: remote URL in url\(\) in style attribute of <div>: .*css-escaped/);
    has(/^dist\/iom\/one-pager\.html: <meta http-equiv="refresh">/);
    has(/^dist\/iom\/slides\.html: <script> element inside <div class="reveal">: alert\(3\)/);
    has(/^dist\/manifest\.json: canary/);
    has(/^dist\/iom\/brief\.epub!\/EPUB\/page\.xhtml: <script> element/);
    has(/^dist\/iom\/brief\.epub!\/EPUB\/page\.xhtml: reference outside the EPUB in <img src>/);
    has(/^dist\/iom\/brief\.pdf: remote URL in a PDF (link annotation|\/URI action): http:\/\/127\.0\.0\.1:9\/pdf-link/);
    has(/^dist\/iom\/brief\.pdf: PDF \/JavaScript entry/);
    has(/^dist\/iom\/brief\.pdf: PDF \/JS entry/);
  });

  it('should see a page request the loopback server and open a dialog in Chromium', async () => {
    const dir = await project({});
    await put(dir, 'dist/index.html', `<!doctype html><html><body><img src="${u('selftest.png')}"><script>alert('selftest-html')</script></body></html>`);
    await put(
      dir,
      'dist/iom/brief.epub',
      zipSync({
        mimetype: Buffer.from('application/epub+zip'),
        'EPUB/page.xhtml': Buffer.from(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><script>alert('selftest-epub')</script><img src="${u('selftest-epub.png')}" alt=""/></body></html>`),
      }),
    );
    const before = server.requests.length;
    const { findings, opened } = await openOutputsInChromium(path.join(dir, 'dist'));
    const requests = server.requests.slice(before).map((r) => r.url);
    expect(opened).toEqual(['dist/index.html', 'dist/iom/brief.epub!/EPUB/page.xhtml']);
    expect(requests.sort()).toEqual(['/selftest-epub.png', '/selftest.png']);
    expect(findings).toEqual(
      expect.arrayContaining([
        'dist/index.html: dialog alert "selftest-html"',
        `dist/index.html: requested ${u('selftest.png')}`,
        'dist/iom/brief.epub!/EPUB/page.xhtml: dialog alert "selftest-epub"',
      ]),
    );
  });
});

// ---------------------------------------------------------------------------------------------------

describe('symbolic and hard links out of the project', () => {
  it('should not read an image that is a symbolic link to a file outside', async () => {
    const c = await outside({ name: 'logo.png', content: pngWith });
    const dir = await project({ 'iom.md': await iomWith('![x](img/logo.png)') });
    await mkdir(path.join(dir, 'content/img'));
    await symlink(c.file, path.join(dir, 'content/img/logo.png'));
    expectRefusedOrClean(await buildAndInspect(dir, c.canary), ['img/logo.png']);
  });

  it('should not read an overlay template partial that is a symbolic link to a file outside', async () => {
    const c = await outside({ name: 'leak.hbs', content: (k) => `<p>${k}</p>` });
    const dir = await project({ 'iom.md': await iomSource() });
    await put(dir, 'briefpack.config.json', JSON.stringify({ templates: 'my-templates' }));
    await put(dir, 'my-templates/one-pager.hbs', (await builtIn('one-pager.hbs')).replace('</article>', '{{> leak}}\n  </article>'));
    await mkdir(path.join(dir, 'my-templates/partials'), { recursive: true });
    await symlink(c.file, path.join(dir, 'my-templates/partials/leak.hbs'));
    expectRefusedOrClean(await buildAndInspect(dir, c.canary), ['leak.hbs']);
  });

  it('should not read a templates folder that is a symbolic link to a folder outside', async () => {
    const c = await outside({ name: 'partials/leak.hbs', content: (k) => `<p>${k}</p>` });
    await put(c.dir, 'one-pager.hbs', (await builtIn('one-pager.hbs')).replace('</article>', `{{> leak}}<p>${c.canary}</p>\n  </article>`));
    const dir = await project({ 'iom.md': await iomSource() });
    await put(dir, 'briefpack.config.json', JSON.stringify({ templates: 'my-templates' }));
    await symlink(c.dir, path.join(dir, 'my-templates'));
    expectRefusedOrClean(await buildAndInspect(dir, c.canary), ['my-templates']);
  });

  it('should not read a content folder that is a symbolic link to a folder outside', async () => {
    const c = await outside({ name: 'iom.md', content: () => '' });
    await writeFile(c.file, await briefWith(c.canary));
    const dir = await project({});
    await put(dir, 'briefpack.config.json', JSON.stringify({ content: 'content2' }));
    await symlink(c.dir, path.join(dir, 'content2'));
    expectRefusedOrClean(await buildAndInspect(dir, c.canary), ['content2']);
  });

  it('should not read a brief that is a symbolic link to a file outside', async () => {
    const c = await outside({ name: 'evil.md', content: () => '' });
    await writeFile(c.file, await briefWith(c.canary));
    const dir = await project({ 'iom.md': await iomSource() });
    await symlink(c.file, path.join(dir, 'content/evil.md'));
    expectRefusedOrClean(await buildAndInspect(dir, c.canary), ['evil.md']);
  });

  it('should not read a config theme that is a symbolic link to a file outside', async () => {
    const c = await outside({ name: 'theme.css', content: () => '' });
    await writeFile(c.file, await themeWith(c.canary));
    const dir = await project({ 'iom.md': await iomSource() });
    await put(dir, 'briefpack.config.json', JSON.stringify({ theme: 'theme.css' }));
    await symlink(c.file, path.join(dir, 'theme.css'));
    expectRefusedOrClean(await buildAndInspect(dir, c.canary), ['theme.css']);
  });

  it('should not read a pack.yaml theme that is a symbolic link to a file outside', async () => {
    const c = await outside({ name: 't.css', content: () => '' });
    await writeFile(c.file, await themeWith(c.canary));
    const dir = await project({ 'iom.md': await iomSource(), 'pack.yaml': 'title: Paket\ntheme: t.css\n' });
    // Wherever briefpack looks for it (the project folder or the content folder), it is the link.
    await symlink(c.file, path.join(dir, 't.css'));
    await symlink(c.file, path.join(dir, 'content/t.css'));
    expectRefusedOrClean(await buildAndInspect(dir, c.canary), ['t.css']);
  });

  it('should not read an image through a symbolically linked folder', async () => {
    const c = await outside({ name: 'logo.png', content: pngWith });
    const dir = await project({ 'iom.md': await iomWith('![x](img/logo.png)') });
    await symlink(c.dir, path.join(dir, 'content/img'));
    expectRefusedOrClean(await buildAndInspect(dir, c.canary), ['img/logo.png', 'content/img']);
  });

  it('should not read an image that is a hard link to a file outside', async (ctx) => {
    const c = await outside({ name: 'logo.png', content: pngWith });
    const dir = await project({ 'iom.md': await iomWith('![x](img/logo.png)') });
    await mkdir(path.join(dir, 'content/img'));
    try {
      await link(c.file, path.join(dir, 'content/img/logo.png'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EXDEV') return ctx.skip('the project and the outside file are on different file systems');
      throw error;
    }
    expectRefusedOrClean(await buildAndInspect(dir, c.canary), ['img/logo.png']);
  });

  it('should not read a brief that is a hard link to a file outside', async (ctx) => {
    const c = await outside({ name: 'evil.md', content: () => '' });
    await writeFile(c.file, await briefWith(c.canary));
    const dir = await project({ 'iom.md': await iomSource() });
    try {
      await link(c.file, path.join(dir, 'content/evil.md'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EXDEV') return ctx.skip('the project and the outside file are on different file systems');
      throw error;
    }
    expectRefusedOrClean(await buildAndInspect(dir, c.canary), ['evil.md']);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('a theme breaking out of <style>', () => {
  it('should keep a theme ending in </style><script>...<style> from running anywhere', async () => {
    const theme = `${await builtIn('theme/theme.css')}\n</style><script>fetch('${u('theme-fetch')}');alert('theme-script');location.href='${u('theme-navigation')}';</script><style>\n`;
    const dir = await project({ 'iom.md': await iomSource(), 'pack.yaml': 'title: Paket\ntheme: evil-theme.css\n' });
    await put(dir, 'evil-theme.css', theme);
    await put(dir, 'content/evil-theme.css', theme);
    expectRefusedOrClean(await buildAndInspect(dir), ['evil-theme.css']);
  });

  it('should keep </STYLE > and other case and space variants from closing the style element', async () => {
    const variants = [
      `</STYLE ><script>alert('theme-upper-space')</script><style>`,
      `</sTyLe\t\n/><script>alert('theme-mixed-tab-slash')</script><style>`,
      `</style\f><svg><script>alert('theme-formfeed-svg')</script></svg><style>`,
    ];
    const theme = `${await builtIn('theme/theme.css')}\n${variants.join('\n')}\n`;
    const dir = await project({ 'iom.md': await iomSource(), 'pack.yaml': 'title: Paket\ntheme: evil-theme.css\n' });
    await put(dir, 'evil-theme.css', theme);
    await put(dir, 'content/evil-theme.css', theme);
    expectRefusedOrClean(await buildAndInspect(dir), ['evil-theme.css']);
  });

  it("should keep a theme's remote url() and @import out of every output", async () => {
    const theme = `@import url(${u('theme-import.css')});\n${await builtIn('theme/theme.css')}\nbody { background-image: url(${u('theme-bg.png')}); }\n@font-face { font-family: Leak; src: url("${u('theme-font.woff2')}"); }\nh2 { background: image-set("${u('theme-image-set.png')}" 1x); }\n`;
    const dir = await project({ 'iom.md': await iomSource(), 'pack.yaml': 'title: Paket\ntheme: remote-theme.css\n' });
    await put(dir, 'remote-theme.css', theme);
    await put(dir, 'content/remote-theme.css', theme);
    expectRefusedOrClean(await buildAndInspect(dir), ['remote-theme.css']);
  });

  it('should give the HTML outputs a CSP that lets no inline script run but the deck\'s own', async () => {
    const dir = await project({ 'iom.md': await iomSource() });
    const o = await buildAndInspect(dir);
    expect(o.result.code, o.result.stderr).toBe(0);
    expectClean(o);
    const deck = await scriptSrcOf(path.join(dir, 'dist/iom/slides.html'));
    expect(deck, 'slides.html has a meta CSP with a script-src').toBeDefined();
    expect(deck, "slides.html's script-src").not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|data:|blob:|https?:/);
    for (const page of ['dist/iom/one-pager.html', 'dist/index.html']) {
      expect(await scriptSrcOf(path.join(dir, page)), `${page}'s script-src`).toBe("'none'");
    }
  });
});

// ---------------------------------------------------------------------------------------------------

/** Raw HTML that GitHub's rules or a careless sanitiser might let through; each names itself. */
const sanitizerPayloads = () => [
  `<picture><source srcset="${u('san-picture-source.png')}, file:///etc/passwd"><img src="x.png" alt="san-picture"></picture>`,
  `<img src="x.png" srcset="${u('san-img-srcset.png')} 2x, file:///etc/passwd 3x" alt="san-img-srcset">`,
  `<video poster="${u('san-video-poster.png')}" src="${u('san-video-src.mp4')}" controls></video>`,
  `<base href="${u('san-base/')}">`,
  `<meta http-equiv="refresh" content="0;url=${u('san-meta-refresh')}">`,
  `<iframe srcdoc="<script>alert('san-iframe-srcdoc')</script>"></iframe>`,
  `<a href="jav&#x61;script:alert('san-entity-javascript')">san-entity-javascript</a>`,
  `<a href="JaVaScRiPt:alert('san-mixed-case-javascript')">san-mixed-case-javascript</a>`,
  `<a href=" javascript:alert('san-leading-space-javascript')">san-leading-space-javascript</a>`,
  `<a href="\tjava\tscript:alert('san-tab-javascript')">san-tab-javascript</a>`,
  `<a href="\njava\nscript:alert('san-newline-javascript')">san-newline-javascript</a>`,
  `<a href="data:text/html,<script>alert('san-data-html')</script>">san-data-html</a>`,
  `<form action="${u('san-form-action')}"><button formaction="${u('san-button-formaction')}">san-form</button></form>`,
  `<svg><a xlink:href="javascript:alert('san-svg-xlink')"><text>san-svg-xlink</text></a></svg>`,
  `<div style="background:url(${u('san-style-attribute.png')})">san-style-attribute</div>`,
  `<style>@import url(${u('san-style-import.css')});</style>`,
  // Beyond the list: more ways to spell a script URL, and more elements and attributes that load.
  `<a href="javascript&colon;alert('san-colon-entity')">san-colon-entity</a>`,
  `<a href="java&#0000115;cript:alert('san-zero-padded-entity')">san-zero-padded-entity</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert('san-decimal-entities')">san-decimal-entities</a>`,
  `<a href="vbscript:msgbox('san-vbscript')">san-vbscript</a>`,
  `<a href="#san-ping" ping="${u('san-ping')}">san-ping</a>`,
  `<iframe src="javascript:alert('san-iframe-javascript')"></iframe>`,
  `<object data="${u('san-object')}"></object><embed src="${u('san-embed')}">`,
  `<link rel="stylesheet" href="${u('san-link.css')}">`,
  `<input type="image" src="${u('san-input-image.png')}" alt="san-input-image">`,
  `<table background="${u('san-table-background.png')}"><tr><td background="${u('san-td-background.png')}">san-table</td></tr></table>`,
  `<svg><image href="${u('san-svg-image.png')}"/><use href="${u('san-svg-use.svg')}#a"/><a href="javascript:alert('san-svg-href')"><text>san-svg-href</text></a><animate attributeName="href" values="javascript:alert('san-svg-animate')"/></svg>`,
  `<details open ontoggle="alert('san-ontoggle')"><summary>san-details</summary>x</details>`,
  `<img src="x.png" alt="san-img-style" style="background:url(${u('san-img-style.png')})" onerror="alert('san-img-onerror')">`,
  `<img src="${u('san-img-remote-src.png')}" alt="san-img-remote-src">`,
];
/**
 * Namespace confusion (mXSS) and parser differentials: unclosed, each would swallow what follows, so
 * each has a brief of its own.
 */
const isolatedPayloads = (): Record<string, string> => ({
  'mxss.md': `<math><mtext><table><mglyph><style><img src=x.png onerror=alert('san-mxss')>`,
  'mxss-svg.md': `<svg></p><style><a id="</style><img src=x.png onerror=alert('san-mxss-svg')>">`,
  'mxss-noscript.md': `<noscript><p title="</noscript><img src=x.png onerror=alert('san-mxss-noscript')>">`,
});

/** A project of briefs: the payloads, each in its own paragraph, and each isolated one, each wrapped by `wrap`. */
async function sanitizerProject(wrap: (html: string) => string): Promise<{ dir: string; files: string[] }> {
  const body = sanitizerPayloads().map(wrap).join('\n\n');
  const briefs: Record<string, string> = { 'payloads.md': await iomWith(`## 3. Ham HTML\n\nHer biri kendini adlandırır.\n\n${body}\n\nSon paragraf.`) };
  for (const [name, html] of Object.entries(isolatedPayloads())) briefs[name] = await iomWith(`## 3. Ham HTML\n\nAd alanı karışıklığı.\n\n${wrap(html)}\n\nSon paragraf.`);
  const dir = await project(briefs);
  await put(dir, 'content/x.png', tinyPng);
  return { dir, files: Object.keys(briefs).map((n) => `content/${n}`) };
}

describe('sanitiser bypasses in raw HTML', () => {
  it('should let no payload in the body run or load anything', async () => {
    const { dir, files } = await sanitizerProject((html) => html);
    expectRefusedOrClean(await buildAndInspect(dir), files);
  });

  it('should let no payload in a :::slides block run or load anything', async () => {
    const { dir, files } = await sanitizerProject((html) => `:::slides\n${html}\n:::`);
    expectRefusedOrClean(await buildAndInspect(dir), files);
  });

  it('should let no payload in a :::notes block run or load anything', async () => {
    const { dir, files } = await sanitizerProject((html) => `Notlu paragraf.\n\n:::notes\n${html}\n:::`);
    expectRefusedOrClean(await buildAndInspect(dir), files);
  });
});

// ---------------------------------------------------------------------------------------------------

/** An SVG that tries everything an image can: scripts, handlers, remote images, frames, styles. */
const evilSvg = () => `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40" viewBox="0 0 40 40" onload="alert('svg-onload')">
  <script>alert('svg-script')</script>
  <script xlink:href="${u('svg-script-src.js')}"/>
  <style>@import url(${u('svg-style-import.css')}); rect { fill: url(${u('svg-style-fill.svg')}#p); }</style>
  <defs><g id="a"><rect width="10" height="10"/></g></defs>
  <image href="${u('svg-image-href.png')}" width="10" height="10"/>
  <image xlink:href="${u('svg-image-xlink.png')}" width="10" height="10"/>
  <use href="${u('svg-use.svg')}#a"/>
  <use xlink:href="${u('svg-use-xlink.svg')}#a"/>
  <a xlink:href="javascript:alert('svg-a-xlink')"><rect x="10" width="10" height="10"/></a>
  <a href="javascript:alert('svg-a-href')"><rect x="20" width="10" height="10"/></a>
  <rect y="20" width="10" height="10" onclick="alert('svg-onclick')" style="fill: url(${u('svg-style-attribute.svg')}#p)"/>
  <set attributeName="href" to="javascript:alert('svg-set')"/>
  <animate attributeName="href" values="javascript:alert('svg-animate')"/>
  <foreignObject width="40" height="40">
    <iframe xmlns="http://www.w3.org/1999/xhtml" src="${u('svg-foreign-iframe')}"></iframe>
    <img xmlns="http://www.w3.org/1999/xhtml" src="${u('svg-foreign-img.png')}" onerror="alert('svg-foreign-onerror')"/>
  </foreignObject>
</svg>
`;

describe('hostile images', () => {
  it('should refuse images outside the project at their lines', async () => {
    const briefs: Record<string, [string, string]> = {
      'dotdot.md': ['![x](../../../../etc/passwd)', '../../../../etc/passwd'],
      'percent.md': ['![x](%2e%2e/%2e%2e/etc/passwd)', '%2e%2e/%2e%2e/etc/passwd'],
      'slides-raw.md': [':::slides\n<img src="../../../../etc/passwd">\n:::', '<img src='],
      'notes-raw.md': ['Notlu paragraf.\n\n:::notes\n<img src="../../../../etc/passwd">\n:::', '<img src='],
    };
    const sources = Object.fromEntries(await Promise.all(Object.entries(briefs).map(async ([name, [md]]) => [name, await iomWith(md)] as const)));
    const dir = await project(sources);
    const o = await buildAndInspect(dir);
    expectRefused(o, Object.keys(briefs));
    for (const [name, [, needle]] of Object.entries(briefs)) {
      expectErrorAt(o.result, `content/${name}`, lineOf(sources[name]!, needle), needle.startsWith('<') ? '/etc/passwd' : needle);
    }
  });

  it('should report an image with bad %-escapes as an error at its file:line, not a stack trace', async () => {
    const source = await iomWith('Metin.\n\n![x](img/%E0%A4%A.png)');
    const dir = await project({ 'iom.md': source });
    const o = await buildAndInspect(dir);
    expectRefused(o, ['content/iom.md']);
    // The message names the image (its bad escape may be shown re-escaped, %25).
    expectErrorAt(o.result, 'content/iom.md', lineOf(source, '%E0%A4%A'), 'img/%E0%A4%');
  });

  it('should turn remote, site-path and file: images into their alt text with a warning, loading nothing', async () => {
    const remote = await iomWith(
      [
        `![remote-alt-text](${u('img-remote.png')})`,
        `![protocol-relative-alt](//127.0.0.1:${server.port}/img-protocol-relative.png)`,
        `<img src="${u('img-raw-remote.png')}" alt="raw-remote-alt">`,
        // An absolute path is a site's path, never a file of this machine.
        '![absolute-path-alt](/etc/passwd)',
      ].join('\n\n'),
    );
    const fileUrl = await iomWith('![file-url-alt](file:///etc/passwd)');
    const dir = await project({ 'remote.md': remote, 'fileurl.md': fileUrl });
    const o = await buildAndInspect(dir);
    // The remote images are warnings at their lines and their alt text stands in.
    expect(o.result.stderr).toMatch(new RegExp(`^content/remote\\.md:${lineOf(remote, 'img-remote.png')}(:\\d+)? warning .*${escapeRe(u('img-remote.png'))}`, 'm'));
    const html = await readFile(path.join(dir, 'dist/remote/one-pager.html'), 'utf8');
    expect(html).toContain('remote-alt-text');
    expect(html).toContain('protocol-relative-alt');
    expect(html).toContain('raw-remote-alt');
    expect(html).toContain('absolute-path-alt');
    expect(html).not.toContain('root:x:0:0');
    expect(o.result.stderr).toMatch(new RegExp(`^content/remote\\.md:${lineOf(remote, '/etc/passwd')}(:\\d+)? warning image /etc/passwd is a path on a web site`, 'm'));
    // file: is not in the project either: an error at its line, or (built) its alt text stands in.
    const fileLine = lineOf(fileUrl, 'file:///etc/passwd');
    if (new RegExp(`^content/fileurl\\.md:${fileLine}(:\\d+)? error `, 'm').test(o.result.stderr)) {
      expect(o.result.code).toBe(1);
    } else {
      expect(await readFile(path.join(dir, 'dist/fileurl/one-pager.html'), 'utf8')).toContain('file-url-alt');
    }
    expectRefusedOrClean(o, ['content/fileurl.md']);
  });

  it('should strip everything that runs or loads from an SVG image, in every output and the EPUB', async () => {
    const dir = await project({ 'iom.md': await iomWith('![evil-svg](img/evil.svg)\n\n:::slides\n![evil-svg-slide](img/evil.svg)\n:::') });
    await put(dir, 'content/img/evil.svg', evilSvg());
    expectRefusedOrClean(await buildAndInspect(dir), ['img/evil.svg']);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('a templates overlay and template syntax in content', () => {
  it('should refuse or strip remote references in an overlay epub/epub.css', async () => {
    const dir = await project({ 'iom.md': await iomSource() });
    await put(dir, 'briefpack.config.json', JSON.stringify({ templates: 'my-templates' }));
    await put(
      dir,
      'my-templates/epub/epub.css',
      `@import url(${u('epub-import.css')});\n${await builtIn('epub/epub.css')}\n.bp-epub { background: url(${u('epub-background.png')}); }\n@font-face { font-family: Leak; src: url("${u('epub-font.woff2')}"); }\n`,
    );
    expectRefusedOrClean(await buildAndInspect(dir), ['epub.css']);
  });

  it('should print Handlebars syntax in front matter and body literally', async () => {
    const title = "{{constructor.constructor('return process')()}}";
    const subtitle = '{{#with this}}{{meta.author}}{{/with}}';
    const summary = "{{#each this}}{{@key}}{{/each}} {{> head-meta}} {{{meta.title}}} {{lookup this 'constructor'}}";
    const body = "Gövde {{constructor.constructor('return process.exit(7)')()}} ve {{#with @root}}{{this}}{{/with}}.";
    const source = (await iomSource())
      .replace(/^title: .*$/m, `title: "${title}"`)
      .replace(/^subtitle: .*$/m, `subtitle: "${subtitle}"`)
      .replace(/^summary: >-\n(  .*\n)+/m, `summary: "${summary}"\n`)
      .replace('## 1. Genel Bilgi', `## 1. Genel Bilgi\n\n${body}\n`);
    const dir = await project({ 'iom.md': source });
    const o = await buildAndInspect(dir);
    expect(o.result.code, o.result.stderr).toBe(0);
    expectClean(o);
    const doc = parse(await readFile(path.join(dir, 'dist/iom/one-pager.html'), 'utf8'));
    const all = elements(doc);
    // Printed as written, but for the typography every text gets (quotation marks, soft hyphens).
    expect(asTyped(textContent(all.find((e) => e.tagName === 'title')!))).toBe(`${title} — ${subtitle}`);
    expect(asTyped(textContent(all.find((e) => attr(e, 'class')?.split(' ').includes('bp-summary'))!))).toBe(summary);
    expect(asTyped(textContent(all.find((e) => e.tagName === 'article')!))).toContain(body);
    expect(asTyped(pdfInfo(path.join(dir, 'dist/iom/brief.pdf')).Title ?? '')).toContain(title);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('hostile YAML front matter', () => {
  it('should stop a YAML alias bomb quickly with an error at the file and line, no stack trace', async () => {
    const letters = 'abcdefghi';
    const bomb = [`lol-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`, ...[...letters].slice(1).map((l, i) => `lol-${l}: &${l} [${Array(9).fill(`*${letters[i]}`).join(',')}]`)].join('\n');
    const source = await iomFrontMatterWith(bomb);
    const dir = await project({ 'iom.md': source });
    const before = server.requests.length;
    const result = await runCliLimited(['build'], dir, 30_000);
    if (process.env.HOSTILE_LOG) await appendFile(process.env.HOSTILE_LOG, `## ${expect.getState().currentTestName}\n${dir}: exit ${result.code} in ${result.ms} ms\n${result.stderr}\n`);
    expect(result.timedOut, 'the build was killed after 30 s').toBe(false);
    expect(result.ms, 'the build took').toBeLessThan(15_000);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).not.toMatch(stackFrame);
    expect(result.stderr).toMatch(/^content\/iom\.md:\d+(:\d+)? error /m);
    const findings = await scanOutputs(path.join(dir, 'dist'));
    expect(findings).toEqual([]);
    expect(server.requests.slice(before)).toEqual([]);
  });

  it('should report an unclosed quote at its own line', async () => {
    const source = (await iomSource()).replace(/^---\n#[^\n]*\n/, '---\nlang: tr\n').replace(/^lang: tr\n(?![\s\S]*^lang: tr\n)/m, '').replace(/^title: .*$/m, 'title: "Kapanmamış tırnak');
    // The quote is on the front matter's second line: the file's third.
    expect(source.split('\n')[2]).toBe('title: "Kapanmamış tırnak');
    expect(source.match(/^lang: tr$/gm)).toHaveLength(1);
    const dir = await project({ 'iom.md': source });
    const o = await buildAndInspect(dir);
    expectRefused(o, ['content/iom.md']);
    expectErrorAt(o.result, 'content/iom.md', 3);
  });
});
