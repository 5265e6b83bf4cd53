import { LineCounter, parseDocument, isNode, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';

export interface Place {
  line: number;
  column: number;
}

export type YamlResult<T> =
  | { ok: true; data: T; place: (path: ReadonlyArray<string | number>) => Place }
  | { ok: false; reason: string; place: Place; rule: 'yaml' | 'schema' };

/**
 * Parses YAML and validates it with a schema, keeping where each value stands so that a problem is
 * reported at its line. `firstLine` is the line the YAML text starts on in its file; `what` names
 * the YAML in messages ("front matter", "pack.yaml").
 */
export function parseYamlWithSchema<T>(text: string, schema: z.ZodType<T>, what: string, firstLine = 1): YamlResult<T> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Place => {
    const p = lines.linePos(offset);
    return { line: firstLine + p.line - 1, column: p.col };
  };
  const yamlError = doc.errors[0];
  if (yamlError) {
    return { ok: false, reason: `${what} is not valid YAML: ${yamlError.message.split('\n')[0] ?? 'invalid YAML'}`, place: at(yamlError.pos[0]), rule: 'yaml' };
  }
  // The deepest YAML node that exists on a path (a missing key: its parent; nothing: the line before the YAML).
  const place = (wanted: ReadonlyArray<string | number>): Place => {
    let path = [...wanted];
    let node: unknown;
    while (path.length > 0 && !isNode((node = doc.getIn(path, true)))) path = path.slice(0, -1);
    const range = path.length > 0 ? (node as YamlNode).range : undefined;
    return range ? at(range[0]) : { line: Math.max(1, firstLine - 1), column: 1 };
  };
  const result = schema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = issue.path.join('.');
    const reason = issue.code === 'invalid_type' && issue.input === undefined ? `${what} lacks \`${name}\`` : `${what} \`${name}\`: ${issue.message}`;
    return { ok: false, reason, place: place(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))), rule: 'schema' };
  }
  return { ok: true, data: result.data, place };
}
