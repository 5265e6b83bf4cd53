import type { FrontMatter } from './front-matter.js';
import type { TocEntry } from '../model.js';

// What the plugins leave on `file.data` for the next stage.
declare module 'vfile' {
  interface DataMap {
    frontMatter: FrontMatter;
    toc: TocEntry[];
  }
}

export {};
