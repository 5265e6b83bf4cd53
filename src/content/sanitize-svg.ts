import { Parser } from 'htmlparser2';

/**
 * An author's SVG made safe to inline as a data: URL, print, or store in an EPUB, where it may be
 * opened alone: an allowlist of presentational elements and attributes, so nothing runs, links or
 * loads (scripts, handlers, remote or javascript: references, external CSS, animations that could
 * rewrite an href). Pure. htmlparser2 in XML mode decodes only the predefined and numeric entities;
 * it never expands a DOCTYPE's entities or fetches anything, and the DOCTYPE is cut out beforehand.
 */
export interface SanitizedSvg { svg: string; removed: string[] }

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const words = (s: string) => s.trim().split(/\s+/);
const FILTER_PRIMITIVES = words(`feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
  feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
  feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting
  feSpotLight feTile feTurbulence`);
const ELEMENTS = new Set([...words(`svg g defs symbol use switch path rect circle ellipse line polyline
  polygon text tspan textPath linearGradient radialGradient stop pattern clipPath mask marker title desc
  image filter style`), ...FILTER_PRIMITIVES]);
/** Where text is content; elsewhere it is indentation (or junk), and goes. */
const TEXT_PARENTS = new Set(['text', 'tspan', 'textPath', 'title', 'desc', 'style']);
/** Elements whose href may also be a raster data: URL (an <image> without one is dropped). */
const RASTER_HOLDERS = new Set(['image', 'feImage']);
const ATTRIBUTES = new Set(words(`id class style lang xml:space xml:lang role aria-label aria-hidden
  systemLanguage href xlink:href type media
  x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength transform viewBox
  preserveAspectRatio version dx dy rotate textLength lengthAdjust startOffset method spacing side
  offset gradientUnits gradientTransform spreadMethod patternUnits patternContentUnits patternTransform
  clipPathUnits maskUnits maskContentUnits markerUnits markerWidth markerHeight refX refY orient
  filterUnits primitiveUnits in in2 result mode values tableValues slope intercept amplitude exponent
  operator k1 k2 k3 k4 order kernelMatrix divisor bias targetX targetY edgeMode kernelUnitLength
  preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent scale xChannelSelector
  yChannelSelector stdDeviation radius baseFrequency numOctaves seed stitchTiles azimuth elevation
  pointsAtX pointsAtY pointsAtZ limitingConeAngle z
  alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
  color-interpolation-filters color-rendering direction display dominant-baseline enable-background
  fill fill-opacity fill-rule filter flood-color flood-opacity font font-family font-size
  font-size-adjust font-stretch font-style font-variant font-weight glyph-orientation-horizontal
  glyph-orientation-vertical image-rendering isolation kerning letter-spacing lighting-color marker
  marker-end marker-mid marker-start mask mix-blend-mode opacity overflow paint-order pointer-events
  shape-rendering stop-color stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap
  stroke-linejoin stroke-miterlimit stroke-opacity stroke-width text-anchor text-decoration
  text-rendering transform-origin unicode-bidi vector-effect visibility word-spacing writing-mode`));
/**
 * What makes a value run or load, tested on it with CSS escapes decoded, whitespace gone and lower
 * case (browsers ignore tabs and newlines in URLs; `u\72l(` is `url(` to CSS). Besides `url(`, the
 * CSS image functions take a bare string URL. `url(` itself is checked separately: `#id` only.
 */
const UNSAFE: [RegExp, string][] = [
  [/(?:java|vb)script:/, 'javascript:'],
  [/@import/, '@import'],
  [/expression\(/, 'expression('],
  [/<\//, '</'],
  [/(?:image-set|image|cross-fade|element|src)\(/, 'CSS image function'],
];
const FRAGMENT = /^#[\p{L}\p{N}_.:-]+$/u;
const RASTER_DATA = /^data:image\/(?:png|jpe?g|gif|webp)[;,]/;
// Characters XML 1.0 forbids outright (they would make the output not well-formed).
const NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

interface Frame {
  name: string; // the SVG local name, or the raw name of a dropped element
  keep: boolean; // false: this element and everything inside it are dropped
  ns: Map<string, string>; // prefix ('' for the default) -> namespace URI in scope
  start: number; // index of its start tag in the output
  css?: string[]; // a kept <style>'s text, judged when it closes
}

const fail = (why: string): never => { throw new Error(`not an SVG document: ${why}`); };
const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);
const compact = (s: string) => s.replace(/[\s\x00-\x1f\x7f]+/g, '').toLowerCase();
const codePoint = (n: number) => (n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd');
const decodeCssEscapes = (s: string) =>
  s.replace(/\\(?:([0-9a-f]{1,6})\s?|([\s\S]))/gi, (_, hex?: string, ch?: string) => (hex ? codePoint(parseInt(hex, 16)) : ch ?? ''));
const escape = (s: string, pattern: RegExp) =>
  s.replace(NOT_XML, '').replace(pattern, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export function sanitizeSvg(text: string): SanitizedSvg {
  const removed = new Set<string>();
  const { xml, entities } = stripDoctype(text, removed);
  const out: string[] = [];
  const stack: Frame[] = [];
  let done = false; // the root has closed
  let xlink = false; // an xlink: attribute was kept, so the root declares the prefix
  const parser: Parser = new Parser({
    onopentag(raw, attributes) {
      if (done) fail(`<${raw}> after the root element`);
      const parent = stack.at(-1);
      const ns = scope(parent?.ns, attributes, entities);
      const local = svgName(raw, ns);
      if (!parent && local !== 'svg') fail(`the root element is <${raw}>`);
      const frame: Frame = { name: local ?? raw, keep: false, ns, start: out.length };
      stack.push(frame);
      if (parent && !parent.keep) return; // inside a dropped element: already reported
      if (parent?.css) return void removed.add(`${raw} element in style`);
      // A link becomes a group: its children and transform stay, its target and remote href go.
      if (local === 'a') removed.add('a element (link), kept as g');
      else if (!local || !ELEMENTS.has(local)) return void removed.add(`${raw} element`);
      const name = local === 'a' ? 'g' : local;
      const kept = keptAttributes(name, attributes, ns, removed);
      if (name === 'image' && !kept.some(([n]) => n.endsWith('href'))) {
        return void removed.add('image element without a raster data: URL');
      }
      xlink ||= kept.some(([n]) => n.startsWith('xlink:'));
      Object.assign(frame, { name, keep: true, css: name === 'style' ? [] : undefined });
      out.push(`<${name}${kept.map(([n, v]) => ` ${n}="${escape(v, /[&<>"]/g)}"`).join('')}>`);
    },
    ontext(data) {
      const top = stack.at(-1);
      if (!top) return void (data.trim() && fail('text outside the root element'));
      if (!top.keep || !TEXT_PARENTS.has(top.name)) return;
      if (top.css) top.css.push(data);
      else out.push(escape(data, /[&<>]/g));
    },
    onclosetag(raw, implied) {
      // htmlparser2 calls a self-closed `<x/>` implied too; any other implied close is a missing end tag.
      if (implied && xml[parser.endIndex - 1] !== '/') fail(`<${raw}> is not closed`);
      const frame = stack.pop()!;
      done = stack.length === 0;
      if (frame.keep) closeElement(frame, out, removed);
    },
    onprocessinginstruction(name) {
      if (name.toLowerCase() !== '?xml') removed.add(`${name.startsWith('?') ? 'processing instruction' : 'declaration'} ${name.slice(1)}`);
    },
  }, { xmlMode: true });
  parser.end(xml);
  if (!out.length) fail('no root element');
  out[0] = out[0]!.replace(/^<svg/, `<svg xmlns="${SVG_NS}"${xlink ? ` xmlns:xlink="${XLINK_NS}"` : ''}`);
  return { svg: out.join(''), removed: [...removed] };
}

/** Ends a kept element: `<x/>` when empty, and a <style> only if its text is safe. */
function closeElement(frame: Frame, out: string[], removed: Set<string>): void {
  if (frame.css) {
    const css = frame.css.join('');
    const problem = unsafeReason(css);
    if (problem) return void (out.splice(frame.start), removed.add(`style element (${problem})`));
    if (css) out.push(escape(css, /[&<>]/g));
  }
  if (out.length - 1 === frame.start) out[frame.start] = out[frame.start]!.replace(/>$/, '/>');
  else out.push(`</${frame.name}>`);
}

/** The namespaces in scope on an element: its parent's plus its own declarations. */
function scope(parent: Map<string, string> | undefined, attributes: Record<string, string>, entities: Map<string, string>) {
  const ns = new Map(parent ?? [['xml', XML_NS], ['xlink', XLINK_NS]]);
  for (const [name, value] of Object.entries(attributes)) {
    // Illustrator writes xmlns="&ns_svg;" with the URI in the DOCTYPE: the one place a plain entity is resolved.
    const uri = entities.get(/^&([\w.:-]+);$/.exec(value)?.[1] ?? '') ?? value;
    if (name === 'xmlns') ns.set('', uri);
    else if (name.startsWith('xmlns:')) ns.set(name.slice(6), uri);
  }
  return ns;
}

/** An element's local name if it is in the SVG namespace (a root without xmlns counts as SVG). */
function svgName(raw: string, ns: Map<string, string>): string | undefined {
  const colon = raw.indexOf(':');
  const uri = colon < 0 ? ns.get('') ?? SVG_NS : ns.get(raw.slice(0, colon));
  return uri === SVG_NS ? raw.slice(colon + 1) : undefined;
}

/** An attribute's name as written out (`xlink:` for the XLink namespace whatever its prefix), or undefined. */
function attributeName(raw: string, ns: Map<string, string>): string | undefined {
  const colon = raw.indexOf(':');
  if (colon < 0) return raw;
  const uri = ns.get(raw.slice(0, colon)), local = raw.slice(colon + 1);
  return uri === XLINK_NS ? `xlink:${local}` : uri === XML_NS ? `xml:${local}` : undefined;
}

function keptAttributes(element: string, attributes: Record<string, string>, ns: Map<string, string>, removed: Set<string>) {
  const kept: [string, string][] = [];
  for (const [raw, value] of Object.entries(attributes)) {
    if (raw === 'xmlns' || raw.startsWith('xmlns:')) continue; // the output declares its own
    const name = attributeName(raw, ns);
    if (!name || !ATTRIBUTES.has(name)) {
      removed.add(`${raw} attribute`);
      continue;
    }
    const href = name.endsWith('href') ? hrefProblem(element, value) : undefined;
    const problem = href ?? unsafeReason(value);
    if (problem) removed.add(href ?? `${raw} attribute (${problem})`);
    else kept.push([name, value]);
  }
  return kept;
}

/** Only a same-document `#id`, or a raster data: URL on an image (which needs one) or feImage. */
function hrefProblem(element: string, value: string): string | undefined {
  const url = compact(value);
  if (element !== 'image' && FRAGMENT.test(value.trim())) return undefined;
  if (RASTER_HOLDERS.has(element) && RASTER_DATA.test(url)) return undefined;
  const kind = /^(?:java|vb)script:/.test(url) ? 'javascript:' : /^data:/.test(url) ? 'data:' : url.startsWith('#') ? 'fragment' : 'remote';
  return `${kind} href ${clip(value.trim())}`;
}

/** Why a value (an attribute or a stylesheet) could run or load something; undefined when it cannot. */
function unsafeReason(value: string): string | undefined {
  const css = compact(decodeCssEscapes(value));
  const found = UNSAFE.find(([pattern]) => pattern.test(css));
  if (found) return found[1];
  const refs = [...css.matchAll(/url\(([^)]*)/g)].map((m) => m[1]!.replace(/^["']|["']$/g, ''));
  const remote = refs.find((ref) => !FRAGMENT.test(ref));
  return remote === undefined ? undefined : `url(${clip(remote)})`;
}

/**
 * Cuts out the DOCTYPE: its internal subset is where billion-laughs and external entities live, and
 * htmlparser2 would read it as junk. Plain text entities are kept aside for namespace declarations only.
 */
function stripDoctype(text: string, removed: Set<string>): { xml: string; entities: Map<string, string> } {
  const entities = new Map<string, string>();
  const start = text.search(/<!DOCTYPE/i);
  if (start < 0) return { xml: text, entities };
  let quote = '', open = -1, close = -1, i = start + 9;
  for (; i < text.length; i++) { // quotes and comments may hide `]` and `>`
    const c = text[i];
    if (quote) quote = c === quote ? '' : quote;
    else if (open >= 0 && close < 0 && text.startsWith('<!--', i)) i = text.indexOf('-->', i) < 0 ? text.length : text.indexOf('-->', i) + 2;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '[' && open < 0) open = i;
    else if (c === ']' && open >= 0 && close < 0) close = i;
    else if (c === '>' && (open < 0 || close >= 0)) break;
  }
  if (i >= text.length) fail('unterminated DOCTYPE');
  if (open >= 0) {
    removed.add('DOCTYPE internal subset (entities not expanded)');
    for (const m of text.slice(open, close).matchAll(/<!ENTITY\s+([\w.:-]+)\s+(["'])([^"'&%<]{0,200})\2\s*>/g)) entities.set(m[1]!, m[3]!);
  }
  return { xml: text.slice(0, start) + text.slice(i + 1), entities };
}
