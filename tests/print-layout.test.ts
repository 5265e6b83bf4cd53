import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, inject, it } from 'vitest';
import { formatDate } from '../src/locale.js';

// Print typography measured on the suite's build of content/ (issue 18): the measure of body lines,
// balanced titles, footers on one baseline, the revision stamp in the brief's language, the pack's cover.

const dir = inject('packDir');
const built = (...parts: string[]) => path.join(dir, ...parts);
const editions = ['iom', 'iom.en', 'iom.ar', 'iom.fr', 'iom.zh'];

const poppler = (tool: string, args: string[]) => spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

interface Word { text: string; xMin: number; yMin: number; xMax: number; yMax: number }
interface Page { height: number; lines: Word[][] }

/** Every page's lines and their words' boxes, in points from the page's top left, by `pdftotext -bbox-layout`. */
function pdfPages(file: string): Page[] {
  const box = (attributes: string) => Object.fromEntries([...attributes.matchAll(/(\w+)="([\d.]+)"/g)].map((m) => [m[1], Number(m[2])]));
  return poppler('pdftotext', ['-bbox-layout', file, '-'])
    .split(/<page /)
    .slice(1)
    .map((page) => ({
      height: Number(/height="([\d.]+)"/.exec(page)![1]),
      lines: [...page.matchAll(/<line [^>]*>([\s\S]*?)<\/line>/g)].map((line) =>
        [...line[1]!.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((w) => ({ ...(box(w[1]!) as Omit<Word, 'text'>), text: unescape(w[2]!) })),
      ),
    }));
}

const width = (line: Word[]) => Math.max(...line.map((w) => w.xMax)) - Math.min(...line.map((w) => w.xMin));
const height = (line: Word[]) => Math.max(...line.map((w) => w.yMax - w.yMin));

/** The lines set in a page's largest type: on a cover or a title slide, its title's. */
const titleLines = (page: Page) => {
  const largest = Math.max(...page.lines.map(height));
  return page.lines.filter((line) => height(line) > 0.9 * largest);
};

/** Each manifest entry's revision stamp by path. */
const stamps = async (): Promise<Record<string, string>> =>
  Object.fromEntries((JSON.parse(await readFile(built('manifest.json'), 'utf8')) as { files: Array<{ path: string; revision: string }> }).files.map((f) => [f.path, f.revision]));

describe('the PDF brief\'s measure', () => {
  // Lines of prose: the layout's lines less those with a gap of columns in them (the footer, the fact
  // table's labels, the contents' page numbers), soft hyphens not counted.
  const proseLineLengths = (file: string) =>
    poppler('pdftotext', ['-layout', file, '-'])
      .replace(/\u00ad/g, '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !/\S {3,}\S/.test(line))
      .map((line) => [...line].length);

  it.each(['iom/brief.pdf', 'iom.en/brief.pdf', 'iom.fr/brief.pdf', 'pack.pdf'])('%s: body lines of 80 characters or fewer, and a full measure still', (file) => {
    const lengths = proseLineLengths(built(file));
    expect(lengths.length).toBeGreaterThan(40);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(80);
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(60);
  });
});

describe('balanced titles', () => {
  // A title over several lines has lines of like length: no line under half the longest, as a last
  // word left alone is ("ÖRGÜTÜ" under "BİRLEŞMİŞ MİLLETLER ULUSLARARASI GÖÇ").
  const expectBalanced = (page: Page, what: string) => {
    const lines = titleLines(page);
    const widths = lines.map(width);
    expect(lines.length, what).toBeGreaterThan(0);
    expect(Math.min(...widths), `${what}: ${lines.map((l) => l.map((w) => w.text).join(' ')).join(' / ')}`).toBeGreaterThan(0.5 * Math.max(...widths));
  };

  it.each(editions)('%s: the cover of brief.pdf and the title slide of slides.pdf', (slug) => {
    expectBalanced(pdfPages(built(slug, 'brief.pdf'))[0]!, `${slug}/brief.pdf`);
    expectBalanced(pdfPages(built(slug, 'slides.pdf'))[0]!, `${slug}/slides.pdf`);
  });

  it('pack.pdf: its cover and each brief\'s title page', () => {
    const pages = pdfPages(built('pack.pdf'));
    expectBalanced(pages[0]!, 'pack cover');
    const briefTitlePage = pages.findIndex((page, i) => i > 0 && titleLines(page).some((line) => line.some((w) => w.text === 'ÖRGÜTÜ')));
    expect(briefTitlePage).toBeGreaterThan(0);
    expectBalanced(pages[briefTitlePage]!, 'the brief in pack.pdf');
  });
});

describe('the running footer', () => {
  // The revision stamp's id and the page number's digits, both in the body's Latin face, on one baseline.
  it.each(['iom/brief.pdf', 'iom.ar/brief.pdf', 'iom.zh/brief.pdf', 'pack.pdf'])('%s: its two texts on one baseline on every page', (file) => {
    const pages = pdfPages(built(file));
    for (const [i, page] of pages.entries()) {
      const footer = page.lines.flat().filter((w) => w.yMin > page.height - 62);
      const id = footer.filter((w) => /^[rp][0-9a-f]{8}$/.test(w.text));
      const digits = footer.filter((w) => /^\d+$/.test(w.text));
      expect(id, `page ${i + 1}`).toHaveLength(1);
      expect(digits.length, `page ${i + 1}`).toBeGreaterThanOrEqual(2);
      for (const w of digits) expect(w.yMax, `page ${i + 1}: ${w.text}`).toBeCloseTo(id[0]!.yMax, 1);
    }
  });
});

describe('the revision stamp, in the brief\'s language', () => {
  const printed = (stamp: string, lang: string) => {
    const [, id, date] = /^(.*) · (\d{4}-\d\d-\d\d)$/.exec(stamp)!;
    return { id: id!, date: date!, local: `${id} · ${formatDate(date!, lang)}` };
  };

  it.each([
    ['iom', 'tr', 'Revizyon'],
    ['iom.en', 'en', 'Revision'],
    ['iom.fr', 'fr', 'Révision'],
  ])('%s: the PDF footer, the one-pager, the deck and the PPTX print its date as the brief writes dates', async (slug, lang, label) => {
    const all = await stamps();
    const { date, local } = printed(all[`${slug}/brief.pdf`]!, lang);
    // One id and build date everywhere; the metadata keeps the ISO date.
    for (const file of ['brief.pdf', 'one-pager.html', 'slides.pdf', 'slides.html', 'brief.epub', 'slides.pptx']) expect(all[`${slug}/${file}`], file).toBe(all[`${slug}/brief.pdf`]);
    const squashed = (s: string) => s.replace(/\s+/g, ' ');
    const pdf = squashed(poppler('pdftotext', [built(slug, 'brief.pdf'), '-']));
    expect(pdf).toContain(`${label} ${local}`);
    expect(pdf).not.toContain(date);
    for (const file of ['one-pager.html', 'slides.html']) {
      const html = squashed(await readFile(built(slug, file), 'utf8'));
      expect(html, file).toContain(`<span data-revision>${local}</span>`);
    }
    const pptx = unzipSync(await readFile(built(slug, 'slides.pptx')));
    const slides = Object.keys(pptx).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    expect(strFromU8(pptx[slides.at(-1)!]!)).toContain(`${label} ${local}`);
  });
});

describe('pack.pdf', () => {
  it('has a cover with the title, the briefs it holds, its date once and its version once', async () => {
    const manifest = JSON.parse(await readFile(built('manifest.json'), 'utf8')) as { pack: { version: string; revision: string } };
    const [, packId, iso] = /^(.*) · (\d{4}-\d\d-\d\d)$/.exec(manifest.pack.revision)!;
    const cover = poppler('pdftotext', ['-f', '1', '-l', '1', built('pack.pdf'), '-']).replace(/\s+/g, ' ');
    expect(cover).toContain('ULUSLARARASI KURULUŞLAR BRİFİNG PAKETİ');
    expect(cover).toContain('Birleşmiş Milletler Uluslararası Göç Örgütü');
    expect(cover).toContain('1951 yılında kurulan Uluslararası Göç Örgütü (IOM)');
    expect(cover).toContain(`Revizyon ${packId}`);
    expect(cover.split(formatDate(iso!, 'tr')).length - 1).toBe(1);
    expect(cover.split(manifest.pack.version).length - 1).toBe(1);
    expect(cover).not.toContain(iso);
  });

  it('prints no running header over a brief\'s own title, and its title over the brief\'s other pages', () => {
    const pages = pdfPages(built('pack.pdf'));
    const header = (page: Page) => page.lines.flat().filter((w) => w.yMax < 62);
    const titlePage = pages.findIndex((page, i) => i > 0 && titleLines(page).some((line) => line.some((w) => w.text === 'ÖRGÜTÜ')));
    expect(titlePage).toBeGreaterThan(0);
    expect(header(pages[titlePage]!)).toEqual([]);
    for (const page of pages.slice(titlePage + 1)) expect(header(page).map((w) => w.text).join(' ')).toBe('BİRLEŞMİŞ MİLLETLER ULUSLARARASI GÖÇ ÖRGÜTÜ');
  });
});
