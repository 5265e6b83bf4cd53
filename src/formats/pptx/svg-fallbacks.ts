import type { BrowserSession } from '../../browser/browser.js';
import { svgsAsPng } from '../../browser/svg-as-png.js';
import type { Piece } from './blocks.js';

/**
 * Draws SVG pictures as PNG in the browser, twice their size. A PowerPoint file shows an SVG picture
 * with a PNG beside it for readers that cannot draw SVG (PowerPoint before 2016, Google Slides), and
 * pptxgenjs cannot draw one in Node. By the SVG's bytes (base64), as the package holds them.
 */
export async function svgFallbacks(images: ReadonlyArray<Extract<Piece, { kind: 'image' }>>, browser: () => Promise<BrowserSession>): Promise<Map<string, Uint8Array>> {
  const svgs = [...new Map(images.filter((i) => i.data.startsWith('data:image/svg+xml;base64,')).map((i) => [i.data, i])).values()];
  if (svgs.length === 0) return new Map();
  const pngs = await svgsAsPng(await browser(), svgs.map((s) => ({ url: s.data, width: s.width * 2, height: s.height * 2 })));
  return new Map(svgs.map((s, i) => [s.data.slice(s.data.indexOf(',') + 1), pngs[i]!]));
}
