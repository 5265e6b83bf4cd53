import type { Element, ElementContent, Root } from 'hast';

import type { Lang } from './locale.js';

export type { Lang };

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
  /** Set where the entry's language may differ from the page's (pack.pdf's contents). */
  lang?: string;
}

export interface BriefMeta {
  slug: string;
  title: string;
  subtitle: string | null;
  /** What the brief is about; null when neither the brief nor the config says. */
  organisation: string | null;
  /** Who issues it; null when neither the brief nor the config says. */
  author: string | null;
  lang: Lang;
  /** ISO date (YYYY-MM-DD) the content is current as of; null when the brief gives none. */
  asOf: string | null;
  summary: string | null;
  keywords: string[];
}

/** The title as a document's metadata gives it: `Title — Subtitle`. */
export const fullTitle = (meta: Pick<BriefMeta, 'title' | 'subtitle'>): string => (meta.subtitle ? `${meta.title} — ${meta.subtitle}` : meta.title);

/** A top-level section (`##`) with everything under it, for outputs that lay sections out one by one. */
export interface Section {
  id: string;
  title: string;
  /** Sanitised hast of the section's content, its heading excluded. */
  tree: Root;
}

/** One top-level block of a section as the deck sees it. */
export type SlideBlock =
  | {
      type: 'content';
      node: Element;
      /** Written for the deck (`:::slides`): shown as is, never shortened. */
      slidesOnly: boolean;
      /** Markdown line it starts on, for messages. */
      line: number | null;
    }
  /** Speaker notes (`:::notes`): they belong to the slide of the block before them. */
  | { type: 'notes'; children: ElementContent[]; line: number | null }
  /** An explicit slide break (`::slide-break`). */
  | { type: 'break'; line: number | null };

/** A `##` section as the deck sees it: slides-only blocks in, no-slides blocks out, notes and breaks marked. */
export interface SlideSection {
  id: string;
  /** Empty for the content before the first `##`. */
  title: string;
  line: number | null;
  blocks: SlideBlock[];
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
  /**
   * The deck's view of the body. Only the deck reads it: `tree`, `html` and `sections` never carry
   * speaker notes or slides-only blocks, and keep the blocks hidden from slides.
   */
  slides: SlideSection[];
}
