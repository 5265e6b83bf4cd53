import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { markArtifacts } from '../src/pdf/content-stream.js';
import { parseBrief } from '../src/content/parse-brief.js';
import { iomSource, runCli, tempProject } from './helpers.js';
import { pdfStructure } from './pdf-ua.js';

describe('PDF/UA-grade structure of every PDF of the pack', () => {
  const dir = inject('packDir');

  it('tags or marks as artifact every mark on every page, maps every type to a standard one, gives lists bodies, describes links, and claims PDF/UA-1 in XMP', async () => {
    const editions = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    const files = ['pack.pdf', ...editions.flatMap((e) => [`${e}/brief.pdf`, `${e}/slides.pdf`])];
    expect(files.length).toBeGreaterThanOrEqual(11);
    const problems: string[] = [];
    for (const file of files) for (const problem of (await pdfStructure(path.join(dir, file))).problems) problems.push(`${file}: ${problem}`);
    expect(problems).toEqual([]);
  });

  it('sets the contents as TOC and TOCI, one TOCI a contents entry, and the lists as L, LI, Lbl, LBody', async () => {
    const { doc } = parseBrief(await iomSource(), 'content/iom.md');
    const { elements, types } = await pdfStructure(path.join(dir, 'iom', 'brief.pdf'));
    expect(elements.filter((e) => e.type === 'TOCI')).toHaveLength(doc.toc.length);
    expect(elements.filter((e) => e.type === 'TOC').length).toBeGreaterThanOrEqual(1);
    expect(elements.filter((e) => e.type === 'LBody').length).toBe(elements.filter((e) => e.type === 'LI').length);
    expect(elements.filter((e) => e.type === 'LI').length).toBeGreaterThanOrEqual(4);
    expect(types).not.toContain('Strong');
  });

  it('keeps the title and the language of each edition in its XMP', async () => {
    const { xmp } = await pdfStructure(path.join(dir, 'iom.ar', 'brief.pdf'));
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>ar</rdf:li>');
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toMatch(/<dc:title><rdf:Alt><rdf:li xml:lang="x-default">[^<]*للهجرة/);
  });
});

describe('what is contents and what is not', () => {
  it('tags the contents as TOC, but not footnotes, cross-references or an element drawn translucent', async () => {
    const brief = [
      '---',
      'title: Yapı sınaması',
      'lang: tr',
      '---',
      '',
      '## Birinci bölüm',
      '',
      'Göç verisi[^1] ve kaynaklar[^2].',
      '',
      '- Ayrıntı için [İkinci bölüm](#ikinci-bölüm) okunmalı.',
      '- Ayrıca [Birinci bölüm](#birinci-bölüm) bakın, sonra devam edin.',
      '',
      '<p style="opacity: .5">Soluk bir paragraf, yine de okunur.</p>',
      '',
      '## İkinci bölüm',
      '',
      'Son paragraf.',
      '',
      '[^1]: IOM, 2024: <https://www.iom.int>.',
      '[^2]: Bkz. [Birinci bölüm](#birinci-bölüm).',
      '',
    ].join('\n');
    const dir = await tempProject({ 'yapi.md': brief });
    const built = await runCli(['build', '--out', 'out', '--format', 'pdf,slides'], dir);
    expect(built.code, built.stderr).toBe(0);
    const { elements, problems } = await pdfStructure(path.join(dir, 'out', 'yapi', 'brief.pdf'));
    expect(problems).toEqual([]);
    // The contents: the two sections (and the footnotes' heading, which the contents lists too, if any).
    const entries = elements.filter((e) => e.type === 'TOCI').length;
    expect(entries).toBeGreaterThanOrEqual(2);
    expect(entries).toBeLessThanOrEqual(3);
    expect(elements.filter((e) => e.type === 'L').length).toBeGreaterThanOrEqual(2);
    expect((await pdfStructure(path.join(dir, 'out', 'yapi', 'slides.pdf'))).problems).toEqual([]);
  });
});

describe('marking page furniture as artifacts', () => {
  const wrapped = (s: string) => markArtifacts(s) ?? s;

  it('wraps unmarked text and paths, run by run, never across q/Q or into marked content', () => {
    const source = 'q 1 0 0 1 0 0 cm BT /F1 9 Tf (Page 1) Tj ET 0 0 5 5 re f Q /P <</MCID 0>> BDC BT (body) Tj ET EMC';
    expect(wrapped(source)).toBe(
      'q 1 0 0 1 0 0 cm /Artifact <</Type /Pagination>> BDC\nBT /F1 9 Tf (Page 1) Tj ET 0 0 5 5 re f\nEMC\n Q /P <</MCID 0>> BDC BT (body) Tj ET EMC',
    );
    expect(markArtifacts('/P <</MCID 0>> BDC 0 0 1 1 re f EMC')).toBeUndefined();
  });

  it('reads operators only where they are: not inside strings, arrays, dictionaries or an inline image', () => {
    // "EMC", "BT" and "Tj" inside a string, a dictionary and image data are not operators.
    const source = '/P <</MCID 0 /ActualText (x\\) EMC BT) >> BDC (a) Tj EMC BI /W 1 /H 1 /BPC 8 /CS /G ID \u00ffEMC Tj\u0000 EI [(EMC)] TJ';
    expect(wrapped(source)).toBe('/P <</MCID 0 /ActualText (x\\) EMC BT) >> BDC (a) Tj EMC /Artifact <</Type /Pagination>> BDC\nBI /W 1 /H 1 /BPC 8 /CS /G ID \u00ffEMC Tj\u0000 EI [(EMC)] TJ\nEMC\n');
  });

  it('takes marked content that is not structure (right-to-left runs, replacement text) into the artifact whole', () => {
    expect(wrapped('q /ReversedChars BMC BT (a) Tj ET EMC Q')).toBe('q /Artifact <</Type /Pagination>> BDC\n/ReversedChars BMC BT (a) Tj ET EMC\nEMC\n Q');
    expect(wrapped('BT /Span <</ActualText <FEFF00AD>>> BDC (-) Tj EMC ET')).toBe('/Artifact <</Type /Pagination>> BDC\nBT /Span <</ActualText <FEFF00AD>>> BDC (-) Tj EMC ET\nEMC\n');
    // Structure inside stays structure.
    expect(markArtifacts('/Span <</ActualText (x)>> BDC /P <</MCID 1>> BDC (a) Tj EMC EMC')).toBeUndefined();
  });

  it('leaves a form that carries structure of its own untouched, and wraps one that does not', () => {
    const source = 'q /X1 Do Q q /X2 Do Q';
    expect(markArtifacts(source, { taggedXObject: (name) => name === 'X1' })).toBe('q /X1 Do Q q /Artifact <</Type /Layout>> BDC\n/X2 Do\nEMC\n Q');
  });

  it('is not misled inside structure by what a search would take for an operator', () => {
    // A spaced hex string holding "BDC", image data after "]ID" holding "EMC": the rectangle after is still unmarked.
    expect(wrapped('/P <</MCID 0>> BDC BT <00 BDC 00> Tj ET EMC 0 0 1 1 re f')).toBe('/P <</MCID 0>> BDC BT <00 BDC 00> Tj ET EMC /Artifact <</Type /Layout>> BDC\n0 0 1 1 re f\nEMC\n');
    expect(wrapped('/P <</MCID 0>> BDC BI /W 1 /D [1 0]ID \u0001 EMC \u0002 EI EMC 0 0 1 1 re f')).toBe(
      '/P <</MCID 0>> BDC BI /W 1 /D [1 0]ID \u0001 EMC \u0002 EI EMC /Artifact <</Type /Layout>> BDC\n0 0 1 1 re f\nEMC\n',
    );
  });

  it('marks text shown outside marked content within a text object that has some inside', () => {
    const source = 'BT (head) Tj /P <</MCID 3>> BDC (body) Tj EMC ET';
    expect(wrapped(source)).toBe('BT /Artifact <</Type /Pagination>> BDC\n(head) Tj\nEMC\n /P <</MCID 3>> BDC (body) Tj EMC ET');
  });
});
