import { describe, expect, it } from 'vitest';
import { formatDate, upperCase } from '../src/locale.js';
import { nestToc } from '../src/render/context.js';
import { buildDate, revisionOf } from '../src/render/revision.js';
import { createRenderer, cssString, type TemplateSet } from '../src/render/templates.js';

const set = (files: Record<string, string>): TemplateSet => ({ files: new Map(Object.entries(files)), origins: new Map(), fingerprint: 'f' });

describe('labels', () => {
  it('should write dates the Turkish and the English way', () => {
    expect(formatDate('2026-11-25', 'tr')).toBe('25 Kasım 2026');
    expect(formatDate('2026-11-25', 'en')).toBe('25 November 2026');
  });

  it('should upper-case by the language: i -> İ in Turkish only', () => {
    expect(upperCase('içişleri ılık', 'tr')).toBe('İÇİŞLERİ ILIK');
    expect(upperCase('içişleri', 'en')).toBe('IÇIŞLERI');
  });
});

describe('cssString', () => {
  it('should keep letters and escape what could end the string or the <style> element', () => {
    expect(cssString('Göç Örgütü')).toBe('"Göç Örgütü"');
    const hostile = cssString('a"; } body { display: none } </style><script>\n');
    expect(hostile.startsWith('"') && hostile.endsWith('"')).toBe(true);
    expect(hostile.slice(1, -1)).not.toMatch(/["<>{}\n]/);
    expect(hostile).toContain('\\22 ');
  });
});

describe('templates', () => {
  it('should escape content and never evaluate it as a template', () => {
    const render = createRenderer(set({ 'page.hbs': '<h1>{{meta.title}}</h1>{{> note}}', 'partials/note.hbs': '<p>{{upper meta.title}}</p>' }));
    const html = render('page', { meta: { title: '{{constructor}} <b>ılık</b>', lang: 'tr' } });
    expect(html).toBe('<h1>{{constructor}} &lt;b&gt;ılık&lt;/b&gt;</h1><p>{{CONSTRUCTOR}} &lt;B&gt;ILIK&lt;/B&gt;</p>');
  });

  it('should refuse access to prototype properties', () => {
    const render = createRenderer(set({ 'page.hbs': '[{{meta.constructor.name}}]' }));
    expect(render('page', { meta: {} })).toBe('[]');
  });

  it('should name a missing layout', () => {
    expect(() => createRenderer(set({}))('brief', {})).toThrow(/template brief\.hbs is missing/);
  });
});

describe('nestToc', () => {
  it('should put ### entries under the ## before them', () => {
    const tree = nestToc([
      { id: 'a', depth: 2, title: 'A' },
      { id: 'a1', depth: 3, title: 'A1' },
      { id: 'b', depth: 2, title: 'B' },
    ]);
    expect(tree.map((n) => [n.id, n.children.map((c) => c.id)])).toEqual([['a', ['a1']], ['b', []]]);
  });
});

describe('revision', () => {
  const input = { source: 'x', templatesFingerprint: 't', version: '1.2.3', builtOn: new Date('2026-11-25T10:00:00Z') };

  it('should change with the source and the templates, not with the build date', () => {
    const a = revisionOf(input);
    expect(a.id).toMatch(/^r[0-9a-f]{8} · v1\.2\.3$/);
    expect(a.stamp).toBe(`${a.id} · 2026-11-25`);
    expect(revisionOf({ ...input, builtOn: new Date('2027-01-01') }).hash).toBe(a.hash);
    expect(revisionOf({ ...input, source: 'y' }).hash).not.toBe(a.hash);
    expect(revisionOf({ ...input, templatesFingerprint: 'u' }).hash).not.toBe(a.hash);
  });

  it('should take the build date from SOURCE_DATE_EPOCH when set', () => {
    expect(buildDate({ SOURCE_DATE_EPOCH: '1764064800' }).toISOString()).toBe('2025-11-25T10:00:00.000Z');
    const now = new Date('2026-01-01');
    expect(buildDate({}, () => now)).toBe(now);
  });
});
