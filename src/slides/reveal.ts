import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** reveal.js as the HTML deck inlines it: no file of it is fetched at show time. */
export interface RevealAssets {
  css: string;
  js: string;
  notesJs: string;
}

/**
 * Script text that can sit inside <script>...</script>: `</script` would end the element, and `<!--`
 * followed by `<script` (as in the notes plugin's speaker-view page) would keep it from ending. In
 * either spot, JavaScript reads `\x3C` inside a string, template or regular expression as `<`.
 */
export function inlineScript(js: string): string {
  return js.replace(/<(?=\/script|!--|script)/gi, '\\x3C');
}

/** The `@media print { ... }` rules of a style sheet removed, braces matched. */
export function withoutPrintRules(css: string): string {
  let out = css;
  for (let start = out.indexOf('@media print'); start >= 0; start = out.indexOf('@media print', start)) {
    let depth = 0;
    let end = out.indexOf('{', start);
    for (; end < out.length; end++) {
      if (out[end] === '{') depth++;
      else if (out[end] === '}' && --depth === 0) break;
    }
    out = out.slice(0, start) + out.slice(end + 1);
  }
  return out;
}

// Process-wide cache: reveal.js's files, read once.
let revealCache: Promise<RevealAssets> | undefined;

/**
 * reveal.js's core, styles and speaker-notes plugin from node_modules, read once per process. Its own
 * print rules go: they restyle every paragraph and heading with !important, and the deck brings a
 * print style sheet that prints each slide as it looks (templates/slides-deck.css).
 */
export function loadReveal(): Promise<RevealAssets> {
  return (revealCache ??= (async () => {
    const [css, js, notesJs] = await Promise.all(
      ['reveal.js/reveal.css', 'reveal.js', 'reveal.js/plugin/notes'].map((id) => readFile(require.resolve(id), 'utf8')),
    );
    return { css: withoutPrintRules(css!), js: inlineScript(js!), notesJs: inlineScript(notesJs!) };
  })());
}
