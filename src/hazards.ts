import { createHash } from 'node:crypto';

/**
 * What in an output would run or load something when a reader opens it: the outputs promise to do
 * neither. Looked for in a project's style sheets as they are loaded (so that the file is named), and
 * in every output as it is read back, whatever put it there (content past the sanitiser, a template
 * overlay, a theme), so that the build refuses to write it. Each is a short description.
 */

// Elements that load or navigate by their nature.
const loadingElements = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal']);
// Attributes whose value the browser fetches.
const fetchedAttributes = new Set(['src', 'srcset', 'poster', 'data', 'action', 'formaction', 'background', 'xlink:href', 'ping', 'manifest']);
// Elements whose `href` is fetched, not followed.
const fetchingHref = new Set(['link', 'image', 'use', 'feimage', 'script', 'tref']);

/**
 * Data URLs load nothing, but an HTML or XHTML one is a page of its own (scripts included). A
 * relative URL loads a file beside the output: fine inside an EPUB (its own files), not from a page
 * meant to stand alone, where it reaches the reader's disk.
 */
const isInert = (url: string, withinBook: boolean) => {
  const u = url.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  if (u === '' || u.startsWith('#')) return true;
  if (u.startsWith('data:')) return !/^data:(text\/html|application\/xhtml)/.test(u);
  return withinBook && !/^[a-z][a-z0-9+.-]*:|^\/|^\\/.test(u);
};

const isScriptUrl = (url: string) => /^\s*(javascript|vbscript|data\s*:\s*(text\/html|application\/xhtml|image\/svg))/i.test(url.replace(/[\u0000-\u001f]/g, ''));

/** References a style sheet (a <style>, a style attribute, a CSS file) makes. */
export function cssHazards(css: string, where: string, withinBook = false): string[] {
  const found: string[] = [];
  // Comments hide nothing from a browser's tokenizer only when closed; unclosed, the rest is comment.
  const code = css.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ');
  if (/@import/i.test(code)) found.push(`@import in ${where}`);
  for (const m of code.matchAll(/\burl\(\s*(["']?)([^"')]*)/gi)) if (!isInert(m[2]!, withinBook)) found.push(`url(${m[2]!.slice(0, 80)}) in ${where}`);
  for (const m of code.matchAll(/image-set\(\s*(["'])([^"']*)/gi)) if (!isInert(m[2]!, withinBook)) found.push(`image-set ${m[2]!.slice(0, 80)} in ${where}`);
  if (/(?<![\w-])(expression\s*\(|behavior\s*:|-moz-binding)/i.test(code)) found.push(`a scripting CSS extension in ${where}`);
  return found;
}

/** The hazards of one HTML, XHTML or SVG document, fed element by element as a streaming parser reads it. */
export class HtmlHazards {
  readonly found: string[] = [];
  private readonly scripts: string[] = [];
  private policy: string | null = null;

  /** `withinBook`: a file of an EPUB, whose relative references are to the book's own files. */
  constructor(private readonly withinBook = false) {}

  openTag(name: string, attributes: Record<string, string>): void {
    const tag = name.toLowerCase();
    if (loadingElements.has(tag)) this.found.push(`<${tag}> element`);
    if (tag === 'meta' && /refresh/i.test(attributes['http-equiv'] ?? '')) this.found.push('<meta http-equiv="refresh">');
    if (tag === 'meta' && /content-security-policy/i.test(attributes['http-equiv'] ?? '')) this.policy = attributes.content ?? '';
    if (tag === 'script' && attributes.src !== undefined) this.found.push(`<script src="${attributes.src.slice(0, 80)}">`);
    for (const [key, value] of Object.entries(attributes)) {
      const attribute = key.toLowerCase();
      if (attribute.startsWith('on')) this.found.push(`event handler ${attribute} on <${tag}>`);
      else if (attribute === 'style') this.found.push(...cssHazards(value, `the style of <${tag}>`, this.withinBook));
      else if (attribute === 'srcdoc') this.found.push(`srcdoc on <${tag}>`);
      else if (attribute === 'srcset' || attribute === 'imagesrcset') {
        for (const candidate of value.split(',')) if (!isInert(candidate.trim().split(/\s+/)[0] ?? '', this.withinBook)) this.found.push(`${attribute} ${candidate.trim().slice(0, 80)} on <${tag}>`);
      } else if (fetchedAttributes.has(attribute) || (attribute === 'href' && fetchingHref.has(tag))) {
        if (!isInert(value, this.withinBook)) this.found.push(`${attribute}="${value.slice(0, 80)}" on <${tag}>`);
      } else if ((attribute === 'href' || attribute.endsWith(':href') || attribute === 'formaction') && isScriptUrl(value)) {
        this.found.push(`${attribute}="${value.slice(0, 80)}" on <${tag}>`);
      }
    }
  }

  /** A <script> element's text. */
  script(text: string): void {
    this.scripts.push(text);
  }

  /** A <style> element's text. */
  style(text: string): void {
    this.found.push(...cssHazards(text, 'a <style> element', this.withinBook));
  }

  /**
   * Everything found. A script counts unless the document's own Content-Security-Policy names it by
   * its hash and lets nothing else run: then the browser runs that script and no other.
   */
  result(): string[] {
    const scriptSrc = /(?:^|;)\s*script-src\s+([^;]*)/i.exec(this.policy ?? '')?.[1] ?? '';
    const strict = this.policy !== null && !/'unsafe-inline'|'unsafe-eval'|'strict-dynamic'|\*|:/i.test(scriptSrc.replace(/'sha256-[^']*'/g, ''));
    const allowed = new Set(strict ? scriptSrc.match(/'sha256-[^']*'/g) ?? [] : []);
    for (const text of this.scripts) {
      if (!allowed.has(`'sha256-${createHash('sha256').update(text).digest('base64')}'`)) this.found.push(`a <script> element the page's policy does not name (${text.trim().slice(0, 40)}...)`);
    }
    return [...new Set(this.found)];
  }
}
