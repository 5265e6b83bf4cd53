import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, inject, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import { formatDate } from '../src/locale.js';
import { readPptx } from '../src/read-back/read-pptx.js';
import { iomSource, pdfText, repoRoot, runCli, tempProject } from './helpers.js';
import { deckFactValue } from '../src/slides/plan.js';

const run = promisify(execFile);

/** Letters and digits only, lower-cased: what two renderings of one text must share, spacing and punctuation aside. */
const letters = (s: string) => s.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '').toLocaleLowerCase();
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const runText = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decode(m[1]!)).join(' ');

interface PptxSlide {
  xml: string;
  /** Text of its title placeholder. */
  title: string;
  notes: string;
}

/** A PowerPoint file's slides in order, each with its title and the notes its relationships name. */
function slidesOf(data: Uint8Array) {
  const files = unzipSync(data);
  const text = (name: string) => strFromU8(files[name]!);
  const count = Object.keys(files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length;
  const slides: PptxSlide[] = Array.from({ length: count }, (_, i) => {
    const xml = text(`ppt/slides/slide${i + 1}.xml`);
    const titleShape = [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => m[0]).find((s) => /<p:ph\b[^>]*type="title"/.test(s)) ?? '';
    const notesTarget = /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(text(`ppt/slides/_rels/slide${i + 1}.xml.rels`))?.[1];
    // A notes page has the slide's picture and number too: its body placeholder is the notes.
    const notesBody = notesTarget ? [...text(`ppt/notesSlides/${notesTarget}`).matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => m[0]).filter((s) => /<p:ph\b[^>]*type="body"/.test(s)) : [];
    return { xml, title: runText(titleShape), notes: runText(notesBody.join('')) };
  });
  return { files, text, slides };
}

/** The HTML deck's slides: title, head and body text, notes. */
async function htmlSlides(file: string) {
  const dom = parseDocument(await readFile(file, 'utf8'));
  const byClass = (node: ReturnType<typeof DomUtils.findAll>[number], name: string) => DomUtils.findAll((e) => (e.attribs.class ?? '').split(/\s+/).includes(name), [node]);
  return DomUtils.findAll((e) => e.name === 'section' && (e.attribs.class ?? '').split(/\s+/).includes('bp-slide'), dom.children).map((section) => {
    const textOf = (name: string) => byClass(section, name).map((e) => DomUtils.textContent(e)).join(' ');
    return { kind: /bp-slide--(\w+)/.exec(section.attribs.class!)![1]!, title: textOf('bp-slide-title'), head: textOf('bp-slide-head'), body: textOf('bp-slide-body'), notes: textOf('notes') };
  });
}

const built = (slug: string, file: string) => path.join(inject('packDir'), slug, file);

describe('slides.pptx', () => {
  it('should hold the deck the HTML deck shows, slide by slide: titles, text, facts, notes', async () => {
    const { slides } = slidesOf(await readFile(built('iom', 'slides.pptx')));
    const html = await htmlSlides(built('iom', 'slides.html'));
    expect(slides.length).toBe(html.length);
    expect(slides.length).toBeGreaterThanOrEqual(8);
    html.forEach((h, i) => {
      const slide = slides[i]!;
      const shown = letters(runText(slide.xml));
      if (h.kind === 'content' || h.kind === 'facts') {
        expect(letters(slide.title), `slide ${i + 1}'s title`).toBe(letters(h.title));
        expect(shown, `slide ${i + 1}'s head`).toContain(letters(h.head));
      }
      // Every key sentence, list item and table cell the HTML slide shows, in its order.
      expect(shown, `slide ${i + 1}'s body`).toContain(letters(h.body));
      expect(letters(slide.notes), `slide ${i + 1}'s notes`).toContain(letters(h.notes));
    });
    // The slides that have notes (the whole paragraphs a slide shows the first sentence of...).
    expect(slides.map((s) => s.notes.trim() !== '')).toEqual(html.map((h) => h.notes.trim() !== ''));
    expect(slides.filter((s) => s.notes.length > 40).length).toBeGreaterThanOrEqual(2);

    const { doc } = parseBrief(await iomSource(), 'content/iom.md');
    const all = letters(slides.map((s) => runText(s.xml)).join(' '));
    // A long value shows its first sentence on the slide; the whole of it is in the notes.
    const notes = letters(slides.map((s) => s.notes).join(' '));
    for (const fact of doc.facts) {
      expect(all, fact.key).toContain(letters(deckFactValue(fact.value, 'tr')));
      if (deckFactValue(fact.value, 'tr') !== fact.value) expect(notes, fact.key).toContain(letters(fact.value));
    }
    const titles = slides.map((s) => letters(s.title));
    // Every heading a slide's title, or on the slide of the subsection before it (short neighbours share one).
    for (const heading of doc.toc) expect(titles.includes(letters(heading.title)) || all.includes(letters(heading.title)), heading.title).toBe(true);
    expect(all).toContain(letters('Kuruluş Tarihi'));
  });

  it('should be 16:9, with real text and tables, slide numbers and the revision stamp', async () => {
    const data = await readFile(built('iom', 'slides.pptx'));
    const { text, slides, files } = slidesOf(data);
    // 13.333 x 7.5 inches, in EMU.
    expect(text('ppt/presentation.xml')).toMatch(/<p:sldSz cx="12192000" cy="6858000"/);
    // The key facts are a table; the text is text, not pictures.
    expect(slides[1]!.xml).toContain('<a:tbl>');
    expect(Object.keys(files).filter((n) => n.startsWith('ppt/media/') && !n.endsWith('/'))).toEqual([]);
    expect(slides.slice(1, -1).every((s) => /<a:fld [^>]*type="slidenum"/.test(s.xml))).toBe(true);
    // The theme's accent colour and fonts.
    expect(slides[2]!.xml).toMatch(/<a:srgbClr val="0A4F9C"\/>/);
    expect(slides[2]!.xml).toMatch(/typeface="Noto Serif"/);
    expect(slides[2]!.xml).toMatch(/typeface="Noto Sans"/);
    const revision = /<vt:lpwstr>(r[0-9a-f]{8} · v[\d.]+ · \d{4}-\d\d-\d\d)<\/vt:lpwstr>/.exec(text('docProps/custom.xml'))?.[1];
    expect(revision).toBeDefined();
    // The closing slide prints the stamp's date as the brief writes its dates.
    const [, id, date] = /^(.*) · (.*)$/.exec(revision!)!;
    expect(runText(slides.at(-1)!.xml)).toContain(`${id} · ${formatDate(date!, 'tr')}`);
  });

  it('should set the Arabic edition right to left', async () => {
    const { slides } = slidesOf(await readFile(built('iom.ar', 'slides.pptx')));
    const html = await htmlSlides(built('iom.ar', 'slides.html'));
    expect(slides.length).toBe(html.length);
    for (const slide of slides.slice(1)) {
      // Every paragraph but the slide number's, which is digits alone.
      const shapes = [...slide.xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>|<a:tbl>[\s\S]*?<\/a:tbl>/g)].map((m) => m[0]).filter((s) => !s.includes('type="sldNum"'));
      const paragraphs = shapes.flatMap((s) => [...s.matchAll(/<a:pPr\b[^>]*>/g)].map((m) => m[0]));
      expect(paragraphs.length).toBeGreaterThan(0);
      expect(paragraphs.filter((p) => !/rtl="1"/.test(p))).toEqual([]);
    }
    expect(slides[2]!.xml).toMatch(/algn="r"/);
    expect(slides[2]!.xml).toMatch(/typeface="Noto Sans Arabic"/);
  });

  it('should open in LibreOffice Impress, which prints every slide with its facts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-pptx-'));
    const profile = await mkdtemp(path.join(os.tmpdir(), 'lo-profile-'));
    await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, built('iom', 'slides.pptx')], { timeout: 240_000 });
    const pdf = path.join(dir, 'slides.pdf');
    const { slides } = slidesOf(await readFile(built('iom', 'slides.pptx')));
    const { stdout } = await run('pdfinfo', [pdf]);
    expect(Number(/Pages:\s+(\d+)/.exec(stdout)![1])).toBe(slides.length);
    expect(stdout).toMatch(/Page size:\s+960(\.\d+)? x 540(\.\d+)? pts/);
    const printed = letters(pdfText(pdf));
    const { doc } = parseBrief(await iomSource(), 'content/iom.md');
    for (const fact of doc.facts) expect(printed, fact.key).toContain(letters(deckFactValue(fact.value, 'tr')));
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  });

  it('should fail briefpack check when a fact is taken out of it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-pptx-check-'));
    await cp(inject('packDir'), dir, { recursive: true });
    const file = path.join(dir, 'iom/slides.pptx');
    const before = await runCli(['check', dir], repoRoot);
    expect(before.stdout).toMatch(/iom\/slides\.pptx\s+ok/);
    const files = unzipSync(new Uint8Array(await readFile(file)));
    // Out of the key facts' table, and out of the text and notes that say it too.
    const names = Object.keys(files).filter((n) => /^ppt\/(slides|notesSlides)\/\w+\.xml$/.test(n) && strFromU8(files[n]!).includes('169 üye ve 8 gözlemci devlet'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) files[name] = strToU8(strFromU8(files[name]!).replaceAll('169 üye ve 8 gözlemci devlet', '170 üye'));
    await writeFile(file, zipSync(files));
    const result = await runCli(['check', dir], repoRoot);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/iom\/slides\.pptx\s+fact "Üyeler" \(members\) lacks its value "169 üye ve 8 gözlemci devlet"/);
    await rm(dir, { recursive: true, force: true });
  });

  it('should give the same bytes twice for one build date, printing no PDF deck for it', async () => {
    const project = await tempProject({ 'iom.md': await iomSource() });
    const epoch = { SOURCE_DATE_EPOCH: '1764028800' };
    const builds = [];
    for (const out of ['a', 'b']) builds.push(await runCli(['build', '--format', 'pptx', '--out', out], project, { ...epoch, BRIEFPACK_TRACE: '1' }));
    for (const build of builds) expect(build.code, build.stderr).toBe(0);
    // The deck is fitted in the browser, but printed only for slides.pdf, which was not asked for.
    expect(builds[0]!.stderr).toContain('slides measured');
    expect(builds[0]!.stderr).not.toContain('slides printed');
    const [a, b] = await Promise.all(['a', 'b'].map((out) => readFile(path.join(project, out, 'iom/slides.pptx'))));
    expect(a!.equals(b!)).toBe(true);
    expect(strFromU8(unzipSync(new Uint8Array(a!))['docProps/core.xml']!)).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-11-25T00:00:00Z</dcterms:modified>');
    await rm(project, { recursive: true, force: true });
  });

  it('should show a document\'s pictures, an SVG with a PNG drawn for readers without SVG, and its headings in boxes', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'briefpack-pptx-real-'));
    const result = await runCli(['build', 'tests/fixtures/real/guide-asides.md', '--format', 'slides,pptx', '--out', out], repoRoot);
    expect(result.code, result.stderr).toBe(0);
    const { files, slides } = slidesOf(await readFile(path.join(out, 'guide-asides/slides.pptx')));
    const html = await readFile(path.join(out, 'guide-asides/slides.html'), 'utf8');
    const pictures = slides.flatMap((s) => [...s.xml.matchAll(/<p:pic>/g)]);
    expect(pictures.length).toBe([...html.matchAll(/<img\b[^>]*src="data:image\//g)].length);
    const media = Object.keys(files).filter((n) => n.startsWith('ppt/media/') && !n.endsWith('/'));
    const svgs = media.filter((n) => n.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(0);
    // Every .png is a PNG: the SVG's fallback too.
    for (const name of media.filter((n) => n.endsWith('.png'))) expect([...files[name]!.subarray(0, 4)], name).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // A ### inside an <aside> is a heading of the document the slide shows: in a box of its own.
    expect(slides.some((s) => /<p:cNvPr id="\d+" name="Heading">[\s\S]*?Gaz kokusu alırsanız/.test(s.xml))).toBe(true);
    await rm(out, { recursive: true, force: true });
  });

  it('should wear the theme the project names', async () => {
    const project = await tempProject({ 'iom.md': await iomSource() });
    const theme = (await readFile(path.join(repoRoot, 'templates/theme/theme.css'), 'utf8')).replace('--bp-accent: #0a4f9c;', '--bp-accent: #8a1538;').replace('--bp-size-2xl: 2.1rem;', '--bp-size-2xl: 2rem;');
    await writeFile(path.join(project, 'my-theme.css'), theme);
    await writeFile(path.join(project, 'briefpack.config.json'), JSON.stringify({ theme: 'my-theme.css', formats: ['pptx'] }));
    expect((await runCli(['build', '--out', 'out'], project)).code).toBe(0);
    const { slides, text, files } = slidesOf(await readFile(path.join(project, 'out/iom/slides.pptx')));
    expect(slides[2]!.xml).toMatch(/<a:srgbClr val="8A1538"\/>/);
    expect(slides[2]!.xml).not.toMatch(/0A4F9C/);
    // 2rem of the deck's 24px root: 48px, 36pt.
    expect(slides[2]!.xml).toMatch(/sz="3600" b="1"/);
    // The accent rule on top of every content slide, in its layout.
    expect(Object.keys(files).filter((n) => /^ppt\/slideLayouts\/\w+\.xml$/.test(n)).map(text).join('')).toMatch(/<a:srgbClr val="8A1538"\/>/);
    await rm(project, { recursive: true, force: true });
  });

  it('should count what would load from outside a hazard when reading one back, and a link none', () => {
    const part = (text: string) => strToU8(text);
    const rels = (target: string, type: string, external: boolean) =>
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"${external ? ' TargetMode="External"' : ''}/></Relationships>`;
    const slide = '<p:sld><p:cSld><p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="T"/><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>Başlık &amp; alt</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>';
    const pptx = (type: string) =>
      zipSync({ 'ppt/slides/slide1.xml': part(slide), 'ppt/slides/_rels/slide1.xml.rels': part(rels('https://example.org/x', type, true)) });
    const linked = readPptx(pptx('hyperlink'));
    expect(linked.hazards).toEqual([]);
    expect(linked.headings).toEqual(['Başlık & alt']);
    expect(linked.revision).toBeNull();
    expect(readPptx(pptx('image')).hazards).toEqual(['an outside part, https://example.org/x, in ppt/slides/_rels/slide1.xml.rels']);
  });
});
