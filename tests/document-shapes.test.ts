import { describe, expect, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import { withoutSoftHyphens } from './helpers.js';

// The shapes of Markdown people bring, at the parse: each rule of the content plugins that make them
// build as they are (the corpus in tests/fixtures/real/ builds them whole).
const brief = (body: string) => `---
title: Deneme Notu
organisation: Örnek
author: Ekip
lang: tr
asOf: 2026-11-25
summary: Kısa özet.
facts:
  - key: members
    label: Üyeler
    value: 169 üye
---

${body}
`;
const parse = (body: string) => parseBrief(brief(body), 'content/x.md', { today: new Date('2026-11-30') });
const tags = (html: string) => [...html.matchAll(/<(h\d)[^>]*>([^<]*)</g)].map(([, tag, text]) => `${tag} ${text}`);

describe('documents shaped otherwise', () => {
  it('take their sections from the heading levels they use', () => {
    expect(tags(parse('# Bir\n\nA.\n\n# İki\n\n## İki.1\n\nB.').doc.html)).toEqual(['h2 Bir', 'h2 İki', 'h3 İki.1']);
    expect(parse('### Bir\n\nA.\n\n### İki\n\nB.').doc.sections.map((s) => s.title)).toEqual(['Bir', 'İki']);
    // A lone # over ## chapters is a section of its own, or goes when it repeats the title.
    expect(tags(parse('# Giriş\n\nA.\n\n## Bir\n\n## İki').doc.html)).toEqual(['h2 Giriş', 'h2 Bir', 'h2 İki']);
    expect(tags(parse('# Deneme notu\n\nA.\n\n## Bir\n\n## İki').doc.html)).toEqual(['h2 Bir', 'h2 İki']);
    // One ## over ### subsections keeps its shape.
    expect(tags(parse('## Bir\n\n### Bir.1\n\n### Bir.2').doc.html)).toEqual(['h2 Bir', 'h3 Bir.1', 'h3 Bir.2']);
  });

  it('come out of a wrapper around the whole body, keeping its direction', () => {
    const { doc } = parse('<div dir="rtl" markdown="1">\n\n## Bir\n\nA.\n\n## İki\n\n*B*.\n\n</div>');
    expect(doc.sections.map((s) => s.title)).toEqual(['Bir', 'İki']);
    expect(doc.slides.map((s) => s.title)).toEqual(['Bir', 'İki']);
    expect(doc.html).toContain('<p dir="rtl"><em>B</em>.</p>');
  });

  it('have the Markdown inside an HTML block read, and HTML structure kept raw', () => {
    const { doc } = parse('<aside>\n**Not:** [bağlantı](https://example.org) ve :fact[members].\n</aside>\n\n<table>\n<tr><td>**ham**</td></tr>\n</table>');
    expect(withoutSoftHyphens(doc.html)).toContain('<aside>\n<p><strong>Not:</strong> <a href="https://example.org">bağlantı</a> ve 169 üye.</p>\n</aside>');
    expect(doc.html).toContain('<td>**ham**</td>');
  });

  it('have HTML that XHTML refuses repaired, words kept', () => {
    const { doc } = parse('<pre><p>bir</p><p>iki</p></pre>\n\n<div><em><div>üç</div></em></div>');
    expect(doc.html).toContain('<pre>bir\niki</pre>');
    expect(doc.html).toContain('<div><em>üç</em></div>');
  });

  it('mark links that show their own address, and warn of a footnote nothing refers to', () => {
    const { doc, warnings } = parse('Bkz. https://example.org ve [site](https://example.org).\n\n[^yalnız]: Kimsesiz dipnot.');
    expect(doc.html).toContain('<a href="https://example.org" class="bp-bare-link">https://example.org</a>');
    expect(doc.html).toContain('<a href="https://example.org">site</a>');
    expect(warnings).toEqual([expect.objectContaining({ rule: 'briefpack:footnote-unused', place: expect.objectContaining({ line: 16 }) })]);
  });
});
