import type { BriefFrontMatter, FrontMatterDefaults } from './front-matter.js';
import type { TocEntry } from '../model.js';

// What the plugins leave on `file.data` for the next stage.
declare module 'vfile' {
  interface DataMap {
    /** What parseBrief is given: the config's values for what a brief does not say, and the build's day. */
    frontMatterDefaults: FrontMatterDefaults & { today: string };
    frontMatter: BriefFrontMatter;
    /** Line and column of a front matter value by its path (`['facts', 3, 'asOf']`), for messages. */
    frontMatterPlace: (path: ReadonlyArray<string | number>) => { line: number; column: number };
    toc: TocEntry[];
  }
}

export {};
