import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { sanitizeSvg } from '../../src/content/sanitize-svg.js';

const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';
const svg = (body: string, attributes = '') => `<svg ${NS}${attributes}>${body}</svg>`;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

interface Node { name: string; attributes: Record<string, string>; children: (Node | string)[] }

/** The element tree of an SVG as XML sees it: namespace declarations and layout whitespace left out. */
function structure(text: string): Node {
  const root: Node = { name: '#document', attributes: {}, children: [] };
  const stack = [root];
  let texts: string[] = [];
  const flush = () => {
    if (texts.join('').trim()) stack.at(-1)!.children.push(texts.join(''));
    texts = [];
  };
  new Parser({
    onopentag(name, attributes) {
      const kept = Object.entries(attributes).filter(([n]) => n !== 'xmlns' && !n.startsWith('xmlns:'));
      const node: Node = { name, attributes: Object.fromEntries(kept), children: [] };
      stack.at(-1)!.children.push(node);
      stack.push(node);
    },
    ontext(data) { texts.push(data); }, // an entity splits a text in several calls
    onopentagname() { flush(); },
    onclosetag() { flush(); stack.pop(); },
  }, { xmlMode: true }).end(text.replace(/<!DOCTYPE[^>]*>/, ''));
  return root.children.find((c): c is Node => typeof c !== 'string')!;
}

const names = (text: string) => [...text.matchAll(/<([\w:-]+)/g)].map((m) => m[1]);

const LOGO = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Acme logo, exported by hand -->
<svg ${NS} version="1.1" width="240" height="80" viewBox="0 0 240 80">
  <title>Acme &amp; Co</title>
  <desc>Company logo</desc>
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="1" y2="1" gradientUnits="objectBoundingBox">
      <stop offset="0" stop-color="#0a4"/>
      <stop offset="1" stop-color="#036" stop-opacity="0.8"/>
    </linearGradient>
    <radialGradient id="glow" xlink:href="#sky" cx="0.5" cy="0.5" r="0.5"/>
    <clipPath id="round"><rect width="240" height="80" rx="12"/></clipPath>
    <path id="a" d="M0 0 L10 20 L20 0 Z"/>
    <filter id="shadow" x="-10%" y="-10%" width="120%" height="120%">
      <feGaussianBlur in="SourceAlpha" stdDeviation="2"/>
      <feOffset dx="1" dy="1" result="s"/>
      <feMerge><feMergeNode in="s"/><feMergeNode in="SourceGraphic"/></feMerge>
    </filter>
    <style><![CDATA[ .word { font-family: 'Noto Sans', sans-serif; font-weight: 700 } .mark > path { fill: url(#glow) } ]]></style>
  </defs>
  <g clip-path="url(#round)">
    <rect width="240" height="80" fill="url(#sky)"/>
    <g class="mark"><use href="#a" x="20" y="30" fill="#fff"/>
    <use xlink:href="#a" x="40" y="30" transform="rotate(180 50 40)" style="fill: #ffd; opacity: .9"/></g>
    <text x="70" y="50" class="word" font-size="28" fill="white" filter="url(#shadow)" xml:space="preserve">Acme <tspan font-style="italic">&amp; Co</tspan></text>
    <circle cx="220" cy="20" r="6" fill="none" stroke="#fff" stroke-width="2" stroke-dasharray="2 1"/>
    <image x="200" y="50" width="16" height="16" href="${PNG}"/>
  </g>
</svg>
`;

/** One trick each; the property test below runs them all. */
const HOSTILE: Record<string, string> = {
  'script element': svg('<script>alert(1)</script><script type="text/javascript"><![CDATA[fetch("https://e.test/x")]]></script><rect width="1"/>'),
  'prefixed svg:script': `<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script><svg:rect width="1"/></svg:svg>`,
  'script in the default namespace of a child': svg('<g><script xmlns="http://www.w3.org/2000/svg">alert(1)</script></g>'),
  'event handlers in any case': svg('<rect width="1" onclick="alert(1)" ONLOAD="alert(2)" OnMouseOver="alert(3)"/>', ' onload="alert(0)"'),
  'javascript: href obfuscated': svg(
    '<a href="jav&#x61;script:alert(1)"><rect width="1"/></a><a xlink:href=" JaVa&#x09;ScRiPt:alert(2)"><circle r="1"/></a>' +
    '<use href="&#106;avascript:alert(3)"/><use xlink:href="javascript&#58;alert(4)"/>'),
  'remote href on image, use and feImage': svg(
    '<image href="https://e.test/a.png" width="9" height="9"/><image xlink:href="//e.test/b.png"/>' +
    '<use href="http://e.test/sprite.svg#icon"/><use xlink:href="file:///etc/passwd#x"/><use href="other.svg#x"/>' +
    '<filter id="f"><feImage href="https://e.test/c.png"/><feImage xlink:href="http://e.test/d.png"/></filter>'),
  'xlink under another prefix': `<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink"><use l:href="https://e.test/x.svg#a"/></svg>`,
  'image with an SVG data URL': svg('<image href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"/><image href="#a"/>'),
  'foreignObject with HTML': svg(
    '<foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://e.test/"/>' +
    '<img src="x" onerror="alert(1)"/><script>alert(2)</script></body></foreignObject>'),
  'link element': svg('<a href="https://e.test/" target="_blank"><text>Click</text></a>'),
  'style element with @import': svg('<style>@import url(https://e.test/a.css); rect { fill: red }</style><rect width="1"/>'),
  'style element with a remote url()': svg('<style><![CDATA[ rect { fill: url( "https://e.test/p.svg#g" ) } ]]></style>'),
  'style element with a CSS-escaped url()': svg('<style>svg { background: u\\72 l(//e.test/x.png) }</style>'),
  'style element with image-set()': svg('<style>svg { background-image: image-set("https://e.test/x.png" 1x) }</style>'),
  'style element with expression()': svg('<style>rect { width: expression(alert(1)) }</style>'),
  'style element closing itself in CDATA': svg('<style><![CDATA[ </style><script>alert(1)</script> ]]></style>'),
  'style attribute with a remote url()': svg('<rect width="1" style="fill: URL(http://e.test/p.svg#g); stroke: red"/>'),
  'presentation attribute with a remote url()': svg('<rect width="1" fill="url(https://e.test/p.svg#g)" filter="url(\'//e.test/f.svg#f\')"/>'),
  'animations that change an href': svg(
    '<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>' +
    '<use href="#a"><animate attributeName="href" values="https://e.test/x.svg#a" begin="0s"/></use>' +
    '<rect width="1"><animateTransform attributeName="transform" type="rotate" from="0" to="360" dur="1s"/>' +
    '<animateMotion path="M0 0 L1 1" dur="1s"/></rect>'),
  'billion laughs': `<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n  ')}
]>
<svg ${NS}><text>&lol9;</text></svg>`,
  'external entity': `<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "https://e.test/x.dtd"> %p;]>
<svg ${NS}><text>&xxe;</text></svg>`,
  'processing instruction': `<?xml version="1.0"?><?xml-stylesheet type="text/css" href="https://e.test/x.css"?>${svg('<rect width="1"/><?php echo 1 ?>')}`,
  'metadata and foreign namespaces': `<svg ${NS} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.3">
<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="https://e.test/"/></rdf:RDF></metadata>
<inkscape:grid/><rect width="1" inkscape:label="https://e.test/"/></svg>`,
};

const sanitized = (name: string) => sanitizeSvg(HOSTILE[name]!);

describe('sanitizeSvg', () => {
  it('should drop script elements and their text', () => {
    const { svg: out, removed } = sanitized('script element');
    expect(names(out)).toEqual(['svg', 'rect']);
    expect(out).not.toMatch(/alert|fetch/);
    expect(removed).toContain('script element');
  });

  it('should drop a script element written with an svg: prefix', () => {
    const { svg: out, removed } = sanitized('prefixed svg:script');
    expect(structure(out)).toEqual({ name: 'svg', attributes: {}, children: [{ name: 'rect', attributes: { width: '1' }, children: [] }] });
    expect(removed).toContain('svg:script element');
  });

  it('should drop event handler attributes whatever their case', () => {
    const { svg: out, removed } = sanitized('event handlers in any case');
    expect(structure(out)).toEqual({ name: 'svg', attributes: {}, children: [{ name: 'rect', attributes: { width: '1' }, children: [] }] });
    expect(removed).toEqual(expect.arrayContaining(['onload attribute', 'onclick attribute', 'ONLOAD attribute', 'OnMouseOver attribute']));
  });

  it('should drop javascript: hrefs hidden by entities, whitespace and case', () => {
    const { svg: out, removed } = sanitized('javascript: href obfuscated');
    expect(out).not.toMatch(/href|script|alert/i);
    expect(names(out)).toEqual(['svg', 'g', 'rect', 'g', 'circle', 'use', 'use']);
    expect(removed.filter((r) => r.startsWith('javascript: href'))).toHaveLength(4);
  });

  it('should drop remote href and xlink:href on image, use and feImage', () => {
    const { svg: out, removed } = sanitized('remote href on image, use and feImage');
    expect(out).not.toMatch(/href|e\.test|passwd|other\.svg/);
    expect(names(out)).toEqual(['svg', 'use', 'use', 'use', 'filter', 'feImage', 'feImage']);
    expect(removed).toContain('remote href https://e.test/a.png');
    expect(removed).toContain('remote href file:///etc/passwd#x');
  });

  it('should recognise xlink:href under any prefix bound to XLink', () => {
    const { svg: out, removed } = sanitized('xlink under another prefix');
    expect(out).not.toMatch(/href|e\.test/);
    expect(removed).toEqual(['remote href https://e.test/x.svg#a']);
  });

  it('should keep same-document #id references and raster data: URLs on images', () => {
    const input = svg(`<image href="${PNG}"/><image xlink:href="data:image/jpeg;base64,/9j/4AAQ"/><use href="#a"/><use xlink:href="#b"/>`);
    const { svg: out, removed } = sanitizeSvg(input);
    expect(structure(out)).toEqual(structure(input));
    expect(removed).toEqual([]);
  });

  it('should drop an image whose href is not a raster data: URL, even a #fragment', () => {
    const { svg: out, removed } = sanitized('image with an SVG data URL');
    expect(names(out)).toEqual(['svg']);
    expect(removed).toEqual([expect.stringMatching(/^data: href data:image\/svg/), 'image element without a raster data: URL', 'fragment href #a']);
  });

  it('should drop foreignObject with the HTML inside it', () => {
    const { svg: out, removed } = sanitized('foreignObject with HTML');
    expect(names(out)).toEqual(['svg']);
    expect(removed).toEqual(['foreignObject element']);
  });

  it('should turn a link into a group, keeping its content and dropping the link', () => {
    const { svg: out, removed } = sanitized('link element');
    expect(structure(out)).toEqual({ name: 'svg', attributes: {}, children: [{ name: 'g', attributes: {}, children: [{ name: 'text', attributes: {}, children: ['Click'] }] }] });
    expect(removed).toEqual(expect.arrayContaining(['a element (link), kept as g', 'remote href https://e.test/', 'target attribute']));
  });

  it.each([
    ['style element with @import', '@import'],
    ['style element with a remote url()', 'url(https://e.test/p.svg#g)'],
    ['style element with a CSS-escaped url()', 'url(//e.test/x.png)'],
    ['style element with image-set()', 'CSS image function'],
    ['style element with expression()', 'expression('],
    ['style element closing itself in CDATA', '</'],
  ])('should drop a %s', (name, reason) => {
    const { svg: out, removed } = sanitized(name);
    expect(out).not.toMatch(/<style/);
    expect(removed).toContain(`style element (${reason})`);
  });

  it('should keep a safe style element, CDATA and url(#id) included, as escaped text', () => {
    const { svg: out, removed } = sanitizeSvg(svg('<style><![CDATA[ .a > b { fill: url(#g) } ]]></style>'));
    expect(out).toContain('<style> .a &gt; b { fill: url(#g) } </style>');
    expect(removed).toEqual([]);
  });

  it('should drop a style attribute with a remote url() and keep a safe one', () => {
    const { svg: out, removed } = sanitizeSvg(HOSTILE['style attribute with a remote url()']!.replace('/>', '/><circle style="fill:url(#g)"/>'));
    expect(structure(out).children).toEqual([
      { name: 'rect', attributes: { width: '1' }, children: [] },
      { name: 'circle', attributes: { style: 'fill:url(#g)' }, children: [] },
    ]);
    expect(removed).toEqual(['style attribute (url(http://e.test/p.svg#g))']);
  });

  it('should drop presentation attributes pointing outside the document', () => {
    const { svg: out, removed } = sanitized('presentation attribute with a remote url()');
    expect(structure(out).children).toEqual([{ name: 'rect', attributes: { width: '1' }, children: [] }]);
    expect(removed).toEqual(['fill attribute (url(https://e.test/p.svg#g))', "filter attribute (url(//e.test/f.svg#f))"]);
  });

  it('should drop set, animate, animateTransform and animateMotion', () => {
    const { svg: out, removed } = sanitized('animations that change an href');
    expect(names(out)).toEqual(['svg', 'g', 'text', 'use', 'rect']);
    expect(removed).toEqual(expect.arrayContaining(['set element', 'animate element', 'animateTransform element', 'animateMotion element']));
  });

  it('should strip a DOCTYPE with entities without expanding them (billion laughs)', () => {
    const started = performance.now();
    const { svg: out, removed } = sanitized('billion laughs');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(out.length).toBeLessThan(200);
    expect(out).not.toMatch(/(lol){2}|ENTITY|DOCTYPE/);
    expect(removed).toContain('DOCTYPE internal subset (entities not expanded)');
  });

  it('should not resolve external entities', () => {
    const { svg: out } = sanitized('external entity');
    expect(out).not.toMatch(/root:|passwd|ENTITY|x\.dtd/);
  });

  it('should find the end of a DOCTYPE past quoted brackets', () => {
    const { svg: out } = sanitizeSvg(`<!DOCTYPE svg [<!ENTITY t "]><svg onload='alert(1)'>"><!-- ]> -->]><svg ${NS}><rect/></svg>`);
    expect(out).toBe('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>');
  });

  it('should resolve a plain DOCTYPE entity used as a namespace, as Illustrator writes', () => {
    const input = `<!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]><svg xmlns="&ns_svg;"><rect width="2"/></svg>`;
    expect(names(sanitizeSvg(input).svg)).toEqual(['svg', 'rect']);
  });

  it('should drop processing instructions', () => {
    const { svg: out, removed } = sanitized('processing instruction');
    expect(out).not.toMatch(/<\?|stylesheet|php/);
    expect(removed).toEqual(['processing instruction xml-stylesheet', 'processing instruction php']);
  });

  it('should drop metadata and elements and attributes of other namespaces', () => {
    const { svg: out, removed } = sanitized('metadata and foreign namespaces');
    expect(structure(out)).toEqual({ name: 'svg', attributes: {}, children: [{ name: 'rect', attributes: { width: '1' }, children: [] }] });
    expect(removed).toEqual(['inkscape:version attribute', 'metadata element', 'inkscape:grid element', 'inkscape:label attribute']);
  });

  it.each([
    ['<html><body/></html>', 'the root element is <html>'],
    ['<svg xmlns="http://www.w3.org/1999/xhtml"/>', 'the root element is <svg>'],
    ['<svg><g></svg>', '<g> is not closed'],
    ['<svg><rect/>', '<svg> is not closed'],
    ['<svg/><svg/>', '<svg> after the root element'],
    ['hello <svg/>', 'text outside the root element'],
    ['', 'no root element'],
    ['<!DOCTYPE svg [<!ENTITY a "x">', 'unterminated DOCTYPE'],
  ])('should refuse %j as not an SVG document', (input, why) => {
    expect(() => sanitizeSvg(input)).toThrow(`not an SVG document: ${why}`);
  });

  it('should keep a realistic logo element for element and attribute for attribute', () => {
    const { svg: out, removed } = sanitizeSvg(LOGO);
    expect(removed).toEqual([]);
    expect(structure(out)).toEqual(structure(LOGO));
  });

  it('should declare the SVG namespace, and the XLink one only when xlink attributes remain', () => {
    expect(sanitizeSvg('<svg><use xlink:href="#a"/></svg>').svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" xmlns:xlink="http:\/\/www\.w3\.org\/1999\/xlink">/);
    expect(sanitizeSvg(svg('<use href="#a"/>')).svg).not.toContain('xmlns:xlink');
  });

  it('should escape attribute values and text', () => {
    const { svg: out } = sanitizeSvg(svg('<text id="a&quot;b" aria-label="x &lt; y &amp; z">a &lt; b &amp; c &gt; d</text>'));
    expect(out).toContain('<text id="a&quot;b" aria-label="x &lt; y &amp; z">a &lt; b &amp; c &gt; d</text>');
  });

  it.each(Object.keys(HOSTILE))('should leave nothing that runs or loads after sanitising: %s', (name) => {
    const out = sanitized(name).svg.replace(/ xmlns(?::\w+)?="[^"]*"/g, ''); // namespace names are not fetched
    expect(out).toMatch(/^<svg/);
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/\son\w+\s*=/i);
    expect(out).not.toMatch(/javascript:/i);
    expect(out).not.toMatch(/\b(?:https?|file):/i);
    expect(out).not.toMatch(/["'(=\s]\/\//);
    expect(out).not.toMatch(/@import/i);
  });

  it.each([...Object.keys(HOSTILE), 'LOGO'])('should write output that sanitises to itself: %s', (name) => {
    const { svg: out } = sanitizeSvg(HOSTILE[name] ?? LOGO);
    expect(sanitizeSvg(out)).toEqual({ svg: out, removed: [] });
  });
});
