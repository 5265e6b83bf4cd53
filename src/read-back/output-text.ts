/** The kinds of file the read-back thread reads: what a format declares it is, as far as reading it back goes. */
export type OutputKind = 'pdf' | 'html' | 'epub' | 'pptx';

/** What an output says, read back from its bytes: its text and the revision stamp it carries. */
export interface OutputText {
  /** Every word a reader sees (and, for a deck, the speaker notes), white space collapsed. */
  text: string;
  /** The stamp in the output's metadata; null when it has none. */
  revision: string | null;
  /** Text of every heading (a deck: every slide title), not counting tables of contents. */
  headings: string[];
  /** What in it would run or load something when opened (see hazards.ts), scripts aside; empty for a safe output. */
  hazards: string[];
  /** The sha256 (base64) of each inline script: a format says which it ships; any other is a hazard. */
  scripts: string[];
  /**
   * A PDF's right-to-left pages rebuilt from where each glyph stands, lines top to bottom, each read
   * from the right, without spaces: its text layer gives Arabic back in broken runs (a word's letters
   * on either side of its neighbour). Absent for other outputs and pages.
   */
  rtlLines?: string;
}

/**
 * Stands in `text` and `rtlLines` where pages were left unread (a long PDF read at its ends, see
 * `readBackOutput`), so that nothing is found across the gap. PDFium's text never holds it: its
 * strings end at the first U+0000.
 */
export const pageGap = '\u0000';

export const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Text as a reader reads it, white space collapsed: soft hyphens (U+00AD, see rehype-hyphenate) are no
 * letters, and a word broken at one at a line end is one word. Chromium writes every soft hyphen into
 * a PDF's text, and a broken one followed by the hyphen it drew (U+2010, or `-` in a font without it)
 * and the line's end, which PDFium mostly gives back as U+FFFE, its mark for a line-end hyphen (a
 * hard hyphen there too: the hyphen of `non-governmental` goes with it).
 */
export const readerText = (s: string) => collapse(s.replace(/\u00ad(?:[\u2010-]\s*)?|\ufffe/g, ''));
