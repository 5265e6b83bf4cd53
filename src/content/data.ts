import type { FrontMatter } from './front-matter.js';
import type { TocEntry } from '../model.js';

// What the plugins leave on `file.data` for the next stage.
declare module 'vfile' {
  interface DataMap {
    frontMatter: FrontMatter;
    /** Line and column of a front matter value by its path (`['facts', 3, 'asOf']`), for messages. */
    frontMatterPlace: (path: ReadonlyArray<string | number>) => { line: number; column: number };
    toc: TocEntry[];
  }
}

export {};
