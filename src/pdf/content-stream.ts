/** One operator of a page's content stream, with where its operands start and where it ends. */
export interface Operation {
  op: string;
  /** Offset of its first operand (of the operator itself when it has none). */
  start: number;
  /** Offset just past the operator (past `EI` for an inline image). */
  end: number;
}

// Byte classes, looked up per byte (pages of long documents hold megabytes of operators).
const SPACE = 1;
const DELIMITER = 2;
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = SPACE;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = DELIMITER;
const isSpace = (c: number) => CLASS[c & 0xff] === SPACE;
const isRegular = (c: number) => CLASS[c & 0xff] === 0;
const isNumberStart = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;

/** Past a literal string `( … )` opened at `i`: nested brackets balance, `\` escapes one byte. */
function skipLiteralString(s: string, i: number): number {
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return s.length;
}

/**
 * Whether the marked content an operation opens is structure: tagged (an MCID ties it to the
 * structure tree) or already an artifact. Chromium also marks text for other ends, right-to-left runs
 * as `/ReversedChars`, replacements as `/Span <</ActualText …>>`, in its page furniture too.
 */
const isStructure = (s: string, { start, end }: Operation) => /^\/Artifact(?=[\s/<[(]|$)/.test(s.slice(start, end)) || /\/MCID\s/.test(s.slice(start, end));

/** A marked-content operator's letters; `markedContentAfter` takes those that are a whole token. */
const MARKED_CONTENT = /[BE]MC|BDC/g;
/** What JavaScript's `\s` matches in a string read as Latin-1. */
const isJsSpace = (c: number) => (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0;

/**
 * Where the next marked-content operator stands from `i` as a whole token (after white space or the
 * end of an operand, before white space, a delimiter that starts one, or the end); the length when
 * none does. Searched for its letters and checked around them: a regexp with a lookbehind took
 * several times as long (0.7 s of marking a 2,210-page brief's artifacts).
 */
function markedContentAfter(s: string, i: number): number {
  MARKED_CONTENT.lastIndex = i;
  for (let found = MARKED_CONTENT.exec(s); found; found = MARKED_CONTENT.exec(s)) {
    const at = found.index;
    const before = s.charCodeAt(at - 1);
    const after = s.charCodeAt(at + 3);
    if ((isJsSpace(before) || before === 0x29 || before === 0x5d || before === 0x3e) && (at + 3 === s.length || isJsSpace(after) || after === 0x28 || after === 0x3c || after === 0x5b || after === 0x2f || after === 0x25)) return at;
    MARKED_CONTENT.lastIndex = at + 1;
  }
  return s.length;
}

/** Where the next `ID` operator (inline image data follows) may be, from `i`; -1 when none. */
function inlineImageAfter(s: string, i: number): number {
  for (let at = s.indexOf('ID', i); at >= 0; at = s.indexOf('ID', at + 2)) {
    if (at > 0 && !isRegular(s.charCodeAt(at - 1)) && (at + 2 === s.length || isSpace(s.charCodeAt(at + 2)))) return at;
  }
  return -1;
}

/** A hex string with white space inside, where a false `BDC` could stand between digits. */
const SPACED_HEX = /<(?!<)[0-9A-Fa-f]*\s/g;

/**
 * The operators of a content stream (read as Latin-1, a byte a character), in order. Operands are
 * skipped whole: strings (which may hold any byte), hex strings, names, numbers, arrays and
 * dictionaries; an inline image's data runs from `ID` to the `EI` that follows white space.
 * Inside structure (see `isStructure`) only the marked-content operators are listed: nothing else
 * there concerns artifacts, and that is nearly all of a page. They are found by search, where no
 * literal string, comment or inline image can hide a false one.
 */
function operations(s: string): Operation[] {
  const ops: Operation[] = [];
  let operandStart = -1;
  let nesting = 0; // inside [ ] or << >>: operands, never operators
  let depth = 0;
  let structureDepth = 0; // the depth structure opened at; 0 outside structure
  // Where the next text that defeats searching is (a literal string, a comment, inline image data,
  // a spaced hex string), and where the next marked-content operator is: each kind searched again
  // only once passed, so that a stream is searched through once for each.
  const finders: Array<(from: number) => number> = [
    (from) => s.indexOf('(', from),
    (from) => s.indexOf('%', from),
    (from) => inlineImageAfter(s, from),
    (from) => {
      SPACED_HEX.lastIndex = from;
      return SPACED_HEX.exec(s)?.index ?? -1;
    },
  ];
  const next = finders.map(() => -1);
  const hazardAfter = (i: number) => {
    let nearest = Infinity;
    finders.forEach((find, k) => {
      if (next[k]! < i) {
        const found = find(i);
        next[k] = found < 0 ? Infinity : found;
      }
      nearest = Math.min(nearest, next[k]!);
    });
    return nearest;
  };
  let marked = -1;
  const markedAfter = (i: number) => {
    if (marked >= i) return marked;
    marked = markedContentAfter(s, i);
    return marked;
  };
  const emit = (op: Operation) => {
    ops.push(op);
    if (op.op === 'BDC' || op.op === 'BMC') {
      depth++;
      if (structureDepth === 0 && isStructure(s, op)) structureDepth = depth;
    } else if (op.op === 'EMC' && depth > 0) {
      if (depth-- === structureDepth) structureDepth = 0;
    }
  };
  for (let i = 0; i < s.length; ) {
    if (structureDepth > 0 && operandStart < 0 && nesting === 0) {
      const to = markedAfter(i);
      if (hazardAfter(i) >= to) i = to;
    }
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 0x25) {
      while (i < s.length && s.charCodeAt(i) !== 0x0a && s.charCodeAt(i) !== 0x0d) i++;
      continue;
    }
    if (operandStart < 0) operandStart = i;
    if (c === 0x28) i = skipLiteralString(s, i);
    else if (c === 0x3c && s.charCodeAt(i + 1) === 0x3c) (nesting++, (i += 2));
    else if (c === 0x3e && s.charCodeAt(i + 1) === 0x3e) (nesting--, (i += 2));
    else if (c === 0x3c) i = s.indexOf('>', i) + 1 || s.length;
    else if (c === 0x5b) (nesting++, i++);
    else if (c === 0x5d) (nesting--, i++);
    else if (c === 0x2f) for (i++; i < s.length && isRegular(s.charCodeAt(i)); ) i++;
    else if (!isRegular(c)) i++;
    else {
      const from = i;
      while (i < s.length && isRegular(s.charCodeAt(i))) i++;
      if (nesting > 0 || isNumberStart(c)) continue;
      const word = s.slice(from, i);
      if (word === 'true' || word === 'false' || word === 'null') continue;
      if (word === 'ID') {
        // Inline image data: binary, up to white space, `EI`, then white space or the end.
        const data = /\sEI(?=[\s]|$)/g;
        data.lastIndex = i + 1;
        const found = data.exec(s);
        i = found ? found.index + found[0].length : s.length;
        emit({ op: 'EI', start: operandStart, end: i });
      } else if (word !== 'BI') {
        emit({ op: word, start: operandStart, end: i });
      } else {
        continue; // BI's dictionary entries are the inline image's operands
      }
      operandStart = -1;
    }
  }
  return ops;
}

/** Operators that put marks on the page: text shown, paths painted or clipped, images, shadings. */
const PAINTS = new Set(['Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n', 'Do', 'sh', 'EI']);
const TEXT_SHOWING = new Set(['Tj', 'TJ', "'", '"']);
/** Path construction: a path object starts at the first of these and ends at its painting operator. */
const PATH = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
/** Where an artifact must not reach across (besides structure): graphics state saves and restores. */
const BOUNDARIES = new Set(['q', 'Q', 'BX', 'EX']);

export interface MarkOptions {
  /** Whether the named XObject (its resource name, without the slash) carries structure of its own. */
  taggedXObject?: (name: string) => boolean;
}

export interface PaintSpan {
  start: number;
  end: number;
  /** Whether it shows text: Chromium's only unmarked text is the running header and footer. */
  text: boolean;
}

const opens = (op: string) => op === 'BDC' || op === 'BMC';

/** Index of the EMC that closes the marked content opened at `k` (the last operation when none does). */
function closingEmc(ops: readonly Operation[], k: number): number {
  for (let depth = 0, j = k; j < ops.length; j++) {
    if (opens(ops[j]!.op)) depth++;
    else if (ops[j]!.op === 'EMC' && --depth === 0) return j;
  }
  return ops.length - 1;
}

/**
 * The spans of a content stream that paint outside any structure: Chromium's page furniture
 * (running header and footer from the page's margin boxes, page backgrounds, contents leaders) and
 * nothing else, since everything from the document's elements is tagged. Each span runs from the
 * first to the last graphics object of a run that no `q`, `Q` or structure's marked content
 * interrupts, so wrapping it keeps every nesting intact. Marked content that is not structure is a
 * graphics object of its own; a text object with structure inside contributes its text-showing
 * operators one by one.
 */
function unmarkedPaintSpans(s: string, options: MarkOptions = {}): PaintSpan[] {
  const ops = operations(s);
  const spans: PaintSpan[] = [];
  const tagged = options.taggedXObject ?? (() => false);
  let depth = 0;
  let open: PaintSpan | undefined;
  let pathStart = -1;
  const close = () => {
    if (open) spans.push(open);
    open = undefined;
  };
  const add = (start: number, end: number, text: boolean) => {
    if (open) (open.end = end), (open.text ||= text);
    else open = { start, end, text };
  };
  /** Whether structure opens among the operations from `from` up to `to` (excluded). */
  const structureWithin = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (opens(ops[i]!.op) && isStructure(s, ops[i]!)) return true;
    return false;
  };
  const anyWithin = (from: number, to: number, set: ReadonlySet<string>) => {
    for (let i = from; i < to; i++) if (set.has(ops[i]!.op)) return true;
    return false;
  };
  for (let k = 0; k < ops.length; k++) {
    const { op, start, end } = ops[k]!;
    if (opens(op)) {
      const j = depth === 0 && !isStructure(s, ops[k]!) ? closingEmc(ops, k) : -1;
      if (j >= 0 && !structureWithin(k + 1, j)) {
        if (anyWithin(k + 1, j, PAINTS)) add(start, ops[j]!.end, anyWithin(k + 1, j, TEXT_SHOWING));
        k = j;
        continue;
      }
      close();
      depth++;
      continue;
    }
    if (op === 'EMC') {
      close();
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0) continue;
    if (BOUNDARIES.has(op)) {
      close();
      pathStart = -1;
    } else if (op === 'BT') {
      // A whole text object, unless structure opens inside it.
      let j = k + 1;
      while (j < ops.length && ops[j]!.op !== 'ET' && !(opens(ops[j]!.op) && isStructure(s, ops[j]!))) j++;
      if (j < ops.length && ops[j]!.op === 'ET') {
        add(start, ops[j]!.end, true);
        k = j;
      } else {
        close();
      }
    } else if (op === 'ET') {
      close();
    } else if (PATH.has(op)) {
      if (pathStart < 0) pathStart = start;
    } else if (op === 'Do' && tagged(/\/([^\s/[\]()<>{}%]+)\s*Do$/.exec(s.slice(start, end))?.[1] ?? '')) {
      // A form with structure of its own (Chromium draws a translucent element so): tagged inside.
      close();
    } else if (PAINTS.has(op)) {
      add(pathStart >= 0 ? pathStart : start, end, TEXT_SHOWING.has(op));
      pathStart = -1;
    }
  }
  close();
  return spans;
}

/**
 * The content stream with every unmarked painting span marked as an artifact (text as pagination,
 * the rest as layout); undefined when there is none.
 */
export function markArtifacts(s: string, options: MarkOptions = {}): string | undefined {
  const spans = unmarkedPaintSpans(s, options);
  if (spans.length === 0) return undefined;
  const parts: string[] = [];
  let at = 0;
  for (const { start, end, text } of spans) {
    parts.push(s.slice(at, start), `/Artifact <</Type /${text ? 'Pagination' : 'Layout'}>> BDC\n`, s.slice(start, end), '\nEMC\n');
    at = end;
  }
  parts.push(s.slice(at));
  return parts.join('');
}
