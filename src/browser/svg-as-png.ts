import type { BrowserSession } from './browser.js';

/** An SVG picture as a data: URL, and the size in pixels to draw it at. */
export interface SvgPicture {
  url: string;
  width: number;
  height: number;
}

/**
 * Draws SVG pictures as PNG in the build's browser, for files whose readers may not draw SVG (a
 * PowerPoint picture's fallback). An SVG image loads nothing: what it uses is in it as data: URLs.
 */
export async function svgsAsPng(session: BrowserSession, pictures: readonly SvgPicture[]): Promise<Uint8Array[]> {
  if (pictures.length === 0) return [];
  const pngs = await drawnInTurn(session, () =>
    session.withPage(async (page) => {
      await page.load('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
      return page.run(drawAsPng, [...pictures]);
    }),
  );
  return pngs.map(pngOfDataUrl);
}

/** A PNG's bytes from its data: URL, as a canvas gives it. */
export const pngOfDataUrl = (url: string): Uint8Array => new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));

/**
 * Runs one drawing at a time in a browser: they come all at once (every brief's cover while the PDFs
 * print), and each beyond the first would open a tab, a renderer process, for a few dozen ms of work.
 */
export function drawnInTurn<T>(session: BrowserSession, draw: () => Promise<T>): Promise<T> {
  const drawn = (drawing.get(session) ?? Promise.resolve()).then(draw, draw);
  drawing.set(session, drawn.catch(() => {}));
  return drawn;
}

/** The last drawing asked of each browser: the next waits for it. */
const drawing = new WeakMap<BrowserSession, Promise<unknown>>();

/** A page script: each picture drawn on a canvas of its size, as a PNG data URL. */
async function drawAsPng(pictures: SvgPicture[]): Promise<string[]> {
  const out: string[] = [];
  for (const { url, width, height } of pictures) {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.min(4096, Math.round(width)));
    canvas.height = Math.max(1, Math.min(4096, Math.round(height)));
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
    out.push(canvas.toDataURL('image/png'));
  }
  return out;
}
