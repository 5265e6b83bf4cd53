import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import { iomSource, pdfFonts, pdfInfo, pdfPageText, pdfText, squash } from './helpers.js';

describe('dist/iom/brief.pdf', () => {
  const pdf = path.join(inject('packDir'), 'iom', 'brief.pdf');
  let text: string;
  let doc: ReturnType<typeof parseBrief>['doc'];

  beforeAll(async () => {
    text = squash(pdfText(pdf));
    doc = parseBrief(await iomSource(), 'content/iom.md').doc;
  });

  it('should carry every fact label and value', () => {
    expect(doc.facts).toHaveLength(7);
    for (const fact of doc.facts) {
      expect(text).toContain(squash(fact.label));
      expect(text).toContain(squash(fact.value));
    }
  });

  it('should carry every section heading, with Turkish letters intact', () => {
    expect(doc.toc.map((t) => t.title)).toContain('2. Türkiye’de IOM');
    for (const entry of doc.toc) expect(text).toContain(entry.title);
  });

  it('should upper-case the title by Turkish rules (dotted İ, not I)', () => {
    expect(text).toContain('BİRLEŞMİŞ MİLLETLER');
    expect(text).toContain('ULUSLARARASI GÖÇ ÖRGÜTÜ');
    expect(text).not.toMatch(/BIRLESMIS|BIRLEŞMIŞ/);
  });

  it('should number pages "Sayfa N / M" in the footer and run the title in the header', () => {
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Sayfa ${n} / ${pages}`);
    // The cover has no running header; every later page does.
    const runningHeaders = text.split('BİRLEŞMİŞ MİLLETLER ULUSLARARASI GÖÇ ÖRGÜTÜ').length - 1;
    expect(runningHeaders).toBeGreaterThanOrEqual(pages - 1);
  });

  it('should never leave a heading alone at the foot of a page, nor a page empty', () => {
    const pages = Number(pdfInfo(pdf).Pages);
    for (let n = 1; n <= pages; n++) {
      const lines = pdfPageText(pdf, n)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !/^Sayfa \d+ \/ \d+$/.test(l) && !/^r[0-9a-f]{8} · v/.test(l));
      expect(lines.length, `page ${n}`).toBeGreaterThan(1);
      expect(doc.toc.map((t) => t.title), `page ${n} ends with a heading`).not.toContain(lines.at(-1));
    }
  });

  it('should be A4 with title, author, subject, keywords, tags and a bookmark outline', () => {
    const info = pdfInfo(pdf);
    expect(info['Page size']).toContain('(A4)');
    expect(info.Title).toBe('Birleşmiş Milletler Uluslararası Göç Örgütü — Bilgi Notu');
    expect(info.Author).toBe('Briefpack');
    expect(info.Subject).toContain('1951 yılında kurulan');
    expect(info.Keywords).toContain('göç');
    expect(info.Tagged).toBe('yes');
  });

  it('should declare the language tr and bookmark every heading by its own text', async () => {
    const { PDFDocument, PDFName, PDFString, PDFHexString, PDFDict } = await import('pdf-lib');
    const loaded = await PDFDocument.load(await readFile(pdf));
    const lang = loaded.catalog.lookup(PDFName.of('Lang'));
    expect(lang instanceof PDFString ? lang.decodeText() : String(lang)).toBe('tr');
    const titles: string[] = [];
    const walk = (item: unknown) => {
      for (; item instanceof PDFDict; item = item.lookup(PDFName.of('Next'))) {
        const title = item.lookup(PDFName.of('Title'));
        titles.push(title instanceof PDFHexString || title instanceof PDFString ? title.decodeText() : '');
        walk(item.lookup(PDFName.of('First')));
      }
    };
    walk(loaded.catalog.lookup(PDFName.of('Outlines'), PDFDict).lookup(PDFName.of('First')));
    // Not as CSS upper-cased it, and no words run together.
    expect(titles).toEqual([doc.meta.title, 'Temel Bilgiler', 'İçindekiler', ...doc.toc.map((t) => t.title)]);
  });

  it('should number the contents with the pages the headings are on', () => {
    const pages = Number(pdfInfo(pdf).Pages);
    const lines = Array.from({ length: pages }, (_, i) => pdfPageText(pdf, i + 1).split('\n').map((l) => l.trim()));
    const contents = lines.find((page) => page.includes('İçindekiler'))!;
    for (const entry of doc.toc) {
      // In the contents: the title, a leader, the number. In the body: the title alone on its line.
      const listed = Number(/(\d+)$/.exec(contents.find((l) => l.startsWith(entry.title) && l !== entry.title) ?? '')?.[1]);
      const actual = lines.findIndex((page) => page.includes(entry.title)) + 1;
      expect(listed, entry.title).toBe(actual);
    }
  });

  it('should embed every font, including the header and footer ones', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
    // Only the bundled families: no system fallback slipped in.
    for (const f of fonts) expect(f.name).toMatch(/\+Noto(Sans|Serif)-/);
  });

  it('should keep the revision stamp and the page links clickable', async () => {
    expect(text).toMatch(/r[0-9a-f]{8} · v\d+\.\d+\.\d+/);
    const raw = await import('node:fs/promises').then((fs) => fs.readFile(pdf, 'latin1'));
    // Table-of-contents entries are internal links.
    expect((raw.match(/\/Subtype \/Link/g) ?? []).length).toBeGreaterThanOrEqual(doc.toc.length);
  });
});
