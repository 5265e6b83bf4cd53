// pptxgenjs's package taken as parts (src/formats/pptx/written-parts.ts) instead of through JSZip's
// zip: the same parts, in the same order, byte for byte.
import { describe, expect, it } from 'vitest';
import { partsOutputType } from '../src/formats/pptx/written-parts.js';
import { unzipParts } from '../src/read-back/zip-parts.js';

// A 1 x 1 PNG, as pptxgenjs takes pictures: base64 in a data: URL.
const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function presentation() {
  const PptxGenJS = (await import('pptxgenjs')).default as unknown as new () => {
    addSlide(): { addText(text: string, options: object): void; addTable(rows: object[][], options: object): void; addImage(options: object): void; addNotes(text: string): void };
    write(options: { outputType: string }): Promise<unknown>;
  };
  const pres = new PptxGenJS();
  for (let i = 0; i < 30; i++) {
    const slide = pres.addSlide();
    slide.addText(`Başlık ${i}: İstanbul, ığdır — “quotes” & <angles> 👋`, { x: 0.5, y: 0.5, w: 9, h: 1 });
    slide.addTable([[{ text: 'a' }, { text: 'ş' }], [{ text: '1' }, { text: '2' }]], { x: 0.5, y: 2, w: 5 });
    if (i % 10 === 0) slide.addImage({ data: png, x: 6, y: 2, w: 1, h: 1 });
    slide.addNotes(`Not ${i}`);
  }
  return pres;
}

// pptxgenjs dates the package by the clock each time it writes.
const undated = (name: string, bytes: Uint8Array) => (name === 'docProps/core.xml' ? new TextDecoder().decode(bytes).replace(/<dcterms:(created|modified)\b[^>]*>[^<]*/g, '') : Buffer.from(bytes).toString('base64'));

describe("pptxgenjs's package as parts", () => {
  it('holds what its zip holds, in its order', async () => {
    const pres = await presentation();
    const zipped = unzipParts((await pres.write({ outputType: 'uint8array' })) as Uint8Array);
    const parts = (await pres.write({ outputType: partsOutputType })) as Map<string, Uint8Array>;
    expect(parts).toBeInstanceOf(Map);
    expect([...parts.keys()]).toEqual([...zipped.keys()]);
    expect(parts.size).toBeGreaterThan(90);
    expect([...parts.keys()].some((name) => /^ppt\/media\/.+\.png$/.test(name))).toBe(true);
    for (const [name, bytes] of zipped) expect(undated(name, parts.get(name)!), name).toBe(undated(name, bytes));
  });
});
