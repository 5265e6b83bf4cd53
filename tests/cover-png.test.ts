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
import type { FontSet } from '../src/render/fonts.js';
import { iomSource, repoRoot, rgbaPixels } from './helpers.js';

describe("the EPUB's PNG cover", () => {
  let session: BrowserSession;
  let brief: PreparedBrief;
  let drawing: CoverDrawing;
  /** The brief's fonts under names of their own: a font installed on the machine cannot stand in for them. */
  let fonts: FontSet;
  const alias = (css: string) => css.replace(/'(Noto [^']+)'/g, "'bp-test $1'");

  beforeAll(async () => {
    session = await launchBrowser(await findBrowser());
    const assets = await loadRenderAssets(await loadProject(loadConfig(repoRoot)));
    brief = await prepareBrief({ source: await iomSource(), file: path.join(repoRoot, 'content/iom.md'), root: repoRoot, shown: 'content/iom.md', assets, builtOn: new Date(), maxFactAgeMonths: 1200 });
    const tokens = themeTokens(brief.context.styles.theme!.toString(), brief.doc.meta.lang);
    const shapes = coverDrawing({ meta: brief.doc.meta, labels: brief.context.labels, tokens });
    drawing = { ...shapes, lines: shapes.lines.map((line) => ({ ...line, font: alias(line.font) })) };
    fonts = { ...brief.fonts, servedCss: alias(brief.fonts.servedCss) };
    expect(fonts.servedCss).toContain("'bp-test Noto Serif'");
  });
  afterAll(() => session?.close());

  it("should draw its text in the brief's own fonts, loaded before it is drawn", async () => {
    // Drawn before its fonts load, or without them, the text would be in the system's fonts.
    const [first, again, unserved] = [
      await coverPng(session, drawing, fonts, 0.5),
      await coverPng(session, drawing, fonts, 0.5),
      await coverPng(session, drawing, { ...fonts, servedCss: '', files: new Map() }, 0.5),
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

  it('should draw a right-to-left line from its right end, and set a squeezed line to the measure exactly', async () => {
    const line = { x: 1090, y: 300, font: "'bp-test Noto Sans'", weight: 700, size: 100, fill: '#000000', spacing: 0, squeezeTo: null };
    const blank: CoverDrawing = { width: 1200, height: 400, title: 'T', rects: [{ x: 0, y: 0, width: 1200, height: 400, fill: '#ffffff' }], lines: [] };
    const inked = (png: Uint8Array) => {
      const { width, height, at } = rgbaPixels(png);
      const columns = Array.from({ length: width }, (_, x) => Array.from({ length: height }, (_, y) => at(x, y)[0]! < 128).some(Boolean));
      return [columns.indexOf(true), columns.lastIndexOf(true)];
    };
    const [left, right] = inked(await coverPng(session, { ...blank, lines: [{ ...line, text: 'abc', rtl: true }] }, fonts, 1));
    expect(right).toBeGreaterThan(1070);
    expect(right).toBeLessThanOrEqual(1090);
    expect(left).toBeGreaterThan(800);
    // Set to the measure exactly, as SVG's textLength sets it: a long word narrowed, a short one widened.
    for (const text of ['W'.repeat(40), 'WW']) {
      const [start, end] = inked(await coverPng(session, { ...blank, lines: [{ ...line, x: 110, text, rtl: false, squeezeTo: 980 }] }, fonts, 1));
      expect(start, text).toBeGreaterThanOrEqual(108);
      expect(start, text).toBeLessThan(130);
      expect(end, text).toBeLessThanOrEqual(1092);
      expect(end, text).toBeGreaterThan(1050);
    }
  });
});
