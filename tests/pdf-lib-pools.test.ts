import { describe, expect, it } from 'vitest';
import { loadPdf, loadPdfLib, savePdf } from '../src/pdf/pdf-lib.js';

// pdf-lib's names and references are found faster (src/pdf/pdf-lib.ts): the same objects as its own.
describe("pdf-lib's names and references, found by what they are called with", () => {
  it('should be the very objects pdf-lib pools, one for each name and object', async () => {
    const { PDFName, PDFRef, PDFDocument } = await loadPdfLib();
    // A name is one object whatever escapes spell it.
    expect(PDFName.of('A#42')).toBe(PDFName.of('AB'));
    expect(PDFName.of('AB').asString()).toBe('/AB');
    expect(PDFName.of('Type')).toBe(PDFName.Type);
    expect(PDFRef.of(7)).toBe(PDFRef.of(7, 0));
    expect(PDFRef.of(7, 1)).not.toBe(PDFRef.of(7));
    expect(PDFRef.of(7, 1)).toBe(PDFRef.of(7, 1));
    expect(PDFRef.of(7).toString()).toBe('7 0 R');
    // What the quick path leaves to pdf-lib's own lookup is pooled all the same.
    expect(PDFRef.of(-0)).toBe(PDFRef.of(0));
    expect(PDFRef.of(1.5)).toBe(PDFRef.of(1.5));
    expect(PDFRef.of(2 ** 40)).toBe(PDFRef.of(2 ** 40, 0));
    expect(PDFRef.of(2 ** 40).toString()).toBe(`${2 ** 40} 0 R`);
    // A document read and written again keeps its objects.
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage();
    doc.setTitle('pools');
    const bytes = await savePdf(doc);
    const again = await loadPdf(bytes);
    expect(again.getTitle()).toBe('pools');
    expect(await savePdf(again)).toEqual(bytes);
  });
});
