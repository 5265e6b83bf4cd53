import type { Element, ElementContent, Properties } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import { walkElementsFrom } from '../content/walk.js';
import type { BriefDocument, Lang, SlideBlock } from '../model.js';
import type { Labels } from '../locale.js';
import type { Slide, SlideItem } from './deck.js';
import { sliceText, slideSentence } from './sentences.js';

const el = (tagName: string, properties: Properties, children: ElementContent[]): Element => ({ type: 'element', tagName, properties, children });
const text = (value: string): ElementContent => ({ type: 'text', value });

const slide = (fields: Pick<Slide, 'kind' | 'anchor' | 'title'> & Partial<Slide>): Slide => ({
  eyebrow: null,
  part: 0,
  line: null,
  items: [],
  notes: [],
  shrink: 0,
  statement: false,
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
      walkElementsFrom(block.node, (node) => {
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
 * What a slide shows of a paragraph or a list item: its first sentence, shortened at a clause when
 * long (see `slideSentence`); null when that is all of it.
 */
function shortened(node: Element, lang: Lang): Element | null {
  const whole = toString(node).trimEnd();
  const { end, cut } = slideSentence(whole, lang);
  if (end >= whole.length) return null;
  const kept = sliceText(node, 0, end);
  return cut ? withTrailing(kept, '…') : kept;
}

/** The element with `suffix` right after its last character, inside whatever element holds it (a list item's paragraph). */
function withTrailing(node: Element, suffix: string): Element {
  const children = [...node.children];
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i]!;
    if (child.type === 'text' && child.value.trim()) children[i] = { ...child, value: `${child.value.trimEnd()}${suffix}` };
    else if (child.type === 'element' && toString(child).trim()) children[i] = withTrailing(child, suffix);
    else continue;
    return { ...node, children };
  }
  return { ...node, children: [...children, text(suffix)] };
}

/** A list item that is words alone (no nested list, table or box), which a slide may shorten. */
const isPlainItem = (li: Element) => li.children.every((c) => c.type !== 'element' || c.tagName === 'p' || !/^(ul|ol|table|pre|blockquote|div|figure|dl|h\d)$/.test(c.tagName));

/**
 * A content block as a slide item. A paragraph, and each item of a list, shows its first sentence
 * (see `shortened`) and leaves the whole of it to the speaker notes; tables and what the author wrote
 * for slides show as they are. Footnote references leave the slide and their footnotes go to its notes.
 */
function itemOf(block: Extract<SlideBlock, { type: 'content' }>, lang: Lang, footnotes: Footnotes): SlideItem | null {
  const { tagName, properties } = block.node;
  if (tagName === 'hr' || (tagName === 'section' && properties.dataFootnotes !== undefined)) return null;
  const [node, refs] = withoutFootnoteRefs(block.node);
  const notes = refs.flatMap((ref) => footnoteNote(ref, footnotes));
  if (block.slidesOnly) return { node, line: block.line, notes };
  if (tagName === 'p') {
    const short = shortened(node, lang);
    if (short) return { node: short, line: block.line, notes: [node, ...notes] };
  }
  if (tagName === 'ul' || tagName === 'ol') {
    let changed = false;
    const children = node.children.map((child) => {
      if (child.type !== 'element' || child.tagName !== 'li' || !isPlainItem(child)) return child;
      const short = shortened(child, lang);
      if (short) changed = true;
      return short ?? child;
    });
    if (changed) return { node: { ...node, children }, line: block.line, notes: [node, ...notes] };
  }
  return { node, line: block.line, notes };
}

/**
 * Facts as one definition list, one group per fact, so the splitter can spread them over slides. A
 * value of several sentences shows its first; all of it is in the notes.
 */
function factList(doc: BriefDocument): SlideItem {
  const lang = doc.meta.lang;
  const notes: ElementContent[] = [];
  const groups = doc.facts.map((f) => {
    const shown = deckFactValue(f.value, lang);
    if (shown !== f.value) notes.push(el('p', {}, [el('strong', {}, [text(f.label)]), text(` ${f.value}`)]));
    return el('div', {}, [el('dt', {}, [text(f.label)]), el('dd', {}, [text(shown)])]);
  });
  return { node: el('dl', { className: ['bp-slide-facts'] }, groups), line: null, notes };
}

/** What a deck's slide shows of a fact's value: its first sentence, shortened at a clause when long. */
export function deckFactValue(value: string, lang: Lang): string {
  const { end, cut } = slideSentence(value, lang);
  return end >= value.trimEnd().length ? value : `${value.slice(0, end)}${cut ? '…' : ''}`;
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

/** The closing slide's title: named apart from the title slide (bookmarks, a screen reader's list of slides), by what it shows. */
export const closingTitle = (meta: BriefDocument['meta'], labels: Labels): string => (meta.summary ? labels.summary : meta.title);

/**
 * The deck, from the document model: a title slide, the key facts, the sections' slides and a
 * closing slide with the revision stamp. Pure; whether slides fit is measured later.
 */
export function planDeck(doc: BriefDocument, labels: Labels): Slide[] {
  const { meta } = doc;
  const footnotes = footnotesOf(doc);
  return [
    slide({ kind: 'title', anchor: 'title', title: meta.title }),
    ...(doc.facts.length > 0 ? [slide({ kind: 'facts', anchor: 'facts', title: labels.keyFacts, items: [factList(doc)] })] : []),
    ...doc.slides.flatMap((section) => sectionSlides(section, labels.overview, meta.lang, footnotes)),
    slide({ kind: 'closing', anchor: 'end', title: closingTitle(meta, labels) }),
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
      walkElementsFrom(item.node, (node) => {
        if (headingRank(node)) shown.add(collapsed(toString(node)));
      });
    }
  }
  return doc.toc.map((entry) => entry.title).filter((title) => shown.has(collapsed(title)));
}
