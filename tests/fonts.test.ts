import { describe, expect, it } from 'vitest';
import { prepareBrief } from '../src/build/render-brief.js';
import { loadProject } from '../src/project/load-project.js';
import { loadRenderAssets } from '../src/render/assets.js';
import { loadConfig } from '../src/config.js';
import { subsetCovers } from '../src/render/font-subset.js';
import { iomSource, repoRoot } from './helpers.js';

const bytes = (files: ReadonlyMap<string, Uint8Array>) => [...files.values()].reduce((sum, f) => sum + f.byteLength, 0);

describe('font subsets', () => {
  it('should cover Turkish and English in both cases, and nothing outside Latin-1 and Extended-A', () => {
    expect(subsetCovers('İstanbul, Iğdır ve Şırnak: ĞÜŞİÖÇ ğüşıöç — “tırnak” · € 1.200')).toBe(true);
    expect(subsetCovers('The organisation’s members…')).toBe(true);
    expect(subsetCovers('Nguyễn')).toBe(false);
    expect(subsetCovers('Ελλάδα')).toBe(false);
  });

  it('should give a brief the subsets when they carry it, and every face when not', async () => {
    const assets = await loadRenderAssets(await loadProject(loadConfig(repoRoot)));
    const prepare = async (source: string) =>
      prepareBrief({ source, file: `${repoRoot}/content/x.md`, root: repoRoot, shown: 'content/x.md', assets, builtOn: new Date(), maxFactAgeMonths: 1200 });
    const iom = await prepare(await iomSource());
    expect([...iom.fonts.files.keys()].every((url) => url.endsWith('.subset.woff2'))).toBe(true);
    const textFaces = assets.fonts.faces.filter((face) => !face.onlyFor);
    expect(iom.fonts.faces.length).toBe(textFaces.length);
    // Every text face still there, at under a third of the bytes.
    const textBytes = bytes(new Map(textFaces.map((face) => [face.url, assets.fonts.files.get(face.url)!])));
    expect(bytes(new Map(iom.fonts.faces.map((face) => [face.url, iom.fonts.files.get(face.url)!])))).toBeLessThan(textBytes / 3);
    const vietnamese = await prepare((await iomSource()).replace('Cenevre', 'Nguyễn'));
    expect(vietnamese.fonts.faces).toEqual(textFaces);
  });

  it('should inline an emoji font face only into a brief that shows its emoji', async () => {
    const assets = await loadRenderAssets(await loadProject(loadConfig(repoRoot)));
    const emojiFaces = assets.fonts.faces.filter((face) => face.onlyFor);
    expect(emojiFaces.length).toBeGreaterThan(10);
    const prepare = async (source: string) =>
      (await prepareBrief({ source, file: `${repoRoot}/content/x.md`, root: repoRoot, shown: 'content/x.md', assets, builtOn: new Date(), maxFactAgeMonths: 1200 })).fonts;
    // ©, ™ and arrows are the text fonts': no emoji face for them.
    expect((await prepare(`${await iomSource()}\n© ™ ↔ ‍ Nguyễn\n`)).faces.filter((face) => face.onlyFor)).toEqual([]);
    const globe = await prepare(`${await iomSource()}\nDünya 🌍 ve Nguyễn.\n`);
    const shown = globe.faces.filter((face) => face.onlyFor);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.onlyFor!.some(([from, to]) => 0x1f30d >= from && 0x1f30d <= to)).toBe(true);
    expect(globe.inlineCss.match(/font-family: 'Noto Emoji'/g)).toHaveLength(1);
  });
});
