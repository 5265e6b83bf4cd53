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
    expect(iom.fonts.faces.length).toBe(assets.fonts.faces.length);
    // Every face still there, at under a third of the bytes.
    expect(bytes(iom.fonts.files)).toBeLessThan(bytes(assets.fonts.files) / 3);
    const vietnamese = await prepare((await iomSource()).replace('Cenevre', 'Nguyễn'));
    expect(vietnamese.fonts).toBe(assets.fonts);
  });
});
