import { collapse, readerText, type OutputText } from './output-text.js';
import { unzipParts } from './zip-parts.js';

const decode = (s: string) =>
  s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/gi, (m, hex?: string, dec?: string, name?: string) =>
    name ? ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()]! : String.fromCodePoint(hex ? parseInt(hex, 16) : Number(dec)),
  );

/** The text of a part's paragraphs (`<a:p>`), its runs (`<a:t>`) joined and line breaks read as spaces; as pptxgenjs or PowerPoint writes them. */
const paragraphs = (xml: string): string[] =>
  [...xml.matchAll(/<a:p(?:\s[^>]*)?>([\s\S]*?)<\/a:p>|<a:p\/>/g)].map((p) => collapse([...(p[1] ?? '').matchAll(/<a:t(?:\s[^>]*)?>([^<]*)<\/a:t>|<a:br\b/g)].map((t) => (t[1] === undefined ? ' ' : decode(t[1]))).join('')));

/** The name of a heading's own text box (PowerPoint knows no headings inside a text box): how reading it back finds one. */
export const headingShapeName = 'Heading';
const headingShape = new RegExp(`<p:cNvPr\\b[^>]*\\bname="${headingShapeName}"`);

const byNumber = (a: string, b: string) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]);

/**
 * Reads a PowerPoint file back: the text of its slides in order, then each slide's notes; the slide
 * titles (title placeholders) as its headings; the revision in its custom properties. What opening
 * it would load or run: a macro project, or a part it links to outside the file (a link to follow is
 * not loaded).
 */
export function readPptx(data: Uint8Array): OutputText {
  const files = unzipParts(data);
  const names = [...files.keys()];
  const decoder = new TextDecoder();
  const text = (name: string) => decoder.decode(files.get(name));
  const slides = names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort(byNumber);
  const notes = names.filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n)).sort(byNumber);
  const headings: string[] = [];
  const words: string[] = [];
  for (const name of slides) {
    const xml = text(name);
    for (const shape of xml.matchAll(/<p:sp(?:\s[^>]*)?>[\s\S]*?<\/p:sp>/g)) {
      const body = paragraphs(shape[0]);
      words.push(...body);
      if (/<p:ph\b[^>]*type="(?:title|ctrTitle)"/.test(shape[0]) || headingShape.test(shape[0])) headings.push(readerText(body.join(' ')));
    }
    // Tables live in graphic frames.
    for (const frame of xml.matchAll(/<p:graphicFrame(?:\s[^>]*)?>[\s\S]*?<\/p:graphicFrame>/g)) words.push(...paragraphs(frame[0]));
  }
  // A notes page shows the slide's picture and number too: only its body placeholder is the notes.
  for (const name of notes) {
    for (const shape of text(name).matchAll(/<p:sp(?:\s[^>]*)?>[\s\S]*?<\/p:sp>/g)) if (/<p:ph\b[^>]*type="body"/.test(shape[0])) words.push(...paragraphs(shape[0]));
  }
  const hazards = names.flatMap((name) => {
    if (/vbaProject\.bin$/i.test(name)) return [`a macro project (${name})`];
    if (!name.endsWith('.rels')) return [];
    return [...text(name).matchAll(/<Relationship\b[^>]*>/g)]
      .filter((r) => /TargetMode="External"/.test(r[0]) && !/relationships\/hyperlink"/.test(r[0]))
      .map((r) => `an outside part, ${/Target="([^"]*)"/.exec(r[0])?.[1] ?? '?'}, in ${name}`);
  });
  const custom = files.has('docProps/custom.xml') ? text('docProps/custom.xml') : '';
  const revision = /name="BriefpackRevision"[^>]*>\s*<vt:lpwstr>([^<]*)<\/vt:lpwstr>/.exec(custom)?.[1];
  return { text: readerText(words.join(' ')), revision: revision === undefined ? null : decode(revision), headings, hazards, scripts: [] };
}
