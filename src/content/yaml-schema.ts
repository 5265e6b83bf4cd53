import { LineCounter, parseDocument, isNode, visit, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';

export interface Place {
  line: number;
  column: number;
}

export type YamlResult<T> =
  | { ok: true; data: T; place: (path: ReadonlyArray<string | number>) => Place }
  | { ok: false; reason: string; place: Place; rule: 'yaml' | 'schema' };

export type YamlRead = { ok: true; value: unknown; place: (path: ReadonlyArray<string | number>) => Place } | { ok: false; reason: string; place: Place; rule: 'yaml' };

/**
 * Parses YAML, keeping where each value stands so that a problem is reported at its line. `firstLine`
 * is the line the YAML text starts on in its file; `what` names the YAML in messages ("front matter",
 * "pack.yaml").
 */
export function readYaml(text: string, what: string, firstLine = 1): YamlRead {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Place => {
    const p = lines.linePos(offset);
    return { line: firstLine + p.line - 1, column: p.col };
  };
  const yamlError = doc.errors[0];
  if (yamlError) {
    // The parser notices an unclosed quote at the end of the text; the author needs where it opened.
    const opened = yamlError.code === 'MISSING_CHAR' && /quote/.test(yamlError.message) ? unclosedQuote(text) : undefined;
    return { ok: false, reason: `${what} is not valid YAML: ${yamlError.message.split('\n')[0] ?? 'invalid YAML'}`, place: at(opened ?? yamlError.pos[0]), rule: 'yaml' };
  }
  // The deepest YAML node that exists on a path (a missing key: its parent; nothing: the line before the YAML).
  const place = (wanted: ReadonlyArray<string | number>): Place => {
    let path = [...wanted];
    let node: unknown;
    while (path.length > 0 && !isNode((node = doc.getIn(path, true)))) path = path.slice(0, -1);
    const range = path.length > 0 ? (node as YamlNode).range : undefined;
    return range ? at(range[0]) : { line: Math.max(1, firstLine - 1), column: 1 };
  };
  try {
    // Aliases may repeat a value exponentially (a "billion laughs"): a few dozen is plenty for a brief.
    return { ok: true, value: doc.toJS({ maxAliasCount: 50 }), place };
  } catch {
    return { ok: false, reason: `${what} repeats its aliases (*name) too often to be read: write the values out`, place: at(firstAlias(doc) ?? 0), rule: 'yaml' };
  }
}

/** Parses YAML and validates it with a schema: the first problem, at its line. */
export function parseYamlWithSchema<T>(text: string, schema: z.ZodType<T>, what: string, firstLine = 1): YamlResult<T> {
  const read = readYaml(text, what, firstLine);
  if (!read.ok) return read;
  const result = schema.safeParse(read.value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // Unknown keys are reported at the first of them, by name.
    const at = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]!] : path;
    const name = path.join('.');
    const reason = issue.code === 'invalid_type' && issue.input === undefined ? `${what} lacks \`${name}\`` : name ? `${what} \`${name}\`: ${issue.message}` : `${what}: ${issue.message}`;
    return { ok: false, reason, place: read.place(at), rule: 'schema' };
  }
  return { ok: true, data: result.data, place: read.place };
}

/** Where the first alias (`*name`) of a document stands. */
function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * Where a quoted scalar that never closes opens: a quote that starts a value (after `key: `, `- `,
 * `[`, `,` or at a line's start) and has no closing quote after it. Quotes inside plain text
 * (`IOM'in`) start nothing.
 */
export function unclosedQuote(text: string): number | undefined {
  const starts = /(?:^[ \t]*|[:\-[{,][ \t]+|[[{,])(["'])/gm;
  for (let m = starts.exec(text); m; m = starts.exec(text)) {
    const quote = m[1]!;
    const open = m.index + m[0].length - 1;
    const close = quote === '"' ? /(?<!\\)(?:\\\\)*"/g : /'(?!')|''/g;
    close.lastIndex = open + 1;
    let end: RegExpExecArray | null;
    // In single quotes, '' is an escaped quote, not an end.
    while ((end = close.exec(text)) && end[0] === "''");
    if (!end) return open;
    starts.lastIndex = end.index + 1;
  }
  return undefined;
}
