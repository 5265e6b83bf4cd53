import { availableParallelism } from 'node:os';
import type { BrowserSession } from '../browser/browser.js';
import type { DocumentPage } from '../browser/document-page.js';
import type { Diagnostic } from '../errors.js';
import type { BriefDocument } from '../model.js';
import type { PrintedPage } from '../pdf/finish-pdf.js';
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
import { deckContext } from './view.js';

/** A deck too long to print in one go, fitted: what printing its parts needs from the page it was fitted on. */
interface LongDeck {
  slides: Slide[];
  long: { targets: Array<[string, number]>; headings: JoinOptions['headings']; printed: PrintedPage };
}

/** The fitted slides and their PDF, printed from the slides as measured. */
export interface FittedDeck {
  slides: Slide[];
  /**
   * The PDF printed from that page (a long deck in parts, each on a page of its own from the same
   * fitted slides), with its headings in
   * order (for the bookmarks) and its links (for their descriptions); none when no PDF deck was asked for.
   */
  print?: { parts: Uint8Array[]; join: JoinOptions; printed: PrintedPage };
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

/** A page script: every internal link's target id and the number of the slide it is on (0-based), once each. */
function linkTargetSlides(): Array<[string, number]> {
  const slides = new Map([...document.querySelectorAll('.bp-slide')].map((slide, i) => [slide, i]));
  const found = new Map<string, number>();
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    let id: string;
    try {
      id = decodeURIComponent((a.getAttribute('href') ?? '').slice(1));
    } catch {
      continue;
    }
    const slide = document.getElementById(id)?.closest('.bp-slide');
    if (slide && !found.has(id)) found.set(id, slides.get(slide)!);
  }
  return [...found];
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

/**
 * Plans the deck, then renders it in one Chromium page at the slide size, measures every slide and
 * splits what overflows into continuation slides until everything fits (or cannot be split, which is
 * reported), and prints that page, or a long deck's parts of it: what was measured is what is printed.
 */
export async function fitDeck(input: DeckInput): Promise<FittedDeck> {
  const { doc, context, render, fonts } = input;
  const printContext = { ...context, styles: { ...context.styles, fonts: safe(fonts.servedCss) } };
  const html = (slides: readonly Slide[]) => render('slides-pdf', deckContext(printContext, slides, { notes: false }));
  let slides = planDeck(doc, context.labels);
  const session = await input.browser();
  const fitted = await session.withPage(
    async (page): Promise<FittedDeck | LongDeck> => {
      // Pages show print media (browser.ts): what is measured is the print layout itself.
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
      // A long deck (printed in parts, each rendered anew) changes in the page only where a round
      // changed it: a few hundred slides laid out again, not five thousand. The slides put in are
      // rendered as in the whole new deck (their numbers and ids); the ones kept keep their old
      // numbers, which nothing lays out by. A deck that is or becomes short is printed from this very
      // page, and laid out whole.
      const show = async (next: Slide[]) => {
        const edits = slides.length > slidesPerPart && next.length > slidesPerPart ? slideEdits(slides, next) : null;
        const added = new Set(edits?.flatMap((edit) => edit.add));
        if (edits && added.size <= next.length / 4) {
          const whole = deckContext(printContext, next, { notes: false });
          const views = whole.deck.slides.filter((_, i) => added.has(next[i]!));
          await page.run(replaceSlides, edits.map((edit): [number, number, number] => [edit.at, edit.remove, edit.add.length]), render('slides-pdf', { ...whole, deck: { ...whole.deck, slides: views } }));
        } else await page.replaceBody(html(next));
        slides = next;
      };
      await page.load(html(slides));
      for (let round = 1; ; round++) {
        measures = await page.run(measureSlides, splittableBoxes);
        // Blocks are measured in the order they were rendered; a mismatch leaves the slide unsplit.
        measures.forEach((m, i) => {
          if (m.blocks.length !== slides[i]!.items.length) m.blocks = [];
        });
        const result = splitOverflowing(slides, measures, { lang: doc.meta.lang });
        trace(`slides measured (round ${round}, ${slides.length} slides)`);
        const touched = result.changed ? null : retouch(slides, measures);
        if (touched) {
          await show(touched);
          continue;
        }
        if (!result.changed || round === maxRounds) {
          // Out of rounds: every slide that still overflows is reported, as printed.
          unfit = result.changed ? slides.flatMap((slide, i) => (measures[i]!.overflows ? [{ slide, item: slide.items[0] ?? null }] : [])) : result.unfit;
          break;
        }
        // Later rounds swap the body, or slides of it, only: style sheets and loaded fonts stay, which saves a page load.
        await show(result.slides);
      }
      for (const u of unfit) {
        input.warn({
          severity: 'warning',
          message: unfitMessage(u, slides.indexOf(u.slide) + 1, context.labels.continued),
          place: { file: doc.sourcePath, line: u.item?.line ?? u.slide.line ?? undefined },
          rule: 'briefpack:slide-overflow',
        });
      }
      const fills = measures!.map(fillOf);
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
      if (!input.print) return { slides };
      const [headings, links] = [await page.run(documentHeadings), await page.run(pageLinks)];
      const printed = { headings: headings.map((h) => h.text), links };
      if (slides.length <= slidesPerPart) {
        const parts = [await page.print()];
        trace('slides printed');
        return { slides, print: { parts, join: { headings, outsideTargets: [] }, printed } };
      }
      // A long deck's page is given back (its renderer holds every slide it measured, over a
      // gigabyte at 5,500 slides): its parts print on pages of their own.
      return { slides, long: { targets: await page.run(linkTargetSlides), headings, printed } };
    },
    { serve: fonts.files },
  );
  if (!('long' in fitted)) return fitted;
  const { targets, headings, printed } = fitted.long;
  const ids = targets.map(([id]) => id);
  const full = deckContext(printContext, fitted.slides, { notes: false });
  const count = Math.ceil(fitted.slides.length / slidesPerPart);
  const parts: Uint8Array[] = [];
  let next = 0;
  // Each page prints the next part not yet taken, the first loaded and the others swapped in (the
  // fonts stay loaded), and is closed once none is left; as many pages as processors, four at most.
  const printParts = async (page: DocumentPage) => {
    try {
      for (let k = next++, loaded = false; k < count; k = next++, loaded = true) {
        const part = render('slides-pdf', { ...full, deck: { ...full.deck, slides: full.deck.slides.slice(k * slidesPerPart, (k + 1) * slidesPerPart) } });
        await (loaded ? page.replaceBody(part) : page.load(part));
        await page.run(pointLinksOutside, outsideIdPrefix, ids);
        parts[k] = await page.print();
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
  return { slides: fitted.slides, print: { parts, join: { headings, outsideTargets: targets.map(([id, slide]) => ({ id, page: slide })) }, printed } };
}
