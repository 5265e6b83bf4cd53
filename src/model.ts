import type { Root } from 'hast';

export type Lang = 'tr' | 'en';

export interface Fact {
  key: string;
  label: string;
  value: string;
  /** Where the value comes from. */
  source: string | null;
  /** ISO date the value was true on, when it has its own. */
  asOf: string | null;
}

export interface TocEntry {
  id: string;
  /** 2 for `##`, 3 for `###`... */
  depth: number;
  title: string;
}

export interface BriefMeta {
  slug: string;
  title: string;
  subtitle: string | null;
  organisation: string;
  author: string;
  lang: Lang;
  /** ISO date (YYYY-MM-DD) the content is current as of. */
  asOf: string;
  summary: string;
  keywords: string[];
}

/** A top-level section (`##`) with everything under it, for outputs that lay sections out one by one. */
export interface Section {
  id: string;
  title: string;
  /** Sanitised hast of the section's content, its heading excluded. */
  tree: Root;
}

/** One parse of one brief: every output renders from this and never re-reads the Markdown. */
export interface BriefDocument {
  /** Path as given to the build, for messages. */
  sourcePath: string;
  /** The source text, for the revision hash. */
  source: string;
  meta: BriefMeta;
  facts: Fact[];
  toc: TocEntry[];
  sections: Section[];
  /** Sanitised hast of the whole body. */
  tree: Root;
  /** `tree` serialised as HTML. */
  html: string;
}
