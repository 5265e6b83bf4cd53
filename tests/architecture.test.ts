import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Layering rules, one line each. A folder ends with '/'; anything else is a package (and its subpaths). */
interface Rule { name: string; from: string[]; except?: string; forbid: string[]; why: string }
const RULES: Rule[] = [
  { name: 'keep puppeteer inside src/browser/', from: ['src/'], except: 'src/browser/', forbid: ['puppeteer-core', 'puppeteer'], why: 'only src/browser/ may drive Chromium, so one module owns its lifetime' },
  { name: 'keep content and render free of outputs and the build', from: ['src/content/', 'src/render/'], forbid: ['src/browser/', 'src/pdf/', 'src/slides/', 'src/formats/', 'src/build/'], why: 'every output builds on content and render, never the other way round' },
  { name: 'keep check independent of build', from: ['src/check/'], forbid: ['src/build/'], why: 'check reads what a build wrote; it must not run the build code it is checking' },
  { name: 'keep the browser free of what it prints', from: ['src/browser/'], forbid: ['src/content/', 'src/render/', 'src/read-back/', 'src/pdf/', 'src/slides/', 'src/formats/', 'src/pack/', 'src/check/', 'src/build/'], why: 'browser/ offers pages in its own words; the printing machinery uses it, not the other way round' },
  { name: 'keep read-back below what uses it', from: ['src/read-back/'], forbid: ['src/content/', 'src/render/', 'src/browser/', 'src/pdf/', 'src/slides/', 'src/formats/', 'src/pack/', 'src/check/', 'src/build/'], why: 'reading an output back knows file kinds only, so pdf/, check/ and the build can all use it' },
  { name: 'keep pdf and slides free of formats, packs and the build', from: ['src/pdf/', 'src/slides/'], forbid: ['src/formats/', 'src/pack/', 'src/check/', 'src/build/'], why: 'formats compose pdf/ and slides/; a format is added without touching them' },
  { name: 'keep pack free of the build', from: ['src/pack/'], forbid: ['src/build/'], why: 'orchestration (build, merge) lives in build/ alone' },
  { name: 'keep the locale table free of everything', from: ['src/locale.ts'], forbid: ['src/'], why: 'every layer reads languages and labels from it' },
];

/**
 * The layers of src/, lowest first, as the README draws them: a file imports from its own folder and
 * from lower rows only. The folders of one row are peers that do not import each other, but for the
 * first row's small modules, which may.
 */
const LAYERS: string[][] = [
  ['src/locale.ts', 'src/model.ts', 'src/errors.ts', 'src/hash.ts', 'src/trace.ts', 'src/version.ts', 'src/package-root.ts', 'src/zip-time.ts', 'src/project-fs.ts', 'src/owner-tag.ts', 'src/hazards.ts', 'src/decode-source.ts', 'src/worker-thread.ts'],
  ['src/content/', 'src/render/', 'src/browser/', 'src/read-back/'],
  ['src/pdf/'],
  ['src/slides/'],
  ['src/formats/'],
  ['src/config.ts'],
  ['src/pack/'],
  ['src/project/'],
  ['src/check/'],
  ['src/build/'],
  ['src/dev/'],
  ['src/cli.ts', 'src/index.ts'],
];

/** Where a file sits: its row and the entry of the row it belongs to; undefined for a file no row names. */
const placeOf = (file: string) => {
  const row = LAYERS.findIndex((entries) => entries.some((e) => matches(file, e)));
  return row < 0 ? undefined : { row, entry: LAYERS[row]!.find((e) => matches(file, e))! };
};

function layerViolations(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([file, targets]) => {
    const from = placeOf(file);
    if (!from) return [`${file} is in no layer: add it to LAYERS`];
    return targets.filter((t) => t.startsWith('src/')).flatMap((t) => {
      const to = placeOf(t);
      const allowed = to && (to.row < from.row || to.entry === from.entry || (to.row === 0 && from.row === 0));
      return allowed ? [] : [`${file} imports ${t}, ${to ? (to.row > from.row ? 'a higher layer' : 'a peer of its layer') : 'which is in no layer'}`];
    });
  });
}

/** Blanks comments and the insides of string, template and regex literals, keeping every offset, so that the
 * import patterns below see only code. Regex literals matter: src has `/[&<>"]/` and `/^.*\//`. */
function maskSource(src: string): string {
  const out = src.split('');
  const blank = (from: number, to: number) => { for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' '; };
  const resume: number[] = []; // brace depth of each open `${`, where its template carries on
  let depth = 0, last = '', i = 0;
  const template = (start: number) => { // from just after ` (or the } of a ${...}) to the closing ` or next ${
    let j = start;
    while (j < src.length && src[j] !== '`' && !(src[j] === '$' && src[j + 1] === '{')) j += src[j] === '\\' ? 2 : 1;
    blank(start, j);
    if (src[j] === '$') resume.push(++depth);
    last = src[j] === '$' ? '{' : '`';
    return src[j] === '$' ? j + 2 : j + 1;
  };
  // A `/` starts a regex (not a division) after an operator, an opening bracket or a keyword such as `return`.
  const regexMayStart = () => last === '' || /^[(,=:[!&|?{};+\-*%<>~^]$/.test(last) || /^(return|typeof|case|in|of|void|yield|await|throw|delete|else|do)$/.test(last);
  while (i < src.length) {
    const c = src[i]!, two = src.slice(i, i + 2);
    if (two === '//' || two === '/*') {
      const end = two === '//' ? src.indexOf('\n', i) : src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : two === '//' ? end : end + 2;
      blank(i, stop); i = stop;
    } else if (c === '`') i = template(i + 1);
    else if (c === '"' || c === "'" || (c === '/' && regexMayStart())) {
      let j = i + 1, inClass = false; // `[/]` inside a regex does not end it
      for (; j < src.length && src[j] !== '\n' && (src[j] !== c || inClass); j++) {
        if (src[j] === '\\') j++;
        else if (c === '/' && src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
      }
      blank(i + 1, j); i = j + 1; last = c === '/' ? ')' : c; // after a literal, `/` divides
    } else {
      if (c === '{') depth++;
      if (c === '}' && resume.at(-1) === depth) { resume.pop(); depth--; i = template(i + 1); continue; }
      if (c === '}') depth--;
      if (!/\s/.test(c)) last = /[\w$]/.test(c) && /[\w$]/.test(src[i - 1] ?? '') ? last + c : c;
      i++;
    }
  }
  return out.join('');
}

// Each pattern ends at the opening quote of the specifier. import('…') in a type position counts too.
const IMPORT_PATTERNS = [
  /(?<![\w$.])(?:import|export)\b[^;'"()`]*?\bfrom\s*(['"])/g, // import x / import type {…} / export … from '…'
  /(?<![\w$.])import\s*(['"])/g, // side-effect import '…'
  /(?<![\w$.])import\s*\(\s*(['"])(?=[^'"\n]*['"]\s*\))/g, // dynamic import('…') with a plain string literal
];

function importSpecifiers(src: string): string[] {
  const masked = maskSource(src), specs = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) for (const m of masked.matchAll(pattern)) {
    const start = m.index + m[0].length;
    specs.add(src.slice(start, masked.indexOf(m[1]!, start)));
  }
  return [...specs];
}

/** file -> what it imports: src/… paths for relative specifiers (`./x.js` means `./x.ts`), bare names for packages. */
function importGraph(sources: Record<string, string>): Map<string, string[]> {
  const resolve = (from: string, spec: string) => {
    if (!spec.startsWith('.')) return spec;
    const base = path.posix.join(path.posix.dirname(from), spec);
    return [base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`].find((file) => file in sources) ?? base;
  };
  return new Map(Object.entries(sources).map(([file, src]) => [file, importSpecifiers(src).map((spec) => resolve(file, spec))]));
}

const matches = (target: string, pattern: string) => pattern.endsWith('/') ? target.startsWith(pattern) : target === pattern || target.startsWith(`${pattern}/`);

function violations(graph: Map<string, string[]>, rule: Rule): string[] {
  return [...graph].filter(([file]) => rule.from.some((f) => matches(file, f)) && !(rule.except && matches(file, rule.except)))
    .flatMap(([file, targets]) => targets.filter((t) => rule.forbid.some((f) => matches(t, f))).map((t) => `${file} imports ${t}`));
}

/** Tarjan's strongly connected components; each tangle (or self-import) is shown as its shortest cycle. */
function cycles(graph: Map<string, string[]>): string[] {
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], found: string[] = [];
  const edges = (file: string) => (graph.get(file) ?? []).filter((t) => graph.has(t));
  const visit = (file: string) => {
    index.set(file, index.size); low.set(file, index.get(file)!); stack.push(file);
    for (const next of edges(file)) {
      if (!index.has(next)) { visit(next); low.set(file, Math.min(low.get(file)!, low.get(next)!)); }
      else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const scc = stack.splice(stack.indexOf(file));
    if (scc.length > 1 || edges(file).includes(file)) found.push(shortestCycle(scc.sort()[0]!, new Set(scc), edges, scc.length));
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return found.sort();
}

function shortestCycle(start: string, scc: Set<string>, edges: (file: string) => string[], size: number): string {
  const cameFrom = new Map<string, string>(), queue = [start]; // breadth-first, back to start, within the tangle
  for (const file of queue) for (const next of edges(file).filter((t) => scc.has(t))) {
    if (next === start) {
      const route = [start];
      for (let at: string | undefined = file; at !== start && at; at = cameFrom.get(at)) route.splice(1, 0, at);
      const more = size > route.length ? ` (${size} files in this tangle: ${[...scc].join(', ')})` : '';
      return `${[...route, start].join(' -> ')}${more}`;
    }
    if (!cameFrom.has(next) && next !== start) { cameFrom.set(next, file); queue.push(next); }
  }
  return start;
}

const root = path.resolve(import.meta.dirname, '..');
const readTree = () => Object.fromEntries(readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => [`src/${name.split(path.sep).join('/')}`, readFileSync(path.join(root, 'src', name), 'utf8')]));

describe('architecture of src/', () => {
  const graph = importGraph(readTree()); // read once, so that every rule judges the same snapshot
  for (const rule of RULES) it(`should ${rule.name}`, () => expect(violations(graph, rule), rule.why).toEqual([]));
  it('should import only from its own folder and the layers under it', () => expect(layerViolations(graph), 'see LAYERS and the README\'s "How it works"').toEqual([]));
  it('should have no import cycles (type-only imports count)', () => expect(cycles(graph), 'a cycle means neither file can be understood, tested or loaded alone').toEqual([]));

  // The checker checking itself: if the parser or the graph broke, the tests above would pass vacuously.
  it('should find forbidden imports and cycles in a fake tree', () => {
    const fake = importGraph({
      'src/content/a.ts': "import {\n  b,\n  c,\n} from './b.js';\nimport type { L } from '../browser/launch.js';\n// import x from 'puppeteer-core';",
      'src/content/b.ts': "/* import './a.js' */ import type { A } from './a.js';\nconst re = /[\"'`]/g, s = \"import('puppeteer')\";",
      'src/browser/launch.ts': "const t = `${`x${1}`}`; const p = await import('puppeteer-core');",
      'src/pdf/print.ts': "export * from 'puppeteer-core/lib/esm.js';\nconst x = 4 / 2; export { y } from './dir/index.js';",
      'src/pdf/dir/index.ts': "import '../print.js';",
      'src/check/self.ts': "import './self.js'; const m = await import('../build/build.js');",
    });
    expect(fake.get('src/content/a.ts')).toEqual(['src/content/b.ts', 'src/browser/launch.ts']);
    expect(fake.get('src/browser/launch.ts')).toEqual(['puppeteer-core']); // found after nested templates
    expect(violations(fake, RULES[0]!)).toEqual(['src/pdf/print.ts imports puppeteer-core/lib/esm.js']);
    expect(violations(fake, RULES[1]!)).toEqual(['src/content/a.ts imports src/browser/launch.ts']);
    expect(violations(fake, RULES[2]!)).toEqual(['src/check/self.ts imports src/build/build.js']);
    expect(layerViolations(fake)).toEqual([
      'src/content/a.ts imports src/browser/launch.ts, a peer of its layer',
      'src/check/self.ts imports src/build/build.js, a higher layer',
    ]);
    expect(cycles(fake)).toEqual([
      'src/check/self.ts -> src/check/self.ts',
      'src/content/a.ts -> src/content/b.ts -> src/content/a.ts',
      'src/pdf/dir/index.ts -> src/pdf/print.ts -> src/pdf/dir/index.ts',
    ]);
  });
});
