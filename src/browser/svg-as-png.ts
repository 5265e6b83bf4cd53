import type { BrowserSession } from './browser.js';

/** An SVG picture as a data: URL, and the size in pixels to draw it at. */
export interface SvgPicture {
  url: string;
  width: number;
  height: number;
}

/**
 * Draws SVG pictures as PNG in the build's browser, for files whose readers may not draw SVG (a
 * PowerPoint picture's fallback, an e-book's cover thumbnail). An SVG image loads nothing: what it
 * uses is in it as data: URLs. Its web fonts, though, arrive after it is decoded, and a picture
 * drawn then lacks their text; the faces its page has loaded are there at once. So `pageBody`, HTML
 * using the pictures' fonts (the picture itself, inline), is loaded first, its fonts awaited.
 */
export async function svgsAsPng(session: BrowserSession, pictures: readonly SvgPicture[], pageBody = ''): Promise<Uint8Array[]> {
  if (pictures.length === 0) return [];
  const draw = () =>
    session.withPage(async (page) => {
      await page.load(`<!doctype html><html><head><meta charset="utf-8"></head><body>${pageBody}</body></html>`);
      return page.run(drawAsPng, [...pictures]);
    });
  // One drawing at a time in a browser: they come all at once (every brief's cover while the PDFs
  // print), and each beyond the first would open a tab, a renderer process, for a few dozen ms of work.
  const drawn = (drawing.get(session) ?? Promise.resolve()).then(draw, draw);
  drawing.set(session, drawn.catch(() => {}));
  const pngs = await drawn;
  return pngs.map((url) => new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')));
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
