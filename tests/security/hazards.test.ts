import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cssHazards } from '../../src/hazards.js';
import { readHtml } from '../../src/read-back/read-outputs.js';

// What the read-back check finds in an output before it is written: each of these got past an
// earlier version of it, put there by a theme or a template overlay.
const page = (body: string, head = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const book = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head></head><body>${body}</body></html>`;

describe('what the read-back check finds', () => {
  it('should see through CSS escapes, comment markers in strings and every image-set candidate', () => {
    expect(cssHazards('body{background:u\\72l(https://a/x.png)}', 't')).toEqual(['url(https://a/x.png) in t']);
    expect(cssHazards('@\\69mport "x.css";', 't')).toContain('@import in t');
    expect(cssHazards('a::before{content:"/*"} body{background:url(https://a/x)} a::after{content:"*/"}', 't')).toEqual(['url(https://a/x) in t']);
    expect(cssHazards('x{background:image-set("data:image/png;base64,AA" 1x, "https://a/x.png" 2x)}', 't')).toEqual(['image-set https://a/x.png in t']);
    expect(cssHazards('x{background:url("data:text/css,@import url(https://a)")}', 't')).not.toEqual([]);
  });

  it('should let pass what loads nothing: data: images and fonts, fragments, smooth scrolling, media ranges', () => {
    expect(cssHazards('@font-face{src:url(data:font/woff2;base64,AAAA) format("woff2")} x{background:url("data:image/png;base64,AA"); fill:url(#g); scroll-behavior:smooth} @media (width < 600px){a{color:red}}', 't')).toEqual([]);
  });

  it('should find prefixed XHTML and SVG elements and attributes in a book', () => {
    const found = readHtml(
      book(
        '<h:link xmlns:h="http://www.w3.org/1999/xhtml" rel="stylesheet" href="https://a/x.css"/>' +
          '<s:svg xmlns:s="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><s:image x:href="https://a/p.png"/></s:svg>' +
          '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
      ),
      true,
    );
    expect(found.hazards.join('\n')).toMatch(/href="https:\/\/a\/x\.css" on <h:link>/);
    expect(found.hazards.join('\n')).toMatch(/x:href="https:\/\/a\/p\.png" on <s:image>/);
    expect(found.scripts).toHaveLength(1);
  });

  it('should decode entities in a style element before reading its CSS, and find a style sheet in a data: URL', () => {
    expect(readHtml(book('<style>body{background:u&#x72;l(https://a/x)}</style>'), true).hazards).toEqual(['url(https://a/x) in a <style> element']);
    expect(readHtml(page('', '<link rel="stylesheet" href="data:text/css;base64,QGltcG9ydCB1cmwoaHR0cHM6Ly9hL3guY3NzKTs=">')).hazards).not.toEqual([]);
  });

  it('should not be hidden by style markup inside an attribute, a near-miss end tag or an unclosed style', () => {
    expect(readHtml(page('<p title="<style>"><img src="https://a/x.png"><i title="</style>">')).hazards).toContain('src="https://a/x.png" on <img>');
    expect(readHtml(page('<style>a{}</stylex>{} body{background:url(https://a/x)}</style>')).hazards).toContain('url(https://a/x) in a <style> element');
    expect(readHtml(page('<style>@import "https://a/x.css";')).hazards).toContain('@import in a <style> element');
  });

  it('should find SVG animations that set an href, and url() in presentation attributes', () => {
    const found = readHtml(page('<svg><image href="data:,"><set attributeName="href" to="https://a/x.png"/></image><rect filter="url(https://a/f.svg#f)"/></svg>')).hazards;
    expect(found).toContain('<set> changing an href');
    expect(found).toContain('url(https://a/f.svg#f) in filter of <rect>');
  });

  it('should report every inline script by its hash, whatever policy the page declares for it', () => {
    const script = 'evil()';
    const hash = createHash('sha256').update(script).digest('base64');
    const read = readHtml(page(`<script>${script}</script>`, `<meta http-equiv="Content-Security-Policy" content="script-src 'sha256-${hash}'">`));
    // The caller compares with the scripts its format ships; the page's own policy counts for nothing.
    expect(read.scripts).toEqual([hash]);
  });

  it('should find handlers, frames and script links however they are spelt', () => {
    const found = readHtml(page('<img src="data:image/png;base64,AA" ONLOAD="x()"><iframe srcdoc="<script>x()</script>"></iframe><a href="jav&#x61;script:alert(1)">a</a><a href=" java\tscript:alert(1)">b</a><meta http-equiv="refresh" content="0;url=https://a">')).hazards.join('\n');
    for (const expected of [/event handler onload on <img>/, /<iframe> element/, /srcdoc on <iframe>/, /href="javascript:alert\(1\)" on <a>/, /href=" java\tscript:alert\(1\)" on <a>/, /refresh/]) expect(found).toMatch(expected);
  });
});
