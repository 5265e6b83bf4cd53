import type { Heading, Root, Yaml } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { canonicalLang, isKnownLang } from '../../locale.js';
import { readFrontMatter } from '../front-matter.js';
import { fileStem } from '../slug.js';
import { readYaml } from '../yaml-schema.js';
import '../data.js';

/**
 * Reads the YAML front matter left by remark-frontmatter, if any, into `file.data.frontMatter`, with
 * what it does not say taken from elsewhere: the title from the first `#` heading or the file name,
 * the language from the file name's edition suffix (`iom.en.md`) or the config. Every problem of the
 * front matter is a message at its YAML line; if any is an error, the file fails after all are told.
 */
export default function remarkFrontMatter() {
  return (tree: Root, file: VFile) => {
    const defaults = file.data.frontMatterDefaults ?? { today: new Date().toISOString().slice(0, 10) };
    const first = tree.children[0];
    let raw: unknown;
    let place: (path: ReadonlyArray<string | number>) => { line: number; column: number } = () => ({ line: 1, column: 1 });
    if (first?.type === 'yaml') {
      // The YAML text starts on the line after the opening `---`.
      const read = readYaml((first as Yaml).value, 'front matter', (first.position?.start.line ?? 1) + 1);
      if (!read.ok) file.fail(read.reason, read.place, 'briefpack:yaml');
      raw = read.value;
      place = read.place;
    }
    const { data, issues, keyOf } = readFrontMatter(raw, defaults.today);
    const errors = issues
      .map((issue) => ({ issue, at: place(issue.path) }))
      .sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column)
      .flatMap(({ issue, at }) => {
        const message = file.message(issue.message, at, `briefpack:${issue.rule}`);
        if (issue.severity === 'error') message.fatal = true;
        return issue.severity === 'error' ? [message] : [];
      });
    if (errors[0]) throw errors[0];

    const heading = tree.children.find((node): node is Heading => node.type === 'heading' && node.depth === 1);
    const stem = fileStem(file.path ?? 'brief');
    const suffix = /\.([^.]+)$/.exec(stem)?.[1];
    const edition = suffix !== undefined && isKnownLang(suffix) ? canonicalLang(suffix) : null;
    const name = (edition ? stem.slice(0, -suffix!.length - 1) : stem).replace(/_+/g, ' ');
    file.data.frontMatter = {
      ...data,
      title: data.title ?? ((heading && toString(heading).trim()) || name),
      lang: data.lang ?? edition ?? canonicalLang(defaults.lang ?? 'en') ?? 'en',
      organisation: data.organisation ?? defaults.organisation ?? null,
      author: data.author ?? defaults.author ?? null,
    };
    // By briefpack's names: a message about asOf stands at the Jekyll post's `date`.
    file.data.frontMatterPlace = ([field, ...rest]) => place(field === undefined ? [] : [keyOf(String(field)), ...rest]);
  };
}
