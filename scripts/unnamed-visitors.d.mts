// Types of unnamed-visitors.mjs, for the tests that import it.
import type { Plugin } from 'esbuild';
/** unist-util-visit-parents' lib/index.js without its per-node naming of visitors; throws where it is not found once. */
export function withoutVisitorNames(source: string): string;
/** An esbuild plugin applying `withoutVisitorNames` to the package's lib/index.js. */
export const unnamedVisitors: Plugin;
