import type { Root } from 'mdast';
import { definitionLabels, joinParts, markdownParts, partStarts } from '../content/markdown-parts.js';

export interface PartParsers {
  /** Parses a part on this thread. */
  here: (text: string) => Root;
  /** Parses a part on another thread (`index`: 1 for the second part, and so on). */
  there: (text: string, index: number) => Promise<Root>;
}

/**
 * A long text's syntax tree, its parts read at once, the first here and the others on other threads
 * (see markdown-parts.ts for why the join is the tree of the whole); `failed` where it cannot be.
 * Parts given definitions the text turns out not to have are read once more, given the real ones.
 * The first part is `firstShare` times as long as each other (see `partStarts`).
 */
export async function markdownInParts(text: string, count: number, parse: PartParsers, firstShare = 1): Promise<{ tree: Root } | { failed: string }> {
  // The parser counts no offset for a leading byte order mark; a later part's would be one off.
  if (text.charCodeAt(0) === 0xfeff) return { failed: 'it begins with a byte order mark' };
  const starts = partStarts(text, count, firstShare);
  if (starts.length === 0) return { failed: 'no top-level heading to cut it at' };
  let labels = definitionLabels(text);
  for (let round = 1; ; round++) {
    const parts = markdownParts(text, starts, labels);
    // The other threads start first: this one is busy until its own part is read. Their answers are
    // awaited even when this part fails, so that no rejection goes unhandled and no thread stays busy.
    const there = Promise.all(parts.slice(1).map((part, i) => parse.there(part.text, i + 1)));
    let here: Root;
    try {
      here = parse.here(parts[0]!.text);
    } catch (error) {
      await there.catch(() => {});
      throw error;
    }
    const joined = joinParts([here, ...(await there)], parts, labels);
    if ('tree' in joined || !joined.actual || round === 2) return joined;
    labels = joined.actual;
  }
}
