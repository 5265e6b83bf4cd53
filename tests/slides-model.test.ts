// The deck's side of the document model, the slide planner and the overflow splitter: no browser.
import type { Element } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { parseBrief } from '../src/content/parse-brief.js';
import { labelsOf } from '../src/locale.js';
import { planDeck } from '../src/slides/plan.js';
import { inlineScript, withoutPrintRules } from '../src/slides/reveal.js';
import { firstSentence } from '../src/slides/sentences.js';
import { splitBlock, splitOverflowing, type SlideMeasure } from '../src/slides/split.js';
import { maxShrink, type Slide } from '../src/slides/deck.js';
import { iomSource, withoutSoftHyphens } from './helpers.js';

const front = `---
title: Directives
organisation: Test Org
author: Tester
lang: en
asOf: 2024-05-01
summary: A brief that steers its deck.
facts:
  - key: staff
    label: Staff
    value: "350"
---
`;

const steered = `${front}
## Plans

Shared opening. Its detail is for readers.

:::notes
Speaker NOTE-ONE about plans.
:::

:::slides
Deck-only SLIDE-ONLY line.
:::

:::no-slides
Document-only NO-SLIDES paragraph.
:::

::slide-break

- Second slide item

### Budget

Budget text.
`;

const deckText = (slides: Slide[]) => slides.map((s) => s.items.map((i) => toString(i.node)).join(' ')).join(' | ');
const notesText = (slides: Slide[]) => slides.map((s) => [...s.notes, ...s.items.flatMap((i) => i.notes)].map((n) => toString(n)).join(' ')).join(' | ');

describe('the model keeps the documents and the deck apart', () => {
  const { doc, warnings } = parseBrief(steered, 'content/steered.md', { today: new Date('2024-05-02') });

  it('keeps notes, slides-only blocks and breaks out of tree, html and sections, and no-slides blocks in', () => {
    const views = { html: doc.html, tree: toHtml(doc.tree), sections: doc.sections.map((s) => toHtml(s.tree)).join('\n') };
    for (const html of Object.values(views)) {
      expect(html).not.toContain('NOTE-ONE');
      expect(html).not.toContain('SLIDE-ONLY');
      expect(html).not.toContain('data-bp-slides');
      expect(html).not.toMatch(/<hr/);
      expect(withoutSoftHyphens(html)).toContain('Document-only NO-SLIDES paragraph.');
    }
    expect(doc.toc.map((t) => t.title)).toEqual(['Plans', 'Budget']);
    expect(warnings).toEqual([]);
  });

  it('gives the deck its notes, slides-only blocks and breaks, and no no-slides block', () => {
    const [plans] = doc.slides;
    expect(plans?.title).toBe('Plans');
    expect(plans?.blocks.map((b) => b.type)).toEqual(['content', 'notes', 'content', 'break', 'content', 'content', 'content']);
    const content = plans!.blocks.flatMap((b) => (b.type === 'content' ? [toHtml(b.node)] : [])).join('\n');
    expect(content).toContain('SLIDE-ONLY');
    expect(content).not.toContain('NO-SLIDES');
    expect(content).not.toContain('data-bp-slides');
    expect(plans?.blocks.find((b) => b.type === 'content' && b.slidesOnly)).toBeDefined();
  });

  it('plans title, facts, one slide per section part and ###, and a closing slide', () => {
    const slides = planDeck(doc, labelsOf('en'));
    expect(slides.map((s) => [s.kind, s.title, s.part])).toEqual([
      ['title', 'Directives', 0],
      ['facts', 'Key facts', 0],
      ['content', 'Plans', 0],
      ['content', 'Plans', 1],
      ['content', 'Budget', 0],
      // Named by what it shows, apart from the title slide.
      ['closing', 'Summary', 0],
    ]);
    expect(slides[4]?.eyebrow).toBe('Plans');
    // A paragraph shows its first sentence; the whole of it goes to the notes with the author's.
    expect(deckText(slides)).toContain('Shared opening.');
    expect(deckText(slides)).not.toContain('Its detail');
    expect(notesText(slides).split(' | ')[2]).toBe('Shared opening. Its detail is for readers. Speaker NOTE-ONE about plans.');
    expect(deckText(slides)).toContain('Deck-only SLIDE-ONLY line.');
  });

  it('reports misuse at the directive and never lets notes reach the documents', () => {
    const misuse = `${front}
## One

Text with :notes[inline] in it.

::notes[Leaf NOTE-LEAF]

- item

  ::slide-break

::::no-slides
:::notes
NOTE-HIDDEN
:::
::::
`;
    const parsed = parseBrief(misuse, 'content/misuse.md', { today: new Date('2024-05-02') });
    expect(parsed.warnings.map((w) => [w.place.line, w.rule])).toEqual([
      [16, 'briefpack:slides'],
      [18, 'briefpack:slides'],
      [22, 'briefpack:slides'],
      [25, 'briefpack:slides'],
    ]);
    expect(parsed.warnings[0]?.message).toMatch(/`:notes` is a block directive/);
    expect(withoutSoftHyphens(parsed.doc.html)).toContain(':notes[inline]');
    expect(parsed.doc.html).not.toContain('NOTE-LEAF');
    expect(parsed.doc.html).not.toContain('NOTE-HIDDEN');
    const notes = parsed.doc.slides.flatMap((s) => s.blocks.filter((b) => b.type === 'notes'));
    expect(notes.map((n) => (n.type === 'notes' ? toString({ type: 'root', children: n.children }) : ''))).toEqual(['Leaf NOTE-LEAF']);
  });

});

describe('key sentences', () => {
  it('reads Turkish ordinals and soft line breaks as part of the sentence', () => {
    expect(firstSentence('IOM Türkiye’de ilk ofisini 1. Körfez\nSavaşı sonrasında 1991 yılında açmıştır. Örgüt başladı.', 'tr')).toBe(
      'IOM Türkiye’de ilk ofisini 1. Körfez\nSavaşı sonrasında 1991 yılında açmıştır.',
    );
    expect(firstSentence('It opened in room 1. Then it grew.', 'en')).toBe('It opened in room 1.');
    expect(firstSentence('Talks with Dr. Smith went well. Then more.', 'en')).toBe('Talks with Dr. Smith went well.');
  });

  it('keeps the IOM brief words: each slide sentence is the start of a paragraph of the source', async () => {
    const { doc } = parseBrief(await iomSource(), 'content/iom.md');
    const slides = planDeck(doc, labelsOf('tr'));
    const paragraphs = doc.slides.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'content' && b.node.tagName === 'p' ? [toString(b.node)] : [])));
    const shown = slides.flatMap((s) => s.items.filter((i) => i.node.tagName === 'p').map((i) => toString(i.node)));
    expect(shown.length).toBe(paragraphs.length);
    // A sentence too long for a slide stops at a clause, marked with an ellipsis.
    shown.forEach((text, i) => expect(paragraphs[i]!.startsWith(text.replace(/…$/, ''))).toBe(true));
    expect(shown.filter((text) => text.endsWith('…')).length).toBeGreaterThan(0);
    expect(shown).toContain('IOM Türkiye’de ilk ofisini 1. Körfez Savaşı sonrasında 1991 yılında açmıştır.');
    // Every ## and ### has a slide.
    expect(slides.filter((s) => s.kind === 'content').map((s) => s.title)).toEqual(doc.toc.map((t) => t.title));
  });
});

describe('the overflow splitter', () => {
  const p = (text: string): Element => ({ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: text }] });
  const list = (tag: string, n: number, start?: number): Element => ({
    type: 'element',
    tagName: tag,
    properties: start ? { start } : {},
    children: Array.from({ length: n }, (_, i) => ({ type: 'element', tagName: 'li', properties: {}, children: [{ type: 'text', value: `item ${i + 1}` }] })),
  });
  const slide = (items: Element[]): Slide => ({
    kind: 'content', anchor: 'a', title: 'T', eyebrow: null, part: 0, line: 3, shrink: 0, statement: false, notes: [],
    items: items.map((node, i) => ({ node, line: 10 + i, notes: [] })),
  });
  const en = { lang: 'en' as const };
  /** Blocks stacked one after another, each `[height, part heights?]`. */
  const stacked = (...blocks: Array<[number, number[]?]>): SlideMeasure['blocks'] => {
    let y = 0;
    return blocks.map(([h, parts]) => {
      const top = y;
      y += h;
      let py = top;
      return { top, bottom: y, wide: false, parts: parts ? parts.map((ph) => ({ top: py, bottom: (py += ph) })) : null };
    });
  };
  const measure = (height: number, blocks: SlideMeasure['blocks']): SlideMeasure => ({ height, overflows: blocks.some((b) => b.bottom > height + 1 || b.wide), blocks });
  const texts = (slides: Slide[]) => slides.map((x) => [x.part, x.items.map((i) => toString(i.node)).join()]);

  it('moves the blocks that do not fit to continuation slides, as many as they need, in one round', () => {
    const s = slide([p('a'), p('b'), p('c'), p('d'), p('e')]);
    const r = splitOverflowing([s], [measure(100, stacked([50], [45], [45], [90], [60]))], en);
    expect(r.changed).toBe(true);
    expect(texts(r.slides)).toEqual([[0, 'a,b'], [1, 'c'], [2, 'd'], [3, 'e']]);
    expect(r.slides[1]?.line).toBe(12);
  });

  it('splits a list between items, numbering on, over several slides, and keeps a heading with what follows it', () => {
    const ol = list('ol', 9, 3);
    const r = splitOverflowing([slide([p('a'), ol])], [measure(100, stacked([30], [180, Array(9).fill(20)]))], en);
    // Three slides, evened out (not two full ones and a last holding one item).
    expect(r.slides.map((x) => toString(x.items.at(-1)!.node))).toEqual(['item 1item 2', 'item 3item 4item 5item 6', 'item 7item 8item 9']);
    expect(r.slides.map((x) => x.items.at(-1)!.node.properties.start)).toEqual([3, 5, 9]);
    const h: Element = { type: 'element', tagName: 'h4', properties: {}, children: [{ type: 'text', value: 'H' }] };
    const r2 = splitOverflowing([slide([p('a'), h, p('b')])], [measure(100, stacked([40], [30], [60]))], en);
    expect(r2.slides[1]?.items.map((i) => i.node.tagName)).toEqual(['h4', 'p']);
  });

  it('repeats a table head on both halves, and splits code between lines', () => {
    const row = (t: string): Element => ({ type: 'element', tagName: 'tr', properties: {}, children: [{ type: 'element', tagName: 'td', properties: {}, children: [{ type: 'text', value: t }] }] });
    const table: Element = {
      type: 'element', tagName: 'table', properties: {},
      children: [
        { type: 'element', tagName: 'thead', properties: {}, children: [row('head')] },
        { type: 'element', tagName: 'tbody', properties: {}, children: [row('1'), row('2'), row('3')] },
      ],
    };
    const [a, b] = splitBlock(table, 2);
    expect(toString(a)).toBe('head12');
    expect(toString(b)).toBe('head3');
    const code: Element = { type: 'element', tagName: 'pre', properties: {}, children: [{ type: 'element', tagName: 'code', properties: {}, children: [{ type: 'text', value: 'one\ntwo\nthree\n' }] }] };
    expect(splitBlock(code, 2).map((x) => toString(x))).toEqual(['one\ntwo', 'three\n']);
  });

  it('tries smaller type for a block too tall for a slide, then splits it between sentences or words, then scales it down, and reports only what the smallest type cannot fit', () => {
    const tall = [measure(100, stacked([300]))];
    const first = splitOverflowing([slide([p('One sentence here. A second, longer sentence follows. And a third.')])], tall, en);
    expect(first.slides[0]?.shrink).toBe(1);
    const second = splitOverflowing(first.slides, tall, en);
    expect(second.slides.map((s) => toString(s.items[0]!.node))).toEqual(['One sentence here.', 'A second, longer sentence follows. And a third.']);
    const words = splitOverflowing([{ ...slide([p('One endless sentence without an end')]), shrink: 1 }], tall, en);
    expect(words.slides.map((s) => toString(s.items[0]!.node))).toEqual(['One endless sentence', 'without an end']);
    let picture = [{ ...slide([p('x')]), shrink: 1 }];
    for (let shrink = 2; shrink <= maxShrink; shrink++) {
      const r = splitOverflowing(picture, tall, en);
      expect(r.slides[0]?.shrink).toBe(shrink);
      picture = r.slides;
    }
    const last = splitOverflowing(picture, tall, en);
    expect(last.changed).toBe(false);
    expect(last.unfit.map((u) => u.item?.line)).toEqual([10]);
  });

  it('gives a slide with a block wider than it smaller type first, a size at a time, then lays it out at that size', () => {
    const blocks = stacked([20], [30], [20]);
    blocks[1]!.wide = true;
    let slides = [slide([p('a'), p('wide'), p('c')])];
    for (let shrink = 1; shrink <= maxShrink; shrink++) {
      const r = splitOverflowing(slides, [measure(100, blocks)], en);
      expect(texts(r.slides)).toEqual([[0, 'a,wide,c']]);
      expect(r.slides[0]?.shrink).toBe(shrink);
      slides = r.slides;
    }
    // Once narrow enough, laid out at that size.
    const list3 = [{ ...slide([list('ul', 3)]), shrink: 2 }];
    const tall = splitOverflowing(list3, [measure(100, stacked([300, [100, 100, 100]]))], en);
    expect(tall.slides.map((s) => [toString(s.items[0]!.node), s.shrink])).toEqual([['item 1', 2], ['item 2', 2], ['item 3', 2]]);
  });
});

describe('reveal.js inlined', () => {
  it('cannot end or confuse the <script> element it is inlined into', () => {
    const js = 'document.write(`<!--\n<script>x()</script>`); return /<!--/;';
    const out = inlineScript(js);
    expect(out).not.toMatch(/<\/script|<!--|<script/i);
    // Still the same program: `\x3C` is `<` in templates and regular expressions alike.
    let written = '';
    const regex = new Function('document', out)({ write: (s: string) => (written = s) }) as RegExp;
    expect(written).toBe('<!--\n<script>x()</script>');
    expect(regex.test('a <!-- b')).toBe(true);
  });

  it('drops a style sheet’s print rules, nested braces and all', () => {
    expect(withoutPrintRules('a{b:c}@media print{html{x:y}.r{z:w}}d{e:f}')).toBe('a{b:c}d{e:f}');
  });
});

describe('a list a slide shortens', () => {
  const long = 'The programme funds three things: clinics in the north of the country that serve refugees and host communities alike, mobile teams that reach villages without a clinic, and the training of nurses and midwives in the regional hospitals; it is the largest of its kind.';
  const source = `${front}
## Work

- [x] ${long}

  A second paragraph of the item.

- Short item. With a second sentence.
`;
  const { doc } = parseBrief(source, 'content/list.md');
  const slide = planDeck(doc, labelsOf('en')).find((s) => s.title === 'Work')!;
  const html = toHtml({ type: 'root', children: slide.items.map((i) => i.node) });

  it('keeps a task item’s checkbox, and ends a sentence cut at a clause with an ellipsis inside its paragraph', () => {
    expect(html).toMatch(/<li[^>]*>\s*<p><label><input type="checkbox" checked disabled> The programme funds three things: clinics in the north[^<]*mobile teams that reach villages without a clinic…<\/label><\/p><\/li>/);
    expect(html).not.toContain('A second paragraph');
    expect(html).toMatch(/<li>\s*<p>Short item\.<\/p><\/li>/);
  });

  it('keeps the whole list in the notes', () => {
    const notes = toString({ type: 'root', children: slide.items.flatMap((i) => i.notes) });
    expect(notes).toContain(long);
    expect(notes).toContain('A second paragraph of the item.');
    expect(notes).toContain('Short item. With a second sentence.');
  });
});
