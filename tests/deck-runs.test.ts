import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/browser/browser.js';
import { findBrowser } from '../src/browser/find-browser.js';
import { prepareBrief, type PreparedBrief } from '../src/build/render-brief.js';
import { loadConfig } from '../src/config.js';
import type { Diagnostic } from '../src/errors.js';
import { loadProject } from '../src/project/load-project.js';
import { loadRenderAssets, type RenderAssets } from '../src/render/assets.js';
import { fitDeck, fittingRuns, type FittedDeck } from '../src/slides/build-deck.js';
import type { Slide } from '../src/slides/deck.js';
import { planDeck } from '../src/slides/plan.js';
import { repoRoot } from './helpers.js';

// Issue 12, item 8: a long deck is fitted in runs of slides, each on a page of its own, several at
// once (a 5,500-slide deck's one page took over a gigabyte and one processor for every round). The
// runs must fit as the whole deck does: the same slides, warnings, headings, links and link targets.

/** A long brief whose deck splits, joins, sets statements and links across runs. */
function longBrief(sections: number): string {
  const code = Array.from({ length: 40 }, (_, n) => `satır_${n} = göç(${n})`).join('\n');
  const parts = ['---', 'title: Uzun sunum', 'lang: tr', '---', '', `Giriş: [son bölüme git](#bölüm-${sections}) ve [ikinci bölüm](#bölüm-2).`];
  for (let s = 1; s <= sections; s++) {
    parts.push(`## Bölüm ${s}`, `Bölüm ${s} için kısa bir metin: göç ve İzmir.`);
    // Short neighbours that share a slide, a lonely line that becomes a statement, a block that splits.
    if (s % 3 === 0) parts.push(`### Kısa ${s}.1`, 'Bir satır.', `### Kısa ${s}.2`, 'Bir satır daha.');
    if (s % 5 === 0) parts.push(`### Uzun ${s}`, Array.from({ length: 14 }, (_, i) => `- Madde ${i + 1}: göçün ${s}. bölümdeki uzunca bir açıklaması, iki satıra yayılan.`).join('\n'));
    if (s % 7 === 0) parts.push('```python\n' + code + '\n```');
    // Back to the first slide, and to a subsection joined to its section's slide (an id inside a slide).
    if (s === sections) parts.push(`[Başa dön](#bölüm-1), [kısa bölüme](#kısa-31).`);
  }
  return parts.join('\n\n') + '\n';
}

/** What a fitted deck says, without the PDF bytes. */
const described = ({ slides, print }: FittedDeck) => ({
  slides: slides.map((s: Slide) => ({ title: s.title, part: s.part, shrink: s.shrink, statement: s.statement, items: s.items.length })),
  headings: print?.join.headings,
  targets: print?.join.outsideTargets,
  printed: print?.printed,
  parts: print?.parts.length,
});

describe('a long deck fitted in runs', () => {
  let session: BrowserSession;
  let assets: RenderAssets;
  let brief: PreparedBrief;
  beforeAll(async () => {
    session = await launchBrowser(await findBrowser());
    assets = await loadRenderAssets(await loadProject(loadConfig(repoRoot)));
    brief = await prepareBrief({ source: longBrief(150), file: path.join(repoRoot, 'content', 'uzun.md'), root: repoRoot, shown: 'content/uzun.md', assets, builtOn: new Date(), maxFactAgeMonths: 1200 });
  });
  afterAll(() => session?.close());

  it('should cut runs only before a slide that opens a section, each at least as long as asked', () => {
    const planned = planDeck(brief.doc, brief.context.labels);
    const runs = fittingRuns(planned, 40);
    expect(runs.length).toBeGreaterThan(3);
    expect(runs.flat()).toEqual(planned);
    for (const [k, run] of runs.entries()) {
      if (k < runs.length - 1) expect(run.length).toBeGreaterThanOrEqual(40);
      if (k > 0) expect(run[0]!.eyebrow).toBeNull();
    }
    // A deck of subsections only (every slide under one section) is one run: no cut would be safe.
    expect(fittingRuns(planned.map((slide) => ({ ...slide, eyebrow: 'Bölüm' })), 40)).toHaveLength(1);
  });

  it('should fit and print as the whole deck does', { timeout: 240_000 }, async () => {
    const fit = async (slidesPerRun: number) => {
      const warnings: Diagnostic[] = [];
      const { doc, context, fonts } = brief;
      const fitted = await fitDeck({ doc, context, render: assets.render, fonts, browser: async () => session, warn: (w) => void warnings.push(w), print: true, slidesPerRun });
      return { ...described(fitted), warnings };
    };
    const whole = await fit(Infinity);
    const inRuns = await fit(40);
    // The deck is long enough to print in parts, has continuations, joined and statement slides.
    expect(whole.parts).toBeGreaterThan(1);
    expect(whole.slides.some((s) => s.part > 0)).toBe(true);
    expect(whole.slides.some((s) => s.statement)).toBe(true);
    expect(whole.slides.length).toBeLessThan(planDeck(brief.doc, brief.context.labels).length + whole.slides.filter((s) => s.part > 0).length);
    // Links from the first slide to the last and back, and to a joined subsection, go across runs and parts.
    expect(whole.targets!.map((t) => t.id)).toEqual(expect.arrayContaining(['bölüm-150', 'bölüm-1', 'kısa-31']));
    const third = whole.slides.findIndex((s) => s.title === 'Bölüm 3');
    expect(whole.targets!.find((t) => t.id === 'kısa-31')?.page).toBe(third);
    expect(inRuns).toEqual(whole);
  });
});
