// Types of large-brief.mjs, for the tests that import it.
/** A brief of about `bytes` bytes: front matter, then sections of prose, lists, tables, code, links and footnotes. */
export function largeBrief(bytes: number, options?: { title?: string }): string;
/** Inputs that once made the parse super-linear, each with a short name. */
export function pathologicalBriefs(): Record<string, string>;
