import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
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
 * uses is in it as data: URLs. Its fonts, though, arrive after it is decoded, and a picture drawn
 * then lacks their text; `fontsCss`, the same @font-face rules, is loaded by the drawing page first,
 * and the picture finds its fonts there.
 */
export async function svgsAsPng(session: BrowserSession, pictures: readonly SvgPicture[], fontsCss = ''): Promise<Uint8Array[]> {
  if (pictures.length === 0) return [];
  const style = fontsCss && `<style>${fontsCss.replaceAll('<', '\\3c ')}</style>`;
  const pngs = await session.withPage(async (page) => {
    await page.load(`<!doctype html><html><head><meta charset="utf-8">${style}</head><body></body></html>`);
    return page.run(drawAsPng, [...pictures]);
  });
  return Promise.all(pngs.map((url) => deflatedBetter(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'))));
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array) => (bytes.reduce((c, b) => crcTable[(c ^ b) & 0xff]! ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * The same PNG, its pixel data deflated at zlib's default level in one chunk: Chromium's encoder
 * favours speed, and a cover drawn by it is half as large again (zlib's best level saves 2% more, in
 * five times the time). On zlib's threads: a cover is 8 MB of pixels. Other chunks are kept as they are.
 */
async function deflatedBetter(png: Buffer): Promise<Uint8Array> {
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  const idat = await promisify(deflate)(await promisify(inflate)(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data))));
  const first = chunks.findIndex((c) => c.type === 'IDAT');
  const kept = chunks.filter((c, i) => c.type !== 'IDAT' || i === first);
  return new Uint8Array(Buffer.concat([png.subarray(0, 8), ...kept.map((c) => chunk(c.type, c.type === 'IDAT' ? idat : c.data))]));
}

/** A page script: every font of the page loaded, then each picture drawn on a canvas of its size, as a PNG data URL. */
async function drawAsPng(pictures: SvgPicture[]): Promise<string[]> {
  await Promise.all([...document.fonts].map((face) => face.load()));
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
