// unist-util-visit-parents (behind every unist `visit`) names each node's visitor function for
// debuggers' stack traces: an Object.defineProperty on a fresh closure for every node of every walk.
// A 5 MB brief's transforms walk millions of nodes, and that naming was a third of their time
// (3.8-5.0 s -> 2.4-2.8 s). The bundle leaves it out; the walk is the same. Tests and the dev server
// run src/ with the package as it is.
import { readFile } from 'node:fs/promises';

/** The package's naming statement, as unist-util-visit-parents 6 writes it. */
const naming = /\n[ \t]*Object\.defineProperty\(visit, 'name', \{\n[ \t]*value:\n[ \t]*'node \(' \+ color\(node\.type \+ \(name \? '<' \+ name \+ '>' : ''\)\) \+ '\)'\n[ \t]*\}\)\n/g;

/** unist-util-visit-parents' lib/index.js without the naming; throws where the package no longer names visitors so (its code changed: look again). */
export function withoutVisitorNames(source) {
  const found = source.match(naming)?.length ?? 0;
  if (found !== 1) throw new Error(`unist-util-visit-parents: expected its visitor naming once, found it ${found} times`);
  return source.replace(naming, '\n');
}

/** An esbuild plugin: `withoutVisitorNames` on the package's lib/index.js. */
export const unnamedVisitors = {
  name: 'unnamed-visitors',
  setup(build) {
    build.onLoad({ filter: /[\\/]unist-util-visit-parents[\\/]lib[\\/]index\.js$/ }, async (args) => ({
      contents: withoutVisitorNames(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
