import type { Root, Yaml } from 'mdast';
import type { VFile } from 'vfile';
import { LineCounter, parseDocument, isNode, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import '../data.js';

export interface Options<T> {
  schema: z.ZodType<T>;
}

/**
 * Parses the YAML front matter left by remark-frontmatter, validates it with a schema and stores it
 * on `file.data.frontMatter`. Every problem fails the file at the line of the offending YAML.
 */
export default function remarkFrontMatterSchema<T>(options: Options<T>) {
  return (tree: Root, file: VFile) => {
    const first = tree.children[0];
    if (first?.type !== 'yaml') {
      file.fail('front matter is missing: start the file with a `---` YAML block (title, lang, facts...)', { line: 1, column: 1 }, 'briefpack:front-matter');
    }
    const yamlNode = first as Yaml;
    // The YAML text starts on the line after the opening `---`.
    const firstLine = (yamlNode.position?.start.line ?? 1) + 1;
    const lines = new LineCounter();
    const doc = parseDocument(yamlNode.value, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const at = (offset: number) => {
      const p = lines.linePos(offset);
      return { line: firstLine + p.line - 1, column: p.col };
    };
    const yamlError = doc.errors[0];
    if (yamlError) {
      const message = yamlError.message.split('\n')[0] ?? 'invalid YAML';
      file.fail(`front matter is not valid YAML: ${message}`, at(yamlError.pos[0]), 'briefpack:yaml');
    }
    // The deepest YAML node that exists on a path (a missing key: its parent; nothing: the opening `---`).
    const place = (wanted: ReadonlyArray<string | number>) => {
      let path = [...wanted];
      let node: unknown;
      while (path.length > 0 && !isNode((node = doc.getIn(path, true)))) path = path.slice(0, -1);
      const range = path.length > 0 ? (node as YamlNode).range : undefined;
      return range ? at(range[0]) : { line: firstLine - 1, column: 1 };
    };
    const result = options.schema.safeParse(doc.toJS() ?? {});
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const where = place(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
      const name = issue.path.join('.');
      const reason = issue.code === 'invalid_type' && issue.input === undefined
        ? `front matter lacks \`${name}\``
        : `front matter \`${name}\`: ${issue.message}`;
      file.fail(reason, where, 'briefpack:front-matter');
    }
    file.data.frontMatter = result.data as never;
    file.data.frontMatterPlace = place;
  };
}
