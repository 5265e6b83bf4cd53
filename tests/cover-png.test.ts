import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { prepareBrief, type PreparedBrief } from '../src/build/render-brief.js';
import { loadConfig } from '../src/config.js';
import { coverPng } from '../src/formats/epub/cover-png.js';
import { coverDrawing, type CoverDrawing } from '../src/formats/epub/cover.js';
import { themeTokens } from '../src/formats/epub/theme-tokens.js';
import { loadProject } from '../src/project/load-project.js';
import { loadRenderAssets } from '../src/render/assets.js';
import { iomSource, repoRoot, rgbaPixels } from './helpers.js';

describe("the EPUB's PNG cover", () => {
  let session: BrowserSession;
  let brief: PreparedBrief;
  let drawing: CoverDrawing;

  beforeAll(async () => {
    session = await launchBrowser(await findBrowser());
    const assets = await loadRenderAssets(await loadProject(loadConfig(repoRoot)));
    brief = await prepareBrief({ source: await iomSource(), file: path.join(repoRoot, 'content/iom.md'), root: repoRoot, shown: 'content/iom.md', assets, builtOn: new Date(), maxFactAgeMonths: 1200 });
    const tokens = themeTokens(brief.context.styles.theme!.toString(), brief.doc.meta.lang);
    drawing = coverDrawing({ meta: brief.doc.meta, labels: brief.context.labels, tokens });
  });
  afterAll(() => session?.close());

  it("should draw its text in the brief's own fonts, loaded before it is drawn", async () => {
    // No Noto font is installed here: drawn before its fonts load, or without them, the text would be
    // in the system's fonts.
    const [first, again, unserved] = [
      await coverPng(session, drawing, brief.fonts, 0.5),
      await coverPng(session, drawing, brief.fonts, 0.5),
      await coverPng(session, drawing, { ...brief.fonts, servedCss: '', files: new Map() }, 0.5),
    ];
    expect(Buffer.compare(first, again), 'the same drawing twice').toBe(0);
    const [drawn, fallback] = [rgbaPixels(first), rgbaPixels(unserved)];
    expect([drawn.width, drawn.height]).toEqual([600, 900]);
    // The title's lines (the cover's y 260 to 780, a half here): how many of their pixels differ.
    let differ = 0;
    for (let y = 130; y < 390; y++) {
      for (let x = 0; x < drawn.width; x++) if (Math.abs(drawn.at(x, y)[0]! - fallback.at(x, y)[0]!) > 64) differ++;
    }
    expect(differ).toBeGreaterThan(2000);
  });

  it('should draw a right-to-left line from its right end, and squeeze a word too long for the measure', async () => {
    const line = { x: 1090, y: 300, font: 'sans-serif', weight: 700, size: 100, fill: '#000000', spacing: 0, squeezeTo: null };
    const blank: CoverDrawing = { width: 1200, height: 400, title: 'T', rects: [{ x: 0, y: 0, width: 1200, height: 400, fill: '#ffffff' }], lines: [] };
    const inked = (png: Uint8Array) => {
      const { width, height, at } = rgbaPixels(png);
      const columns = Array.from({ length: width }, (_, x) => Array.from({ length: height }, (_, y) => at(x, y)[0]! < 128).some(Boolean));
      return [columns.indexOf(true), columns.lastIndexOf(true)];
    };
    const [left, right] = inked(await coverPng(session, { ...blank, lines: [{ ...line, text: 'abc', rtl: true }] }, brief.fonts, 1));
    expect(right).toBeGreaterThan(1070);
    expect(right).toBeLessThanOrEqual(1090);
    expect(left).toBeGreaterThan(800);
    const long = 'W'.repeat(40);
    const [start, end] = inked(await coverPng(session, { ...blank, lines: [{ ...line, x: 110, text: long, rtl: false, squeezeTo: 980 }] }, brief.fonts, 1));
    expect(start).toBeGreaterThanOrEqual(108);
    expect(end).toBeLessThanOrEqual(1092);
    expect(end).toBeGreaterThan(1050);
  });
});
