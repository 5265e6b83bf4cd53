import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { columnLayout } from '../src/pdf/column-pages.js';
import { outsideIdPrefix } from '../src/pdf/join-pdfs.js';
import { partDocuments, printInParts } from '../src/pdf/print-parts.js';
import { documentHeadings } from '../src/pdf/print-paged.js';
import { finishPdfParts, readPart } from '../src/pdf/finish-pdf.js';
import { finishOnThread, PartsAhead } from '../src/pdf/finish-thread.js';
import { joinPdfs } from '../src/pdf/join-pdfs.js';
import { loadPdf } from '../src/pdf/pdf-lib.js';
import { pdfStructure } from './pdf-ua.js';
import { pdfInfo, pdfPageText, runCli, tempProject } from './helpers.js';

const text = (o: unknown) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

/** The outline as `depth title → page` lines, read by pdf-lib. */
function outline(doc: PDFDocument): string[] {
  const pages = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const lines: string[] = [];
  const walk = (first: unknown, depth: number) => {
    for (let item = first; item instanceof PDFDict; item = item.lookup(PDFName.of('Next'))) {
      const dest = item.lookup(PDFName.of('Dest'));
      lines.push(`${depth} ${text(item.get(PDFName.of('Title')))} → ${dest instanceof PDFArray ? pages.get(dest.get(0).toString()) : '?'}`);
      walk(item.lookup(PDFName.of('First')), depth + 1);
    }
  };
  walk(doc.catalog.lookup(PDFName.of('Outlines'), PDFDict).lookup(PDFName.of('First')), 1);
  return lines;
}

/** Every link annotation: the page it is on, the page it goes to and its description. */
function links(doc: PDFDocument): Array<{ on: number; to: number | undefined; uri?: string; contents?: string }> {
  const pages = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const dests = doc.catalog.lookup(PDFName.of('Dests'), PDFDict);
  return doc.getPages().flatMap((page, i) => {
    const annots = page.node.lookup(PDFName.of('Annots'));
    if (!(annots instanceof PDFArray)) return [];
    return annots.asArray().map((ref) => {
      const a = doc.context.lookup(ref, PDFDict);
      const dest = a.get(PDFName.of('Dest'));
      const target = dest instanceof PDFName ? dests.lookup(dest) : undefined;
      const action = a.lookup(PDFName.of('A'));
      const uri = action instanceof PDFDict ? text(action.lookup(PDFName.of('URI'))) : undefined;
      return { on: i + 1, to: target instanceof PDFArray ? pages.get(target.get(0).toString()) : undefined, ...(uri ? { uri } : {}), contents: text(a.lookup(PDFName.of('Contents'))) };
    });
  });
}

// Issue 12, item 8: Chromium's print time grows with the square of the pages, so a long document is
// printed in parts and joined (src/pdf/join-pdfs.ts). The joined PDF must be the one printing it
// whole would make: every page, one structure tree, one outline nested across the parts, links
// between parts that work.
describe('a PDF printed in parts and joined', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await launchBrowser(await findBrowser());
  });
  afterAll(() => session?.close());

  const slide = (body: string) => `<section style="height: 720px; break-after: page; overflow: hidden; padding: 40px; box-sizing: border-box">${body}</section>`;
  const page = (slides: string) =>
    `<!doctype html><html lang="tr"><head><style>@page { size: 1280px 720px; margin: 0 } body { margin: 0; font: 24px sans-serif }</style></head><body>${slides}</body></html>`;
  const table = (n: number) => `<table><tr><th>Ölçü ${n}</th><th>Değer</th></tr><tr><td>Üye</td><td>${n}</td></tr></table>`;
  const parts = [
    page(slide('<h1 id="kapak">Kapak</h1><p>İlk bölüm.</p>') + slide(`<h2 id="bir">Bir</h2><p><a href="#${outsideIdPrefix}0">Üçe git</a> ve <a href="#bir">buraya</a>.</p>${table(1)}`)).replace('<body>', `<span id="${outsideIdPrefix}0" style="position: absolute; top: 0"></span><body>`),
    page(slide(`<h3 id="bir-a">Bir A</h3><p>Ikinci bölüm ıİ.</p>${table(2)}`) + slide('<h2 id="iki">İki</h2><ul><li>madde</li></ul>')),
    page(slide(`<h3 id="iki-a">İki A</h3><p>Üçüncü bölüm.</p>${table(3)}`)),
  ];

  it('should keep every page, one outline nested across parts, links across parts, a valid structure', async () => {
    const printed = await session.withPage(async (p) => {
      const out: Uint8Array[] = [];
      for (const html of parts) {
        await p.load(html);
        out.push(await p.print());
      }
      return out;
    });
    const join = {
      headings: [
        { id: 'kapak', level: 1 },
        { id: 'bir', level: 2 },
        { id: 'bir-a', level: 3 },
        { id: 'iki', level: 2 },
        { id: 'iki-a', level: 3 },
      ],
      outsideTargets: [{ id: 'iki-a', page: 4 }],
    };
    const metadata = { meta: { title: 'Parçalı', subtitle: null, author: null, summary: null, keywords: [], lang: 'tr' }, creator: 'test', date: new Date('2026-01-01'), revision: 'r1' };
    const page = { headings: ['Kapak', 'Bir', 'Bir A', 'İki', 'İki A'], links: [{ href: '#iki-a', text: 'Üçe git' }, { href: '#bir', text: 'buraya' }] };
    const data = await finishPdfParts(printed, join, metadata, page);
    // Parts read (their furniture marked) before the join, as the PDF thread reads parts sent ahead
    // while the others print: the same bytes, there and here.
    expect(Buffer.from(await finishPdfParts(printed.map((part) => readPart(part)), join, metadata, page)).equals(Buffer.from(data))).toBe(true);
    const ahead = new PartsAhead();
    const sent = printed.map((part) => ahead.send(part));
    expect(Buffer.from(await finishOnThread(sent, join, metadata, page, ahead)).equals(Buffer.from(data))).toBe(true);
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'briefpack-join-')), 'joined.pdf');
    await writeFile(file, data);

    expect(pdfInfo(file).Pages).toBe('5');
    expect([1, 2, 3, 4, 5].map((n) => pdfPageText(file, n))).toEqual([
      expect.stringContaining('İlk bölüm'),
      expect.stringContaining('Üçe git'),
      expect.stringContaining('Ikinci bölüm ıİ'),
      expect.stringContaining('madde'),
      expect.stringContaining('Üçüncü bölüm'),
    ]);
    const doc = await PDFDocument.load(data, { updateMetadata: false });
    // Nested by level across the seams: "Bir A" (part 2) under "Bir" (part 1), "İki A" (part 3) under "İki" (part 2).
    expect(outline(doc)).toEqual(['1 Kapak → 1', '2 Bir → 2', '3 Bir A → 3', '2 İki → 4', '3 İki A → 5']);
    // The link to part 3 goes to its page and is described; no link points out of the document.
    expect(links(doc)).toEqual([
      { on: 2, to: 5, contents: 'Üçe git' },
      { on: 2, to: 2, contents: 'buraya' },
    ]);
    const { problems, elements } = await pdfStructure(file);
    expect(problems).toEqual([]);
    expect(elements.filter((e) => e.type === 'Table')).toHaveLength(3);
    // The cells' ids (table headers) are unique across the parts.
    const ids = doc.context.enumerateIndirectObjects().flatMap(([, o]) => (o instanceof PDFDict && text(o.get(PDFName.of('ID'))) ? [text(o.get(PDFName.of('ID')))] : []));
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(new Set(ids).size).toBe(ids.length);

    // The same part twice: Chromium's own cell ids are then the same in both, and must not be once joined.
    const meta = { meta: { title: 'İki kez', subtitle: null, author: null, summary: null, keywords: [], lang: 'tr' }, creator: 'test', date: new Date('2026-01-01'), revision: 'r1' };
    const twiceData = await finishPdfParts([printed[2]!, printed[2]!], { headings: [], outsideTargets: [] }, meta, { headings: [], links: [] });
    const twiceFile = path.join(path.dirname(file), 'twice.pdf');
    await writeFile(twiceFile, twiceData);
    const twice = await PDFDocument.load(twiceData, { updateMetadata: false });
    const twiceIds = twice.context.enumerateIndirectObjects().flatMap(([, o]) => (o instanceof PDFDict && text(o.get(PDFName.of('ID'))) ? [text(o.get(PDFName.of('ID')))] : []));
    expect(twiceIds.length).toBeGreaterThanOrEqual(4);
    expect(new Set(twiceIds).size).toBe(twiceIds.length);
    expect((await pdfStructure(twiceFile)).problems).toEqual([]);
  });

  for (const [lang, direction, prose] of [
    ['tr', 'ltr', 'Göç ve İzmir üzerine uzunca bir paragraf. '],
    ['ar', 'rtl', 'الهجرة الدولية والتعاون بين الدول الأعضاء في المنظمة. '],
  ] as const) {
    it(`should print a long paged document in parts page for page as whole (${direction}): numbers, running heads, cover, tables, links`, async () => {
      // A cover whose first page has no running head, contents linking to every heading, sections in
      // a container with padding and a border (cut by the seams), tables, notes linked both ways.
      const sections = Array.from({ length: 30 }, (_, i) => {
        const rows = Array.from({ length: 4 + (i % 5) }, (_, r) => `<tr><td>satır ${r} ıİ</td><td>${r * i}</td></tr>`).join('');
        return `<h2 id="s${i}">Bölüm ${i}</h2><p>${prose.repeat(8 + (i % 7))}<a href="#not${i}" id="ref${i}">[${i}]</a></p><table><thead><tr><th>Ad</th><th>Sayı</th></tr></thead><tbody>${rows}</tbody></table>`;
      }).join('');
      const notes = Array.from({ length: 30 }, (_, i) => `<li id="not${i}">Not ${i}. <a href="#ref${i}">↩</a></li>`).join('');
      const html = `<!doctype html><html lang="${lang}" dir="${direction}"><head><style>
        @page { size: A5; margin: 20mm 15mm; @top-left { content: "BAŞLIK"; } @bottom-right { content: "Sayfa " counter(page) " / " counter(pages); } }
        @page :first { @top-left { content: none; } }
        body { margin: 0; font: 11pt serif; } main { padding: 4mm 0; border-top: 2px solid; border-bottom: 2px solid; }
        h2 { break-after: avoid; } main table { border-collapse: collapse; width: 100%; font-size: 8pt; } main p { font-size: 9pt; } td, th { border: 1px solid; }
        nav { break-before: page; } main { break-before: page; }
        </style></head><body><header><h1 id="kapak">Kapak</h1></header>
        <nav><ol>${Array.from({ length: 30 }, (_, i) => `<li><a href="#s${i}">Bölüm ${i}</a></li>`).join('')}</ol></nav>
        <main>${sections}<ol>${notes}</ol></main></body></html>`;
      const [whole, layout, documents, headings] = await session.withPage(async (p) => {
        await p.load(html);
        const wholePdf = await p.print();
        const laidOut = (await columnLayout(p, 4))!;
        return [wholePdf, laidOut, await partDocuments(p, laidOut), await p.run(documentHeadings)] as const;
      });
      // Each part on a page of its own, several at once.
      const { parts, join } = await printInParts(session, documents, layout, headings);
      const docs = await Promise.all(parts.map((part) => loadPdf(part)));
      // pdf-lib's list of the first part's pages, read before the join, is made again after it.
      const partPages = docs.map((doc) => doc.getPageCount());
      const joinedDoc = await joinPdfs(docs, join);
      expect(joinedDoc.getPages()).toHaveLength(partPages.reduce((a, b) => a + b));
      const joined = await joinedDoc.save();
      const seams = layout.seams;
      expect(seams.length).toBeGreaterThanOrEqual(2);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-parts-'));
      await writeFile(path.join(dir, 'whole.pdf'), whole);
      await writeFile(path.join(dir, 'joined.pdf'), joined);
      const count = Number(pdfInfo(path.join(dir, 'whole.pdf')).Pages);
      expect(pdfInfo(path.join(dir, 'joined.pdf')).Pages).toBe(String(count));
      for (let n = 1; n <= count; n++) expect(pdfPageText(path.join(dir, 'joined.pdf'), n), `page ${n}`).toBe(pdfPageText(path.join(dir, 'whole.pdf'), n));
      const doc = await PDFDocument.load(joined, { updateMetadata: false });
      const wholeDoc = await PDFDocument.load(whole, { updateMetadata: false });
      // Every link goes to the page it goes to in the whole print, across the seams too.
      expect(links(doc).map(({ on, to }) => ({ on, to }))).toEqual(links(wholeDoc).map(({ on, to }) => ({ on, to })));
      expect(outline(doc)).toEqual(outline(wholeDoc));
    });
  }

  it('should build a deck of over 500 slides in parts: read back whole, with a link from its first slides to its last', async () => {
    // Three parts of 250: more than the pages printing them at once on two cores, so one page swaps in its next part.
    const n = 520;
    // One section with a code block too long for a slide: its split slides are put into the page
    // alone (replaceSlides), the others kept; the read-back check finds every line in the deck.
    const code = Array.from({ length: 60 }, (_, n) => `satır_${n} = göç(${n})`).join('\n');
    const sections = Array.from({ length: n }, (_, i) => `## Bölüm ${i + 1}\n\nBölüm ${i + 1} için kısa bir metin: göç ve İzmir.${i === 100 ? `\n\n\`\`\`python\n${code}\n\`\`\`` : ''}\n`);
    const dir = await tempProject({
      'uzun.md': `---\ntitle: Uzun sunum\nlang: tr\n---\n\nGiriş: [son bölüme git](#bölüm-${n}).\n\n${sections.join('\n')}`,
    });
    const result = await runCli(['build', '--format', 'slides'], dir);
    expect(result.code, result.stderr).toBe(0);
    const file = path.join(dir, 'dist/uzun/slides.pdf');
    const pages = Number(pdfInfo(file).Pages);
    expect(pages).toBeGreaterThan(n);
    const last = pdfPageText(file, pages - 1);
    expect(last).toContain(`Bölüm ${n}`);
    const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
    const outlined = outline(doc);
    expect(outlined.filter((l) => l.startsWith('2 Bölüm'))).toHaveLength(n);
    expect(outlined.find((l) => l.startsWith(`2 Bölüm ${n} `))).toBe(`2 Bölüm ${n} → ${pages - 1}`);
    expect(links(doc).filter((l) => l.contents === 'son bölüme git')).toEqual([{ on: expect.any(Number), to: pages - 1, contents: 'son bölüme git' }]);
    expect((await pdfStructure(file)).problems).toEqual([]);
  });
});

