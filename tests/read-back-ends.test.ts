import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { textMatcher } from '../src/check/comparable-text.js';
import { pageGap } from '../src/read-back/output-text.js';
import { readBackOutput } from '../src/read-back/read-back-thread.js';
import { pdfText } from '../src/read-back/read-pdf.js';

/** A PDF of `count` pages, each saying `page N` and what `extra` adds, padded past the size read at its ends. */
async function longPdf(count: number, extra: (n: number) => string = () => ''): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= count; n++) {
    const page = doc.addPage([300, 200]);
    page.drawText(`page ${n} ${extra(n)}`, { x: 10, y: 100, size: 10, font });
  }
  // Random bytes do not compress: the file passes the size from which a PDF is read on both threads.
  const padding = new Uint8Array(1_100_000);
  for (let i = 0; i < padding.length; i += 65_536) crypto.getRandomValues(padding.subarray(i, i + 65_536));
  await doc.attach(padding, 'padding.bin', { mimeType: 'application/octet-stream' });
  return doc.save();
}

describe('a long PDF read back at its ends', () => {
  let pdf: Uint8Array;
  beforeAll(async () => {
    // The head's last page and the tail's first page (12 each of 400) would read "alpha beta" joined.
    pdf = await longPdf(400, (n) => ({ 1: 'the fact', 12: 'alpha', 200: 'only in the middle', 389: 'beta', 400: 'the stamp' })[n] ?? '');
  }, 60_000);

  it('should read no further than its first and last pages when those say enough', async () => {
    const read = await readBackOutput('pdf', pdf, (text) => textMatcher(text, 'en')('the fact') && textMatcher(text, 'en')('the stamp'));
    expect(read.text).toContain('page 1 the fact');
    expect(read.text).toContain('page 400 the stamp');
    expect(read.text).toContain(pageGap);
    expect(read.text).not.toContain('only in the middle');
    expect(read.text).not.toContain('page 13 ');
    expect(read.text).not.toContain('page 388 ');
  });

  it('should read every page when the ends do not say enough, as it reads without being asked', async () => {
    const whole = await readBackOutput('pdf', pdf);
    const read = await readBackOutput('pdf', pdf, (text) => textMatcher(text, 'en')('only in the middle'));
    expect(read).toEqual(whole);
    expect(read.text).toContain('only in the middle');
    expect(read.text).not.toContain(pageGap);
    expect(whole.text.match(/page \d+/g)).toHaveLength(400);
  });

  it('should find nothing across the pages left out', async () => {
    let across: boolean | undefined;
    await readBackOutput('pdf', pdf, (text) => {
      across = textMatcher(text, 'en')('alpha page 389 beta');
      return true;
    });
    expect(across).toBe(false);
    expect(textMatcher({ text: `alpha ${pageGap} beta` }, 'en')('alpha beta')).toBe(false);
    expect(textMatcher({ text: `alpha ${pageGap} beta` }, 'en')('alpha')).toBe(true);
    // Not even a value that holds the gap's own character (a YAML "\0").
    expect(textMatcher({ text: `alpha ${pageGap} beta` }, 'en')(`alpha ${pageGap} beta`)).toBe(false);
    // Right-to-left lines are compared without anything but letters and digits: the gap still holds.
    const arabic = { text: '', rtlLines: `المقر${pageGap}جنيف` };
    expect(textMatcher(arabic, 'ar')('المقر جنيف')).toBe(false);
    expect(textMatcher(arabic, 'ar')('جنيف')).toBe(true);
  });

  it('should compare a right-to-left brief read at its ends by its right-to-left lines, even when its ends have none', () => {
    // The whole read of such a brief is compared by the lines of its right-to-left pages alone: its
    // ends, in Latin letters only, must not pass on their text what the whole would fail.
    const ends = pdfText([{ pages: ['2024 page 1', pageGap, 'page 400'], rtlPages: [pageGap], headings: [], revision: null }]);
    expect(ends.rtlLines).toBeDefined();
    expect(textMatcher(ends, 'ar')('2024')).toBe(false);
    expect(textMatcher(ends, 'en')('2024')).toBe(true);
    const whole = pdfText([{ pages: ['2024 page 1', 'المقر جنيف'], rtlPages: ['المقرجنيف'], headings: [], revision: null }]);
    expect(textMatcher(whole, 'ar')('2024')).toBe(false);
  });
});
