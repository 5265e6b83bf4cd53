import { createHash } from 'node:crypto';

/**
 * What in an output would run or load something when a reader opens it: the outputs promise to do
 * neither. Looked for in a project's style sheets as they are loaded (so that the file is named), and
 * in every output as it is read back, whatever put it there (content past the sanitiser, a template
 * overlay, a theme), so that the build refuses to write it. Each is a short description.
 */

// Elements that load, navigate or run by their nature (local names: `h:iframe` is an iframe).
const loadingElements = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal', 'foreignobject']);
// Attributes whose value the browser fetches.
const fetchedAttributes = new Set(['src', 'srcset', 'imagesrcset', 'poster', 'data', 'action', 'formaction', 'background', 'ping', 'manifest', 'codebase', 'archive']);
// Elements whose `href` (any prefix: `xlink:href`, `x:href`) is fetched, not followed.
const fetchingHref = new Set(['link', 'image', 'use', 'feimage', 'script', 'tref', 'style', 'pattern', 'filter', 'lineargradient', 'radialgradient', 'mpath', 'textpath', 'cursor']);
// Attributes whose value is CSS: a style, and SVG's presentation attributes that take a url().
const cssAttributes = new Set(['style', 'fill', 'stroke', 'filter', 'clip-path', 'mask', 'marker', 'marker-start', 'marker-mid', 'marker-end', 'cursor']);
// SVG elements that can set another attribute (an href) as time passes.
const animations = new Set(['set', 'animate', 'animatemotion', 'animatetransform', 'animatecolor', 'discard']);

/** The local name of a possibly prefixed XML name: `xlink:href` -> `href`, `h:script` -> `script`. */
export const localName = (name: string) => name.slice(name.lastIndexOf(':') + 1).toLowerCase();

/**
 * Whether a URL loads nothing. A data: URL is inline, unless it is a page (HTML, XHTML), a style
 * sheet (it may @import) or a script. A relative URL loads a file beside the output: fine inside an
 * EPUB (its own files), not from a page meant to stand alone, where it reaches the reader's disk.
 */
function isInert(url: string, withinBook: boolean): boolean {
  // The scheme and media type are all that matter: an inlined font is a hundred kilobytes long.
  const u = url.slice(0, 200).replace(/[\u0000-\u0020]/g, '').toLowerCase();
  if (u === '' || u.startsWith('#')) return true;
  if (u.startsWith('data:')) return !/^data:(text\/(html|css|javascript|ecmascript)|application\/(xhtml|javascript|ecmascript)|[^,;]*script)/.test(u);
  return withinBook && !/^[a-z][a-z0-9+.-]*:|^\/|^\\/.test(u);
}

const isScriptUrl = (url: string) => /^(javascript|vbscript|data:(text\/html|application\/xhtml|image\/svg))/i.test(url.replace(/[\u0000-\u0020]/g, ''));

const hexCodePoint = (hex: string) => {
  const n = parseInt(hex, 16);
  return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
};

/**
 * A style sheet as a browser tokenizes it: comments gone, escapes (`u\72l`) decoded, and each string
 * set aside (`\u0000N\u0000` stands for the N-th), so that no string can hide code and no comment
 * marker inside a string can hide a rule.
 */
function tokenizeCss(css: string): { code: string; strings: string[] } {
  const strings: string[] = [];
  // Most style sheets escape nothing and comment nothing: their strings are as written.
  if (!/\\|\/\*/.test(css)) {
    const code = css.replace(/"[^"\n]*"?|'[^'\n]*'?/g, (s) => `\u0000${strings.push(s.length > 1 && s.endsWith(s[0]!) ? s.slice(1, -1) : s.slice(1)) - 1}\u0000`);
    return { code, strings };
  }
  const code: string[] = [];
  // Inlined fonts make style sheets of hundreds of kilobytes: plain runs are copied whole.
  const special = /\/\*|["'\\]/g;
  const escape = /\\(?:([0-9a-f]{1,6})[ \t\n\f]?|(\r\n|[\n\f])|([\s\S])|$)/iy;
  const unescape = (at: number) => {
    escape.lastIndex = at;
    const m = escape.exec(css)!;
    return { text: m[1] ? hexCodePoint(m[1]) : (m[3] ?? ''), end: escape.lastIndex };
  };
  let i = 0;
  while (i < css.length) {
    special.lastIndex = i;
    const found = special.exec(css);
    const at = found ? found.index : css.length;
    code.push(css.slice(i, at));
    if (!found) break;
    const c = found[0];
    if (c === '/*') {
      const end = css.indexOf('*/', at + 2);
      code.push(' ');
      i = end < 0 ? css.length : end + 2;
    } else if (c === '\\') {
      const { text, end } = unescape(at);
      code.push(text);
      i = end;
    } else {
      // A string ends at its quote or, unclosed, at the line's end.
      let value = '';
      let j = at + 1;
      const stops = c === '"' ? /["\\\n]/g : /['\\\n]/g;
      for (;;) {
        stops.lastIndex = j;
        const end = stops.exec(css)?.index ?? css.length;
        value += css.slice(j, end);
        if (end >= css.length || css[end] !== '\\') {
          j = end + 1;
          break;
        }
        const { text, end: next } = unescape(end);
        value += text;
        j = next;
      }
      code.push(`\u0000${strings.push(value) - 1}\u0000`);
      i = j;
    }
  }
  return { code: code.join(''), strings };
}

/** References a style sheet (a <style>, a style attribute, a CSS file, an attribute's value) makes. */
export function cssHazards(css: string, where: string, withinBook = false): string[] {
  const found: string[] = [];
  const { code, strings } = tokenizeCss(css);
  const value = (token: string) => token.replace(/\u0000(\d+)\u0000/g, (_, n: string) => strings[Number(n)] ?? '');
  if (/@import/i.test(code)) found.push(`@import in ${where}`);
  // url(x), url("x"), src("x"): the one URL each takes.
  for (const m of code.matchAll(/(?<![\w-])(url|src)\(\s*(\u0000\d+\u0000|[^)\s]*)/gi)) {
    const url = value(m[2]!);
    if (!isInert(url, withinBook)) found.push(`${m[1]!.toLowerCase()}(${url.slice(0, 80)}) in ${where}`);
  }
  // image-set("a" 1x, "b" 2x) and its kin take bare strings as URLs: every one of them.
  // Cheap tests first: most style sheets use none of the rarer functions.
  const imageFunctions = /image(-set)?\(|cross-fade\(|element\(/i.test(code) ? code.matchAll(/(?<![\w-])(?:-webkit-)?(image-set|image|cross-fade|element)\(([^)]*)\)/gi) : [];
  for (const m of imageFunctions) {
    for (const s of m[2]!.matchAll(/\u0000\d+\u0000/g)) if (!isInert(value(s[0]), withinBook)) found.push(`${m[1]} ${value(s[0]).slice(0, 80)} in ${where}`);
  }
  if (/expression|behavior|-moz-binding/i.test(code) && /(?<![\w-])(expression\s*\(|behavior\s*:|-moz-binding)/i.test(code)) found.push(`a scripting CSS extension in ${where}`);
  return found;
}

/** The hazards of one HTML, XHTML or SVG document, fed element by element as a streaming parser reads it. */
export class HtmlHazards {
  readonly found: string[] = [];
  /** The sha256 (base64) of each inline script's text, for the caller to compare with the scripts it ships. */
  readonly scripts: string[] = [];

  /** `withinBook`: a file of an EPUB, whose relative references are to the book's own files. */
  constructor(private readonly withinBook = false) {}

  openTag(name: string, attributes: Record<string, string>): void {
    const tag = localName(name);
    if (loadingElements.has(tag)) this.found.push(`<${name}> element`);
    if (tag === 'meta' && /refresh/i.test(attributes['http-equiv'] ?? '')) this.found.push('<meta http-equiv="refresh">');
    if (tag === 'script' && Object.keys(attributes).some((a) => localName(a) === 'src' || localName(a) === 'href')) this.found.push(`<${name}> with a source`);
    if (animations.has(tag) && /href/i.test(attributes.attributeName ?? attributes.attributename ?? '')) this.found.push(`<${name}> changing an href`);
    for (const [key, value] of Object.entries(attributes)) {
      const attribute = localName(key);
      if (attribute.startsWith('on')) this.found.push(`event handler ${key} on <${name}>`);
      else if (attribute === 'srcdoc') this.found.push(`srcdoc on <${name}>`);
      else if (attribute === 'srcset' || attribute === 'imagesrcset') {
        for (const candidate of value.split(',')) if (!isInert(candidate.trim().split(/\s+/)[0] ?? '', this.withinBook)) this.found.push(`${key} ${candidate.trim().slice(0, 80)} on <${name}>`);
      } else if (fetchedAttributes.has(attribute) || (attribute === 'href' && fetchingHref.has(tag))) {
        if (!isInert(value, this.withinBook)) this.found.push(`${key}="${value.slice(0, 80)}" on <${name}>`);
      } else if (attribute === 'href' && isScriptUrl(value)) this.found.push(`${key}="${value.slice(0, 80)}" on <${name}>`);
      // A style attribute, or a presentation attribute (`filter="url(...)"`), is CSS.
      if (cssAttributes.has(attribute)) this.found.push(...cssHazards(value, `${key} of <${name}>`, this.withinBook));
    }
  }

  /** A <script> element's text. */
  script(text: string): void {
    this.scripts.push(createHash('sha256').update(text).digest('base64'));
  }

  /** A <style> element's text, entities decoded (XHTML and SVG decode them before CSS sees the text). */
  style(text: string): void {
    this.found.push(...cssHazards(text, 'a <style> element', this.withinBook));
  }

  result(): string[] {
    return [...new Set(this.found)];
  }
}
