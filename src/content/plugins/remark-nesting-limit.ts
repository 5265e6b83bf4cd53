import type { Nodes, Root } from 'mdast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';

export interface Options {
  /** The deepest a node may sit below the root. */
  maxDepth?: number;
}

type Parser = (document: string, file: VFile) => Root;

/**
 * Fails a document nested deeper than any brief needs (quotes, lists, emphasis within one another),
 * at the line where it gets too deep. Later stages (rehype-raw's HTML parser, the serialisers) walk
 * the tree recursively, and 5,000 `*` around a word would otherwise overflow the stack. This walk
 * keeps its own stack.
 *
 * Some such documents never get that far: the Markdown parser's time grows with the square of how
 * deep they nest (100 kB of nested brackets took 24 s, a list 600 levels deep 11 s). So the parser
 * is wrapped: one pass over the text first fails, at its line, what no brief has and would parse
 * that slowly (see `precheck`). Registered after remark-parse, so that its parser is there to wrap.
 */
export default function remarkNestingLimit(this: Processor, options: Options = {}) {
  const maxDepth = options.maxDepth ?? 100;
  const self = this as unknown as { parser?: Parser };
  const parse = self.parser;
  if (parse) {
    self.parser = (document, file) => {
      precheck(document, file, maxDepth);
      return parse(document, file);
    };
  }
  return (tree: Root, file: VFile) => {
    const pending: Array<[Nodes, number]> = [[tree, 0]];
    for (let next = pending.pop(); next; next = pending.pop()) {
      const [node, depth] = next;
      if (depth > maxDepth) {
        file.fail(`the text is nested more than ${maxDepth} levels deep here (quotes, lists or emphasis within one another): flatten it`, node, 'briefpack:nesting');
      }
      if ('children' in node) for (const child of node.children) pending.push([child, depth + 1]);
    }
  };
}

const fenceRe = /^ {0,3}(`{3,}|~{3,})/;
const breakRe = /^[ \t]*([*_-])(?:[ \t]*\1)*[ \t]*$/;
const origin = 'briefpack:nesting';

/**
 * One linear pass over the Markdown, before it is parsed, that fails what would take the parser
 * quadratic time and no brief has: a line indented as lists nested more than `maxDepth` levels deep
 * would be (two columns a level), brackets nested more than `maxDepth` deep, a run of more than
 * `maxDepth` `*` or `_` (emphasis that deep), more than ten times `maxDepth` `]` with no `[` in a
 * paragraph (each makes the parser look back through all of it). Fenced code is skipped; a
 * thematic break (`*****`) is no emphasis. Each is what the parse would refuse anyway, or far past
 * anything a brief writes: a document that passes parses in time that grows with its length.
 */
export function precheck(document: string, file: VFile, maxDepth: number): void {
  let fence: string | undefined;
  // Brackets nest within a paragraph: blank lines end one. Each `]` with no `[` open makes the
  // parser look back through the whole paragraph.
  let brackets = 0;
  let unopened = 0;
  let line = 0;
  for (let start = 0; start <= document.length; ) {
    line++;
    let end = document.indexOf('\n', start);
    if (end < 0) end = document.length;
    const text = document.slice(start, end);
    start = end + 1;

    const opening = fenceRe.exec(text);
    if (fence) {
      if (opening && opening[1]![0] === fence[0] && opening[1]!.length >= fence.length && text.trim() === opening[1]) fence = undefined;
      continue;
    }
    if (opening) {
      fence = opening[1];
      continue;
    }
    if (text.trim() === '') {
      brackets = 0;
      unopened = 0;
      continue;
    }

    let indent = 0;
    let i = 0;
    for (; i < text.length && (text[i] === ' ' || text[i] === '\t'); i++) indent = text[i] === '\t' ? indent + 4 - (indent % 4) : indent + 1;
    if (indent >= 2 * maxDepth) {
      file.fail(`the text is indented ${indent} columns here, as lists nested more than ${maxDepth} levels deep would be: flatten it`, { line, column: 1 }, origin);
    }
    if (breakRe.test(text)) continue;

    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '[') {
        if (++brackets > maxDepth) {
          file.fail(`brackets are nested more than ${maxDepth} levels deep here: no link or note needs that, write fewer \`[\``, { line, column: i + 1 }, origin);
        }
      } else if (c === ']') {
        if (brackets > 0) brackets--;
        else if (++unopened > 10 * maxDepth) {
          file.fail(`more than ${10 * maxDepth} \`]\` with no \`[\` before them in this paragraph: write fewer, or escape them (\`\\]\`)`, { line, column: i + 1 }, origin);
        }
      } else if (c === '*' || c === '_') {
        let run = 1;
        while (text[i + run] === c) run++;
        if (run > maxDepth) {
          file.fail(`\`${c}\` ${run} times in a row here: emphasis cannot be nested more than ${maxDepth} levels deep, write fewer`, { line, column: i + 1 }, origin);
        }
        i += run - 1;
      }
    }
  }
}
