import type { BrowserSession } from '../../browser/browser.js';
import { drawnInTurn, pngOfDataUrl } from '../../browser/svg-as-png.js';
import type { FontSet } from '../../render/fonts.js';
import type { CoverDrawing } from './cover.js';

/**
 * The cover's PNG, the thumbnail reading systems show on their shelves (some show no SVG there), at
 * `scale` of its size: drawn on a canvas from the same shapes as its SVG, in a page whose fonts are
 * served from memory, so that each face is fetched once the cover's text needs it. Drawn as an SVG
 * image instead, the cover had to carry every face of the brief inside it (an image loads nothing)
 * and the page them again: some 0.7 MB through the DevTools pipe and two decodings of every font a
 * cover, a tenth of a 50-brief pack's build.
 */
export async function coverPng(session: BrowserSession, drawing: CoverDrawing, fonts: FontSet, scale: number): Promise<Uint8Array> {
  const url = await drawnInTurn(session, () =>
    session.withPage(
      async (page) => {
        await page.load(`<!doctype html><html><head><meta charset="utf-8"><style>${fonts.servedCss}</style></head><body></body></html>`);
        return page.run(drawCover, drawing, scale);
      },
      { serve: fonts.files },
    ),
  );
  return pngOfDataUrl(url);
}

/** A page script: the drawing on a canvas `scale` times its size, as a PNG data URL. */
async function drawCover(drawing: CoverDrawing, scale: number): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(drawing.width * scale);
  canvas.height = Math.round(drawing.height * scale);
  const context = canvas.getContext('2d')!;
  const fontOf = (line: CoverDrawing['lines'][number]) => `${line.weight} ${line.size}px ${line.font}`;
  // A canvas draws text only in faces already loaded: each line's, first. A stack the page cannot
  // read loads nothing, and its line is drawn in the default font.
  await Promise.all(drawing.lines.map((line) => document.fonts.load(fontOf(line), line.text).catch(() => [])));
  context.scale(scale, scale);
  // A colour a canvas cannot read leaves its fill as it was; SVG's is then black.
  const fill = (colour: string) => {
    context.fillStyle = '#000';
    context.fillStyle = colour;
  };
  for (const rect of drawing.rects) {
    fill(rect.fill);
    context.fillRect(rect.x, rect.y, rect.width, rect.height);
  }
  for (const line of drawing.lines) {
    // A stack a canvas cannot read leaves its font as it was (the line before's): the default instead.
    context.font = `${line.weight} ${line.size}px serif`;
    context.font = fontOf(line);
    fill(line.fill);
    context.letterSpacing = `${line.spacing}px`;
    context.direction = line.rtl ? 'rtl' : 'ltr';
    context.textAlign = 'start';
    context.textBaseline = 'alphabetic';
    if (line.squeezeTo === null) context.fillText(line.text, line.x, line.y);
    else {
      // Set to the measure exactly, as SVG's textLength does (spacingAndGlyphs): narrowed or widened.
      const natural = context.measureText(line.text).width;
      context.save();
      context.translate(line.x, line.y);
      if (natural > 0) context.scale(line.squeezeTo / natural, 1);
      context.fillText(line.text, 0, 0);
      context.restore();
    }
  }
  return canvas.toDataURL('image/png');
}
