import { availableParallelism } from 'node:os';
import type { BrowserSession } from '../browser/browser.js';
import type { DocumentPage } from '../browser/document-page.js';
import { onFreshPages } from '../browser/fresh-pages.js';
import type { Diagnostic } from '../errors.js';
import type { BriefDocument } from '../model.js';
import type { PrintedPage } from '../pdf/finish-pdf.js';
import { PartsAhead } from '../pdf/finish-thread.js';
import { documentHeadings } from '../pdf/print-paged.js';
import { pageLinks } from '../pdf/link-descriptions.js';
import { outsideIdPrefix, type JoinOptions } from '../pdf/join-pdfs.js';
import { pointLinksOutside } from '../pdf/print-parts.js';
import type { RenderContext } from '../render/context.js';
import type { FontSet } from '../render/fonts.js';
import { safe, type Renderer } from '../render/templates.js';
import { trace } from '../trace.js';
import type { Slide } from './deck.js';
import { measureSlides } from './measure.js';
import { planDeck } from './plan.js';
import { crowdedShrink, fillOf, markStatements, mergeShortNeighbours, nearEmptyFill } from './fill.js';
import { slideEdits } from './slide-edits.js';
import { splitOverflowing, splittableBoxes, type SlideMeasure, type Unfit } from './split.js';
import { deckContext, type SlideView } from './view.js';

/** What printing a long deck's parts needs from the page(s) it was fitted on. */
interface PageFacts {
  headings: JoinOptions['headings'];
  printed: PrintedPage;
  /** Each slide's ids inside it (its own id is the whole deck's, see `linkTargets`). */
  innerIds: string[][];
  /** Every internal link's `href`, in order. */
  hrefs: string[];
}

/** A deck too long to print in one go, fitted: what printing its parts needs. */
interface LongDeck {
  slides: Slide[];
  long: PageFacts;
}

/** The fitted slides and their PDF, printed from the slides as measured. */
export interface FittedDeck {
  slides: Slide[];
  /**
   * Its PDF, a short deck's printed from the page it was fitted on, a long deck's in parts, each on a
   * page of its own, from the same fitted slides; with its headings in order (for the bookmarks) and
   * its links (for their descriptions). None when no PDF deck was asked for.
   */
  print?: { parts: Uint8Array[]; join: JoinOptions; printed: PrintedPage; ahead?: PartsAhead };
}

export interface DeckInput {
  doc: BriefDocument;
  context: RenderContext;
  render: Renderer;
  fonts: FontSet;
  browser: () => Promise<BrowserSession>;
  /** Reports a slide that does not fit, at its line. */
  warn: (warning: Diagnostic) => void;
  /** Whether to print the fitted page (the PDF deck is among the formats). */
  print: boolean;
  /** Planned slides from which a deck is fitted in runs (`fittingRuns`); tests compare it with a whole fitting. */
  slidesPerRun?: number;
}

// A round lays every overflowing slide out over as many slides as it needs, so a deck of any length
// takes a few; only halving one endless paragraph takes one more per halving. A deck still changing
// after these is reported as it stands.
const maxRounds = 30;

/**
 * Chromium prints a long document in time that grows with the square of its pages (4,000 slides in
 * 16 s, in parts of 250 in 5): a deck longer than this is printed in parts of this many slides.
 */
const slidesPerPart = 250;

/**
 * What a deck's page holds of the browser's budget for documents, a character of its HTML against
 * one of a brief's: a renderer fitting or printing 250 slides (0.3 MB of HTML) took 150-200 MB, one
 * holding a 2,000-page brief (7 MB) 1.4 GB. So a 5 MB brief's layout page and the deck's pages take
 * turns (together they took the build past 2.5 GB).
 */
const slideWeight = 4;

/** A deck planned longer than this is fitted in runs of about as many slides (`fittingRuns`). */
const slidesPerRun = 250;

/** A page script: each slide's ids inside it, and every internal link's `href`, in order. */
function slideIdsAndLinks(): { innerIds: string[][]; hrefs: string[] } {
  return {
    innerIds: [...document.querySelectorAll('.bp-slide')].map((slide) => [...slide.querySelectorAll('[id]')].map((element) => element.id).filter(Boolean)),
    hrefs: [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href')!),
  };
}

/** What `printInParts` and `joinPdfs` need of a page's deck besides its slides. */
async function pageFacts(page: DocumentPage): Promise<PageFacts> {
  const headings = await page.run(documentHeadings);
  const printed = { headings: headings.map((h) => h.text), links: await page.run(pageLinks) };
  return { headings, printed, ...(await page.run(slideIdsAndLinks)) };
}

/** The facts of runs of slides, in order, as those of one page showing them all. */
const joinFacts = (facts: readonly PageFacts[]): PageFacts => ({
  headings: facts.flatMap((f) => f.headings),
  printed: { headings: facts.flatMap((f) => f.printed.headings), links: facts.flatMap((f) => f.printed.links) },
  innerIds: facts.flatMap((f) => f.innerIds),
  hrefs: facts.flatMap((f) => f.hrefs),
});

/**
 * Every internal link's target id and the number of the slide it is on (0-based), once each, as the
 * whole deck's page would find them (`getElementById`: the first element with the id): a slide's own
 * id (the whole deck's, unique) comes before those inside it.
 */
function linkTargets(views: readonly SlideView[], facts: PageFacts): Array<[string, number]> {
  const slideOf = new Map<string, number>();
  views.forEach((view, i) => {
    for (const id of [view.id, ...facts.innerIds[i]!]) if (!slideOf.has(id)) slideOf.set(id, i);
  });
  const found = new Map<string, number>();
  for (const href of facts.hrefs) {
    let id: string;
    try {
      id = decodeURIComponent(href.slice(1));
    } catch {
      continue;
    }
    const slide = slideOf.get(id);
    if (slide !== undefined && !found.has(id)) found.set(id, slide);
  }
  return [...found];
}

/**
 * The planned slides cut into runs that are fitted apart, on pages of their own, several at once: a
 * long deck's page took over a gigabyte and one processor for its every round. A run is at least
 * `size` slides, and the next starts at a slide that opens a section (no eyebrow): fitting never
 * joins such a slide to the one before it (`mergeShortNeighbours`), and splits or shrinks every slide
 * on its own, so the runs fit as the whole deck does.
 */
export function fittingRuns(slides: readonly Slide[], size: number): Slide[][] {
  const runs: Slide[][] = [[]];
  for (const slide of slides) {
    if (runs.at(-1)!.length >= size && slide.eyebrow === null) runs.push([]);
    runs.at(-1)!.push(slide);
  }
  return runs;
}

/**
 * A page script: the deck's slides changed by `edits` (`[at, remove, added]`, in order), the slides
 * added taken in turn from `html`'s body; every <details> of theirs open, as everywhere.
 */
function replaceSlides(edits: Array<[number, number, number]>, html: string): void {
  const added = [...new DOMParser().parseFromString(html, 'text/html').body.querySelectorAll(':scope > .bp-slide')].map((slide) => document.adoptNode(slide));
  const slides = [...document.querySelectorAll('body > .bp-slide')];
  let next = added.length;
  for (let e = edits.length - 1; e >= 0; e--) {
    const [at, remove, count] = edits[e]!;
    next -= count;
    const before = slides[at + remove] ?? null;
    const parent = document.body;
    for (const slide of slides.slice(at, at + remove)) slide.remove();
    for (const slide of added.slice(next, next + count)) {
      parent.insertBefore(slide, before);
      for (const details of slide.querySelectorAll('details')) details.open = true;
    }
  }
}

const slideTitle = (slide: Slide, continued: string) => (slide.part > 0 ? `${slide.title} (${continued})` : slide.title);

function unfitMessage(unfit: Unfit, number: number, continued: string): string {
  const { slide, item } = unfit;
  const title = slideTitle(slide, continued);
  const what = item?.line ? `the block at line ${item.line}` : 'its title';
  return `slide ${number} "${title}" does not fit its 16:9 frame even in the smallest type: shorten ${what}, or break it up (::slide-break, a list)`;
}

/** A run of slides as fitted: the slides, their last measures, and those that cannot fit. */
interface FittedRun {
  slides: Slide[];
  measures: SlideMeasure[];
  unfit: Unfit[];
}

/**
 * Renders `planned` in the page at the slide size, measures every slide and splits what overflows
 * into continuation slides until everything fits (or cannot be split); once it does, short
 * neighbours share a slide and what is still nearly empty becomes a statement, and that is measured
 * again. The page then shows the slides fitted.
 */
async function fitSlides(page: DocumentPage, planned: Slide[], input: DeckInput, printContext: RenderContext): Promise<FittedRun> {
  const html = (slides: readonly Slide[]) => input.render('slides-pdf', deckContext(printContext, slides, { notes: false }));
  let slides = planned;
  let unfit: Unfit[];
  let measures: SlideMeasure[];
  // Once everything fits, short neighbours share a slide and what is still nearly empty becomes a
  // statement: once, in one pass, and the result measured again.
  let retouched = false;
  const retouch = (fitted: Slide[], measured: SlideMeasure[]): Slide[] | null => {
    if (retouched) return null;
    retouched = true;
    const measureOf = new Map(fitted.map((slide, i) => [slide, measured[i]!]));
    const merged = mergeShortNeighbours(fitted, measured);
    const marked = markStatements(merged.slides, (slide) => measureOf.get(slide));
    return merged.changed || marked.changed ? marked.slides : null;
  };
  // A long run changes in the page only where a round changed it: a few hundred slides laid out
  // again, not all of them. The slides put in are rendered as in the whole new run (their numbers
  // and ids); the ones kept keep their old numbers, which nothing lays out by.
  const show = async (next: Slide[]) => {
    const edits = slides.length > slidesPerPart && next.length > slidesPerPart ? slideEdits(slides, next) : null;
    const added = new Set(edits?.flatMap((edit) => edit.add));
    if (edits && added.size <= next.length / 4) {
      const whole = deckContext(printContext, next, { notes: false });
      const views = whole.deck.slides.filter((_, i) => added.has(next[i]!));
      await page.run(replaceSlides, edits.map((edit): [number, number, number] => [edit.at, edit.remove, edit.add.length]), input.render('slides-pdf', { ...whole, deck: { ...whole.deck, slides: views } }));
    } else await page.replaceBody(html(next));
    slides = next;
  };
  // Pages show print media (browser.ts): what is measured is the print layout itself.
  await page.load(html(slides), slideWeight);
  for (let round = 1; ; round++) {
    measures = await page.run(measureSlides, splittableBoxes);
    // Blocks are measured in the order they were rendered; a mismatch leaves the slide unsplit.
    measures.forEach((m, i) => {
      if (m.blocks.length !== slides[i]!.items.length) m.blocks = [];
    });
    const result = splitOverflowing(slides, measures, { lang: input.doc.meta.lang });
    trace(`slides measured (round ${round}, ${slides.length} slides)`);
    const touched = result.changed ? null : retouch(slides, measures);
    if (touched) {
      await show(touched);
      continue;
    }
    if (!result.changed || round === maxRounds) {
      // Out of rounds: every slide that still overflows is reported, as printed.
      unfit = result.changed ? slides.flatMap((slide, i) => (measures[i]!.overflows ? [{ slide, item: slide.items[0] ?? null }] : [])) : result.unfit;
      return { slides, measures, unfit };
    }
    // Later rounds swap the body, or slides of it, only: style sheets and loaded fonts stay, which saves a page load.
    await show(result.slides);
  }
}

/** Reports the slides that do not fit, and those crowded or nearly empty, at their lines. */
function reportFit({ slides, measures, unfit }: FittedRun, input: DeckInput): void {
  const { doc, context } = input;
  for (const u of unfit) {
    input.warn({
      severity: 'warning',
      message: unfitMessage(u, slides.indexOf(u.slide) + 1, context.labels.continued),
      place: { file: doc.sourcePath, line: u.item?.line ?? u.slide.line ?? undefined },
      rule: 'briefpack:slide-overflow',
    });
  }
  const fills = measures.map(fillOf);
  trace(`slides' fill: ${fills.map((f) => `${Math.round(f * 100)}%`).join(' ')}`);
  const unfitSlides = new Set(unfit.map((u) => u.slide));
  fills.forEach((fill, i) => {
    const slide = slides[i]!;
    // A slide that does not fit is reported as such, not as crowded or empty besides.
    if (unfitSlides.has(slide)) return;
    if (slide.shrink >= crowdedShrink) {
      const item = slide.items.find((it) => it.line !== null) ?? null;
      input.warn({
        severity: 'warning',
        message: `slide ${i + 1} "${slideTitle(slide, context.labels.continued)}" is crowded: its content is set too small to read from a distance; shorten ${item ? `the block at line ${item.line}` : 'it'}, or break it up (::slide-break, a list)`,
        place: { file: doc.sourcePath, line: item?.line ?? slide.line ?? undefined },
        rule: 'briefpack:slide-crowded',
      });
    }
    if (slide.kind !== 'content' || slide.items.length === 0 || slide.statement || fill >= nearEmptyFill) return;
    input.warn({
      severity: 'warning',
      message: `slide ${i + 1} "${slideTitle(slide, context.labels.continued)}" is nearly empty (its content fills ${Math.round(fill * 100)}% of the frame): join it to its neighbour, or move it to the notes (:::notes)`,
      place: { file: doc.sourcePath, line: slide.line ?? undefined },
      rule: 'briefpack:slide-near-empty',
    });
  });
}

/**
 * Plans the deck and fits it (`fitSlides`) in one Chromium page, or a long deck in runs on pages of
 * their own (`fittingRuns`), then prints it: a short deck from the very page it was fitted on (what
 * was measured is what is printed), a long one in parts rendered from the same fitted slides, each
 * on a page of its own.
 */
export async function fitDeck(input: DeckInput): Promise<FittedDeck> {
  const { context, render, fonts } = input;
  const printContext = { ...context, styles: { ...context.styles, fonts: safe(fonts.servedCss) } };
  const runs = fittingRuns(planDeck(input.doc, context.labels), input.slidesPerRun ?? slidesPerRun);
  const session = await input.browser();
  let fitted: FittedDeck | LongDeck;
  if (runs.length === 1) {
    fitted = await session.withPage(
      async (page): Promise<FittedDeck | LongDeck> => {
        const run = await fitSlides(page, runs[0]!, input, printContext);
        reportFit(run, input);
        const { slides } = run;
        if (!input.print) return { slides };
        const facts = await pageFacts(page);
        if (slides.length <= slidesPerPart) {
          const parts = [await page.print()];
          trace('slides printed');
          return { slides, print: { parts, join: { headings: facts.headings, outsideTargets: [] }, printed: facts.printed } };
        }
        // A long deck's page is given back (its renderer holds every slide it measured): its parts
        // print on pages of their own.
        return { slides, long: facts };
      },
      { serve: fonts.files },
    );
  } else {
    const fittedRuns: Array<{ run: FittedRun; facts?: PageFacts }> = [];
    await onFreshPages(
      session,
      runs.length,
      async (k, page) => {
        const run = await fitSlides(page, runs[k]!, input, printContext);
        fittedRuns[k] = { run, facts: input.print ? await pageFacts(page) : undefined };
      },
      { serve: fonts.files },
    );
    trace(`slides fitted (${runs.length} runs)`);
    const joined = { slides: fittedRuns.flatMap(({ run }) => run.slides), measures: fittedRuns.flatMap(({ run }) => run.measures), unfit: fittedRuns.flatMap(({ run }) => run.unfit) };
    reportFit(joined, input);
    fitted = input.print ? { slides: joined.slides, long: joinFacts(fittedRuns.map(({ facts }) => facts!)) } : { slides: joined.slides };
  }
  if (!('long' in fitted)) return fitted;
  const { slides, long } = fitted;
  const full = deckContext(printContext, slides, { notes: false });
  const targets = linkTargets(full.deck.slides, long);
  const ids = targets.map(([id]) => id);
  const count = Math.ceil(slides.length / slidesPerPart);
  const parts: Uint8Array[] = [];
  const ahead = new PartsAhead();
  let next = 0;
  // Each page prints the next part not yet taken, the first loaded and the others swapped in (the
  // fonts stay loaded), and is closed once none is left; as many pages as processors, four at most.
  const printParts = async (page: DocumentPage) => {
    try {
      for (let k = next++, loaded = false; k < count; k = next++, loaded = true) {
        const part = render('slides-pdf', { ...full, deck: { ...full.deck, slides: full.deck.slides.slice(k * slidesPerPart, (k + 1) * slidesPerPart) } });
        await (loaded ? page.replaceBody(part) : page.load(part, slideWeight));
        await page.run(pointLinksOutside, outsideIdPrefix, ids);
        parts[k] = ahead.send(await page.print());
      }
    } catch (error) {
      // The other pages take no further part: the print has failed.
      next = count;
      throw error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), 4, count) }, () => session.withPage(printParts, { serve: fonts.files, close: true })));
  trace(`slides printed (${parts.length} parts)`);
  // One slide a page: a target's page is its slide's number.
  return { slides, print: { parts, join: { headings: long.headings, outsideTargets: targets.map(([id, slide]) => ({ id, page: slide })) }, printed: long.printed, ahead } };
}
