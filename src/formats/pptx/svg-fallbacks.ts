import type { BrowserSession } from '../../browser/browser.js';
import type { Piece } from './blocks.js';

/**
 * Draws SVG pictures as PNG in the browser, twice their size. A PowerPoint file shows an SVG picture
 * with a PNG beside it for readers that cannot draw SVG (PowerPoint before 2016, Google Slides), and
 * pptxgenjs cannot draw one in Node. By the SVG's bytes (base64), as the package holds them.
 */
export async function svgFallbacks(images: ReadonlyArray<Extract<Piece, { kind: 'image' }>>, browser: () => Promise<BrowserSession>): Promise<Map<string, Uint8Array>> {
  const svgs = [...new Map(images.filter((i) => i.data.startsWith('data:image/svg+xml;base64,')).map((i) => [i.data, i])).values()];
  if (svgs.length === 0) return new Map();
  const session = await browser();
  const pngs = await session.withPage(async (page) => {
    await page.load('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    return page.run(drawAsPng, svgs.map((s) => ({ url: s.data, width: s.width, height: s.height })));
  });
  return new Map(svgs.map((s, i) => [s.data.slice(s.data.indexOf(',') + 1), new Uint8Array(Buffer.from(pngs[i]!.slice(pngs[i]!.indexOf(',') + 1), 'base64'))]));
}

/** A page script: each picture drawn on a canvas at twice its size, as a PNG data URL. */
async function drawAsPng(pictures: Array<{ url: string; width: number; height: number }>): Promise<string[]> {
  const out: string[] = [];
  for (const { url, width, height } of pictures) {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.min(4096, Math.round(width * 2)));
    canvas.height = Math.max(1, Math.min(4096, Math.round(height * 2)));
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
    out.push(canvas.toDataURL('image/png'));
  }
  return out;
}
