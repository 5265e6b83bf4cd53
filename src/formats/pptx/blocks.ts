import type { Element, ElementContent } from 'hast';
import { toString } from 'hast-util-to-string';
import { imageSize } from './image-size.js';

/** A run of text and how it is set. */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  strike?: boolean;
  mark?: boolean;
  sup?: boolean;
  sub?: boolean;
  /** An address to open: http(s) and mailto only, never a file or script. */
  link?: string;
  /** A line break (`<br>`, a code line) before it. */
  breakBefore?: boolean;
}

export type ParaKind = 'text' | 'heading' | 'quote' | 'code' | 'caption';

export interface Para {
  kind: ParaKind;
  spans: Span[];
  /** List nesting: 0 outside lists. */
  level: number;
  bullet?: { numbered: boolean; start: number } | undefined;
  align?: 'left' | 'center' | 'right' | undefined;
  /** A heading of the document (`<h1>`-`<h6>`, in a list item too): it gets a text box of its own. */
  heading?: true;
}

export interface Cell {
  paras: Para[];
  header: boolean;
  colspan: number;
  rowspan: number;
}

/** What a slide's content becomes: text (one box for a run of blocks), a table, a picture. */
export type Piece =
  | {
      kind: 'text';
      paras: Para[];
      /**
       * A box of its own: a heading of the document (named so reading it back finds it), or code
       * (shaded, as the deck shows it).
       */
      own?: 'heading' | 'code';
    }
  | { kind: 'table'; rows: Cell[][]; facts: boolean }
  | { kind: 'image'; data: string; width: number; height: number; alt: string };

const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const isElement = (n: ElementContent): n is Element => n.type === 'element';
const isBlank = (n: ElementContent) => n.type === 'text' && n.value.trim() === '';

/** The spans of inline content, white space collapsed as a browser would. */
function spansOf(nodes: readonly ElementContent[], style: Omit<Span, 'text'> = {}, out: Span[] = []): Span[] {
  for (const node of nodes) {
    if (node.type === 'text') {
      const text = node.value.replace(/\s+/g, ' ');
      if (text) out.push({ ...style, text });
      continue;
    }
    if (!isElement(node)) continue;
    const p = node.properties;
    switch (node.tagName) {
      case 'br':
        out.push({ ...style, text: '', breakBefore: true });
        break;
      case 'strong': case 'b': case 'th':
        spansOf(node.children, { ...style, bold: true }, out);
        break;
      case 'em': case 'i': case 'cite': case 'dfn':
        spansOf(node.children, { ...style, italic: true }, out);
        break;
      case 'code': case 'kbd': case 'samp':
        spansOf(node.children, { ...style, code: true }, out);
        break;
      case 'del': case 's':
        spansOf(node.children, { ...style, strike: true }, out);
        break;
      case 'mark':
        spansOf(node.children, { ...style, mark: true }, out);
        break;
      case 'sup':
        spansOf(node.children, { ...style, sup: true }, out);
        break;
      case 'sub':
        spansOf(node.children, { ...style, sub: true }, out);
        break;
      case 'a': {
        const href = String(p.href ?? '');
        spansOf(node.children, /^(https?:|mailto:)/i.test(href) ? { ...style, link: href } : style, out);
        break;
      }
      case 'img':
        if (p.alt) out.push({ ...style, text: String(p.alt) });
        break;
      case 'input':
        if (p.type === 'checkbox') out.push({ ...style, text: p.checked ? '☑ ' : '☐ ' });
        break;
      default:
        spansOf(node.children, style, out);
    }
  }
  return out;
}

/** Spans without white space at the paragraph's ends. */
function trimmed(spans: Span[]): Span[] {
  const out = spans.map((s) => ({ ...s }));
  while (out.length > 0 && !out[0]!.breakBefore && out[0]!.text.trimStart() === '') out.shift();
  while (out.length > 0 && out.at(-1)!.text.trimEnd() === '' && !out.at(-1)!.breakBefore) out.pop();
  if (out[0]) out[0].text = out[0].text.trimStart();
  if (out.at(-1)) out.at(-1)!.text = out.at(-1)!.text.trimEnd();
  return out;
}

const para = (kind: ParaKind, spans: Span[], level = 0, extra: Partial<Para> = {}): Para[] => {
  const s = trimmed(spans);
  return s.length > 0 ? [{ kind, spans: s, level, ...extra }] : [];
};

/**
 * An image block's picture: its data URL, in base64 as pptxgenjs takes it, and natural size (an SVG
 * without one is drawn at 4:3). Only data URLs: nothing is ever fetched.
 */
function imageOf(img: Element): Piece | null {
  const src = String(img.properties.src ?? '');
  const m = /^data:(image\/[\w+.-]+)((?:;[^,;]*)*?)(;base64)?,(.*)$/s.exec(src);
  if (!m) return null;
  const data = m[3] ? src : `data:${m[1]}${m[2]};base64,${Buffer.from(decodeURIComponent(m[4]!)).toString('base64')}`;
  const size = imageSize(data) ?? { width: 640, height: 480 };
  return { kind: 'image', data, ...size, alt: String(img.properties.alt ?? '') };
}

function alignOf(node: Element): Para['align'] {
  const a = String(node.properties.align ?? '');
  return a === 'left' || a === 'center' || a === 'right' ? a : undefined;
}

/** A list's items as paragraphs: each item's first paragraph carries its bullet or number. */
function listParas(list: Element, level: number, kind: ParaKind): Para[] {
  const numbered = list.tagName === 'ol';
  let number = Number(list.properties.start ?? 1) || 1;
  const out: Para[] = [];
  for (const li of list.children.filter(isElement)) {
    if (li.tagName !== 'li') continue;
    const inline: ElementContent[] = [];
    const paras: Para[] = [];
    const flush = () => {
      paras.push(...para(kind, spansOf(inline), level));
      inline.length = 0;
    };
    for (const child of li.children) {
      if (isElement(child) && (child.tagName === 'ul' || child.tagName === 'ol')) {
        flush();
        paras.push(...listParas(child, level + 1, kind));
      } else if (isElement(child) && isBlockTag(child.tagName)) {
        flush();
        paras.push(...textParas(child, level, kind));
      } else inline.push(child);
    }
    flush();
    const first = paras.find((p) => p.level === level) ?? paras[0];
    if (first && first.level === level) first.bullet = { numbered, start: number };
    else paras.unshift({ kind, spans: [{ text: '' }], level, bullet: { numbered, start: number } });
    number++;
    out.push(...paras);
  }
  return out;
}

const blockTags = new Set(['p', 'div', 'section', 'article', 'aside', 'blockquote', 'pre', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'figure', 'figcaption', 'details', 'summary', 'hr', 'header', 'footer', 'nav', 'main', ...headingTags]);
const isBlockTag = (tag: string) => blockTags.has(tag);

/** The paragraphs of a block that holds only text (no table, no picture of its own): what a list item may hold. */
function textParas(node: Element, level: number, kind: ParaKind): Para[] {
  return piecesOf(node, level, kind).flatMap((p) => (p.kind === 'text' ? p.paras : p.kind === 'image' ? para('caption', [{ text: p.alt }], level) : tableParas(p, level)));
}

/** A table inside a list item, where a table cannot go: a line a row. */
const tableParas = (table: Extract<Piece, { kind: 'table' }>, level: number): Para[] =>
  table.rows.flatMap((row) => para('text', row.flatMap((cell, i) => [...(i > 0 ? [{ text: ' | ' }] : []), ...cell.paras.flatMap((p) => p.spans)]), level));

function cellsOf(row: Element): Cell[] {
  return row.children.filter(isElement).filter((c) => c.tagName === 'td' || c.tagName === 'th').map((c) => {
    const paras = textParas(c, 0, 'text');
    const align = alignOf(c);
    for (const p of paras) p.align ??= align;
    const span = (n: unknown) => Math.max(1, Math.min(1000, Number(n) || 1));
    return { paras: paras.length > 0 ? paras : [{ kind: 'text', spans: [{ text: '' }], level: 0, align }], header: c.tagName === 'th', colspan: span(c.properties.colSpan), rowspan: span(c.properties.rowSpan) };
  });
}

function tableOf(table: Element): Piece {
  const rows: Element[] = [];
  const collect = (node: Element) => {
    for (const c of node.children.filter(isElement)) {
      if (c.tagName === 'tr') rows.push(c);
      else if (c.tagName === 'thead' || c.tagName === 'tbody' || c.tagName === 'tfoot') collect(c);
    }
  };
  collect(table);
  return { kind: 'table', rows: rows.map(cellsOf).filter((r) => r.length > 0), facts: false };
}

/** The deck's key facts (`dl.bp-slide-facts`): label and value side by side, as a table. */
function factsTable(dl: Element): Piece {
  const rows = dl.children.filter(isElement).map((group) => {
    const [dt, dd] = group.children.filter(isElement);
    return [
      { paras: para('text', spansOf(dt?.children ?? [], { bold: true })), header: true, colspan: 1, rowspan: 1 },
      { paras: para('text', spansOf(dd?.children ?? [])), header: false, colspan: 1, rowspan: 1 },
    ];
  });
  return { kind: 'table', rows, facts: true };
}

/** A slide block as pieces, in order; a block of text is paragraphs of the kind it is set in. */
export function piecesOf(node: Element, level = 0, kind: ParaKind = 'text'): Piece[] {
  const text = (paras: Para[]): Piece[] => (paras.length > 0 ? [{ kind: 'text', paras }] : []);
  const { tagName } = node;
  if (headingTags.has(tagName)) return text(para('heading', spansOf(node.children), level, { heading: true }));
  switch (tagName) {
    case 'p': {
      const shown = node.children.filter((c) => !isBlank(c));
      if (shown.length > 0 && shown.every((c) => isElement(c) && c.tagName === 'img')) {
        return shown.map((img) => imageOf(img as Element) ?? { kind: 'text', paras: para('caption', [{ text: String((img as Element).properties.alt ?? '') }], level) });
      }
      return text(para(kind, spansOf(node.children), level, { align: alignOf(node) }));
    }
    case 'img': {
      const image = imageOf(node);
      return image ? [image] : text(para('caption', [{ text: String(node.properties.alt ?? '') }], level));
    }
    case 'ul': case 'ol':
      return text(listParas(node, level, kind));
    case 'pre': {
      const lines = toString(node).replace(/\n$/, '').split('\n');
      return [{ kind: 'text', own: 'code', paras: [{ kind: 'code', level, spans: lines.map((line, i) => ({ text: line, code: true, breakBefore: i > 0 })) }] }];
    }
    case 'table': {
      const table = tableOf(node);
      return table.kind === 'table' && table.rows.length === 0 ? [] : [table];
    }
    case 'dl':
      if ((node.properties.className as string[] | undefined)?.includes('bp-slide-facts')) return [factsTable(node)];
      return node.children.filter(isElement).flatMap((c) => (c.tagName === 'dt' ? text(para('heading', spansOf(c.children), level)) : c.tagName === 'dd' ? piecesOf(c, level + 1, kind) : piecesOf(c, level, kind)));
    case 'blockquote':
      return node.children.filter(isElement).flatMap((c) => piecesOf(c, level, 'quote'));
    case 'figcaption':
      return text(para('caption', spansOf(node.children), level));
    case 'summary':
      return text(para('heading', spansOf(node.children), level));
    case 'hr':
      return [];
  }
  // A container (div, aside, figure, details...): its blocks in order, loose inline content as paragraphs.
  const out: Piece[] = [];
  let inline: ElementContent[] = [];
  const flush = () => {
    out.push(...text(para(kind, spansOf(inline), level)));
    inline = [];
  };
  for (const child of node.children) {
    if (isElement(child) && (isBlockTag(child.tagName) || child.tagName === 'img')) {
      flush();
      out.push(...piecesOf(child, level, kind));
    } else inline.push(child);
  }
  flush();
  return out;
}

/** A run of paragraphs as text pieces: each heading of the document in a box of its own. */
function splitAtHeadings(paras: readonly Para[]): Piece[] {
  const out: Piece[] = [];
  let run: Para[] = [];
  const flush = () => {
    if (run.length > 0) out.push({ kind: 'text', paras: run });
    run = [];
  };
  for (const p of paras) {
    if (p.heading) {
      flush();
      out.push({ kind: 'text', paras: [p], own: 'heading' });
    } else run.push(p);
  }
  flush();
  return out;
}

/** Consecutive text pieces as one, headings and code aside: one text box flows them as the page did. */
export function mergedPieces(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces.flatMap((p) => (p.kind === 'text' && !p.own ? splitAtHeadings(p.paras) : [p]))) {
    const last = out.at(-1);
    if (piece.kind === 'text' && last?.kind === 'text' && !piece.own && !last.own) out[out.length - 1] = { kind: 'text', paras: [...last.paras, ...piece.paras] };
    else out.push(piece);
  }
  return out;
}

/** Speaker notes as plain text: a line per block, a blank line between top-level blocks. */
export function notesText(nodes: readonly ElementContent[]): string {
  const lines = (node: ElementContent): string => {
    if (node.type === 'text') return node.value.replace(/\s+/g, ' ');
    if (!isElement(node)) return '';
    if (node.tagName === 'br') return '\n';
    const inner = node.children.map(lines).join('');
    if (node.tagName === 'li') return `\n• ${inner.trim()}`;
    return isBlockTag(node.tagName) || node.tagName === 'tr' ? `\n${inner.trim()}\n` : inner;
  };
  return nodes.map((n) => lines(n).split('\n').map((l) => l.trim()).filter(Boolean).join('\n')).filter(Boolean).join('\n\n');
}
