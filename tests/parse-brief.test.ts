import { describe, expect, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import { BriefpackError } from '../src/errors.js';
import { iomSource, withoutSoftHyphens } from './helpers.js';

const brief = (body: string, extra = '') => `---
title: Deneme
organisation: Örnek
author: Ekip
lang: tr
asOf: 2026-11-25
summary: Kısa özet.
${extra}facts:
  - key: members
    label: Üyeler
    value: 169 üye
---

${body}
`;

const fails = (source: string) => {
  try {
    parseBrief(source, 'content/x.md');
  } catch (error) {
    expect(error).toBeInstanceOf(BriefpackError);
    return error as BriefpackError;
  }
  throw new Error('should have failed');
};

describe('parseBrief', () => {
  it('should give the IOM brief its facts in order, its sections and a table of contents', async () => {
    const { doc, warnings } = parseBrief(await iomSource(), 'content/iom.md', { today: new Date('2016-12-01') });
    expect(warnings).toEqual([]);
    expect(doc.meta).toMatchObject({ slug: 'iom', lang: 'tr', asOf: '2016-07-31' });
    expect(doc.facts.map((f) => f.label)).toEqual(['Kuruluş Tarihi', 'Merkez', 'Amacı', 'Üyeler', 'Resmi Dili', 'Genel Direktörü', 'Türkiye ile İlişkileri']);
    expect(doc.sections.map((s) => s.title)).toEqual(['1. Genel Bilgi', '2. Türkiye’de IOM']);
    expect(doc.toc.filter((t) => t.depth === 3)).toHaveLength(4);
  });

  it('should flag a brief and its dated facts older than the allowed age, at their lines', async () => {
    const source = await iomSource();
    const lineOf = (needle: string, from = 0) => source.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    const { warnings } = parseBrief(source, 'content/iom.md', { today: new Date('2026-11-25'), maxAgeMonths: 12 });
    expect(warnings.map((w) => [w.place.line, w.message.replace(/,.*/, '')])).toEqual([
      [lineOf('asOf: 2016-07-31'), 'the brief is as of 31 July 2016'],
      [lineOf('asOf:', lineOf('key: members')), 'fact "Üyeler" (members) is as of 31 July 2016'],
      [lineOf('asOf:', lineOf('key: director-general')), 'fact "Genel Direktörü" (director-general) is as of 31 July 2016'],
    ]);
    expect(warnings.every((w) => w.severity === 'warning' && /older than 12 months/.test(w.message))).toBe(true);
    // Within the age, nothing.
    expect(parseBrief(source, 'content/iom.md', { today: new Date('2017-07-30'), maxAgeMonths: 12 }).warnings).toEqual([]);
  });

  it('should replace :fact[key] with the fact value', () => {
    const { doc } = parseBrief(brief(':fact[members] ile çalışır.'), 'content/x.md');
    expect(withoutSoftHyphens(doc.html)).toContain('<p>169 üye ile çalışır.</p>');
  });

  it('should fail on an unknown fact key at its line and column', () => {
    const error = fails(brief('Giriş.\n\nMetin :fact[uyeler] burada.'));
    expect(error.place).toEqual({ file: 'content/x.md', line: 16, column: 7 });
    expect(error.message).toMatch(/unknown fact `uyeler`.*members/);
  });

  it('should tell the first unknown fact in the text, also one inside emphasis before another', () => {
    const error = fails(brief('Metin *:fact[birinci]* ve :fact[ikinci], :fact[members] ile.'));
    expect(error.message).toMatch(/unknown fact `birinci`/);
    const { doc } = parseBrief(brief('**:fact[members]** ve :fact[members]; *a :fact[members]*'), 'content/x.md');
    expect(withoutSoftHyphens(doc.html)).toContain('<strong>169 üye</strong> ve 169 üye; <em>a 169 üye</em>');
  });

  it('should leave prose that looks like a directive as it was written', () => {
    const { doc } = parseBrief(brief('Not:önemli ve saat 10:30, oran 3:1.'), 'content/x.md');
    expect(doc.html).toContain('Not:önemli ve saat 10:30, oran 3:1.');
  });

  it('should warn about an unknown block directive and keep its content', () => {
    const { doc, warnings } = parseBrief(brief(':::kutu\nİçerik kalır.\n:::'), 'content/x.md');
    expect(withoutSoftHyphens(doc.html)).toContain('İçerik kalır.');
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', place: { file: 'content/x.md', line: 14, column: 1 } })]);
  });

  it('should keep footnote links working after sanitising', () => {
    const { doc } = parseBrief(brief('Metin[^1].\n\n[^1]: Dipnot.'), 'content/x.md');
    const ids = [...doc.html.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
    const targets = [...doc.html.matchAll(/href="#([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(targets.length).toBeGreaterThanOrEqual(2);
    for (const t of targets) expect(ids).toContain(t);
  });

  it('should label footnotes in the language of the brief', () => {
    const { doc } = parseBrief(brief('Metin[^1].\n\n[^1]: Dipnot.'), 'content/x.md');
    expect(doc.html).toContain('>Dipnotlar</h2>');
    expect(doc.html).toContain('aria-label="Metne dön 1"');
    expect(doc.html).not.toMatch(/Footnotes|Back to reference/);
    expect(doc.toc.map((t) => t.title)).toEqual(['Dipnotlar']);
  });

  it('should give every link and task checkbox a name a screen reader can say', () => {
    const html = (body: string) => withoutSoftHyphens(parseBrief(brief(body), 'content/x.md').doc.html);
    // An address written inside an author's link is not linked again (HTML would empty the outer link).
    expect(html('<aside>Sorular: <a href="mailto:kvkk@ornek.org.tr">kvkk@ornek.org.tr</a></aside>')).toContain('Sorular: <a href="mailto:kvkk@ornek.org.tr" class="bp-bare-link">kvkk@ornek.org.tr</a>');
    expect(html('Bkz. <a href="https://a.org/x">https://b.org/y</a>.')).toContain('<a href="https://a.org/x">https://b.org/y</a>.');
    // A link with nothing to read shows its address.
    expect(html('[](https://ornek.org/bos) ve [![](https://ornek.org/rozet.svg)](https://ornek.org/ci)')).toMatch(/<a href="https:\/\/ornek.org\/bos" class="bp-bare-link">https:\/\/ornek.org\/bos<\/a> ve <a href="https:\/\/ornek.org\/ci" class="bp-bare-link">.*https:\/\/ornek.org\/ci<\/a>/);
    // A checkbox and its item's text are one label, in tight and loose lists, before a nested list.
    expect(html('- [x] Bitti\n- [ ] Kaldı\n  - alt')).toMatch(/<li class="task-list-item"><label><input type="checkbox" checked disabled> Bitti<\/label><\/li>\n<li class="task-list-item"><label><input type="checkbox" disabled> Kaldı\n<\/label><ul>/);
    expect(html('- [x] Bir\n\n- [ ] İki')).toContain('<p><label><input type="checkbox" disabled> İki</label></p>');
  });

  it('should give Turkish headings ids and list them', () => {
    const { doc } = parseBrief(brief("## 2. Türkiye'de Çalışmalar\n\n### İşbirliği\n\nMetin."), 'content/x.md');
    expect(doc.toc).toEqual([
      { id: '2-türkiyede-çalışmalar', depth: 2, title: '2. Türkiye’de Çalışmalar' },
      { id: 'i̇şbirliği', depth: 3, title: 'İşbirliği' },
    ]);
  });

  it('should warn of unknown front matter keys at their lines, and reject duplicate fact keys at theirs', () => {
    const { warnings } = parseBrief(brief('x', 'titel: Yanlış\n'), 'content/x.md', { today: new Date('2026-11-30') });
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', place: { file: 'content/x.md', line: 8, column: 8 }, message: expect.stringMatching(/`titel`.*did you mean `title`\?/) })]);
    const dup = brief('x').replace('facts:\n', 'facts:\n  - key: members\n    label: Yine\n    value: "1"\n');
    const error = fails(dup);
    expect(error.message).toMatch(/fact key "members" is used twice/);
    expect(error.place?.line).toBe(12);
  });

  it('should take a brief without front matter: its title from its # heading, English, nothing else made up', () => {
    const { doc, warnings } = parseBrief('# Başlık\n\nMetin.\n', 'content/x.md');
    expect(warnings).toEqual([]);
    expect(doc.meta).toEqual({ slug: 'x', title: 'Başlık', subtitle: null, organisation: null, author: null, lang: 'en', asOf: null, summary: null, keywords: [] });
    expect(doc.facts).toEqual([]);
  });

  it('should still fail on malformed front matter YAML', () => {
    expect(fails('---\ntitle: "Başlık\n---\n\nMetin.\n').message).toMatch(/not valid YAML/);
  });
});
