import type { Element, ElementContent, Properties } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { BriefDocument, Lang, SlideBlock } from '../model.js';
import type { Labels } from '../locale.js';
import type { Slide, SlideItem } from './deck.js';
import { firstSentence, sliceText } from './sentences.js';

const el = (tagName: string, properties: Properties, children: ElementContent[]): Element => ({ type: 'element', tagName, properties, children });
const text = (value: string): ElementContent => ({ type: 'text', value });

const slide = (fields: Pick<Slide, 'kind' | 'anchor' | 'title'> & Partial<Slide>): Slide => ({
  eyebrow: null,
  part: 0,
  line: null,
  items: [],
  notes: [],
  shrink: 0,
  ...fields,
});

const isFootnoteRef = (node: ElementContent): boolean =>
  node.type === 'element' && node.tagName === 'sup' && node.children.some((c) => c.type === 'element' && c.properties.dataFootnoteRef !== undefined);

/** A copy without footnote references, and the references it had (their `<sup>`s), in order. */
function withoutFootnoteRefs(node: Element, refs: Element[] = []): [Element, Element[]] {
  const children: ElementContent[] = [];
  for (const c of node.children) {
    if (isFootnoteRef(c)) refs.push(c as Element);
    else if (c.type === 'element') children.push(withoutFootnoteRefs(c, refs)[0]);
    else children.push(c);
  }
  return [{ ...node, children }, refs];
}

/** The footnotes of the deck's body, by the link a reference makes to them (`#user-content-fn-1`). */
export type Footnotes = ReadonlyMap<string, Element>;

function footnotesOf(doc: BriefDocument): Footnotes {
  const notes = new Map<string, Element>();
  for (const section of doc.slides) {
    for (const block of section.blocks) {
      if (block.type !== 'content' || block.node.properties.dataFootnotes === undefined) continue;
      visit(block.node, 'element', (node) => {
        if (node.tagName === 'li' && typeof node.properties.id === 'string') notes.set(`#${node.properties.id}`, node);
      });
    }
  }
  return notes;
}

/** A footnote for the speaker notes: its number, then its text, without the link back. */
function footnoteNote(ref: Element, notes: Footnotes): ElementContent[] {
  const link = ref.children.find((c): c is Element => c.type === 'element');
  const note = link && notes.get(String(link.properties.href));
  if (!note) return [];
  const number = el('sup', {}, [text(toString(ref))]);
  const drop = (node: Element): Element => ({
    ...node,
    children: node.children.filter((c) => !(c.type === 'element' && c.properties.dataFootnoteBackref !== undefined)).map((c) => (c.type === 'element' ? drop(c) : c)),
  });
  const blocks = note.children.filter((c): c is Element => c.type === 'element').map(drop);
  const [first, ...rest] = blocks;
  if (first?.tagName === 'p') return [{ ...first, children: [number, text(' '), ...first.children] }, ...rest];
  return [el('p', {}, [number]), ...blocks];
}

/**
 * A content block as a slide item. A paragraph shows its first sentence and leaves the whole of it to
 * the speaker notes; lists, tables and what the author wrote for slides show as they are. Footnote
 * references leave the slide and their footnotes go to its notes.
 */
function itemOf(block: Extract<SlideBlock, { type: 'content' }>, lang: Lang, footnotes: Footnotes): SlideItem | null {
  const { tagName, properties } = block.node;
  if (tagName === 'hr' || (tagName === 'section' && properties.dataFootnotes !== undefined)) return null;
  const [node, refs] = withoutFootnoteRefs(block.node);
  const notes = refs.flatMap((ref) => footnoteNote(ref, footnotes));
  if (tagName === 'p' && !block.slidesOnly) {
    const whole = toString(node).trimEnd();
    const first = firstSentence(whole, lang);
    if (first.length < whole.length) return { node: sliceText(node, 0, first.length), line: block.line, notes: [node, ...notes] };
  }
  return { node, line: block.line, notes };
}

/** Facts as one definition list, one group per fact, so the splitter can spread them over slides. */
function factList(doc: BriefDocument): Element {
  return el(
    'dl',
    { className: ['bp-slide-facts'] },
    doc.facts.map((f) => el('div', {}, [el('dt', {}, [text(f.label)]), el('dd', {}, [text(f.value)])])),
  );
}

/** One section's slides: its own, then one per `###`, and a new one at each `::slide-break`. */
function sectionSlides(section: BriefDocument['slides'][number], fallbackTitle: string, lang: Lang, footnotes: Footnotes): Slide[] {
  const title = section.title || fallbackTitle;
  let current = slide({ kind: 'content', anchor: section.id || 'overview', title, line: section.line });
  const slides = [current];
  for (const block of section.blocks) {
    if (block.type === 'break') {
      current = { ...current, part: current.part + 1, line: block.line, items: [], notes: [], shrink: 0 };
      slides.push(current);
    } else if (block.type === 'notes') {
      (current.items.at(-1)?.notes ?? current.notes).push(...block.children);
    } else if (headingRank(block.node) === 3) {
      current = slide({ kind: 'content', anchor: String(block.node.properties.id ?? ''), title: toString(block.node).trim(), eyebrow: title, line: block.line });
      slides.push(current);
    } else {
      const item = itemOf(block, lang, footnotes);
      if (item) current.items.push(item);
    }
  }
  // A section's first slide stays even when empty (it divides the deck); an empty continuation goes.
  return slides.filter((s) => s.part === 0 || s.items.length > 0 || s.notes.length > 0);
}

/**
 * The deck, from the document model: a title slide, the key facts, the sections' slides and a
 * closing slide with the revision stamp. Pure; whether slides fit is measured later.
 */
export function planDeck(doc: BriefDocument, labels: Labels): Slide[] {
  const { meta } = doc;
  const footnotes = footnotesOf(doc);
  return [
    slide({ kind: 'title', anchor: 'title', title: meta.title }),
    ...(doc.facts.length > 0 ? [slide({ kind: 'facts', anchor: 'facts', title: labels.keyFacts, items: [{ node: factList(doc), line: null, notes: [] }] })] : []),
    ...doc.slides.flatMap((section) => sectionSlides(section, labels.overview, meta.lang, footnotes)),
    slide({ kind: 'closing', anchor: 'end', title: meta.title }),
  ];
}

const collapsed = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The document's headings the deck shows, as slide titles or on slides: its sections and
 * subsections, not the footnotes' heading (each footnote is in the notes of its slide) nor what the author kept off slides
 * (`:::no-slides`). What the read-back check holds the deck to.
 */
export function deckHeadings(doc: BriefDocument, labels: Labels): string[] {
  const shown = new Set<string>();
  for (const s of planDeck(doc, labels)) {
    if (s.kind === 'content') shown.add(collapsed(s.title));
    for (const item of s.items) {
      visit(item.node, 'element', (node) => {
        if (headingRank(node)) shown.add(collapsed(toString(node)));
      });
    }
  }
  return doc.toc.map((entry) => entry.title).filter((title) => shown.has(collapsed(title)));
}
