import type { Root, Yaml } from 'mdast';
import type { VFile } from 'vfile';
import type { z } from 'zod';
import { parseYamlWithSchema } from '../yaml-schema.js';
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
    const result = parseYamlWithSchema(yamlNode.value, options.schema, 'front matter', (yamlNode.position?.start.line ?? 1) + 1);
    if (!result.ok) file.fail(result.reason, result.place, result.rule === 'yaml' ? 'briefpack:yaml' : 'briefpack:front-matter');
    file.data.frontMatter = result.data as never;
    file.data.frontMatterPlace = result.place;
  };
}
