import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { directionOf, labelsOf, type Lang } from '../locale.js';

const require = createRequire(import.meta.url);

/** reveal.js as the HTML deck inlines it: no file of it is fetched at show time. */
export interface RevealAssets {
  css: string;
  /** The three scripts of the deck, each the whole text of its own <script> element. */
  js: string;
  notesJs: string;
  initJs: string;
  /**
   * The deck's `script-src`: a hash of each of those scripts and of the speaker view's, which the
   * notes plugin writes into a window that inherits the deck's policy. Nothing else runs, not even
   * a script that got past every other guard.
   */
  scriptSrc: string;
  /** The sha256 (base64) of each of the three scripts: what the deck may carry. */
  scriptHashes: string[];
}

/**
 * Starts the deck: 16:9 at 1280x720, a URL hash per slide, the speaker view on S; right to left for
 * Arabic. Set for people rather than reveal.js's demos: the arrows at the sides, clear of the
 * slide's own number in its footer, and the back arrow as visible as the forward one; no arrow
 * bouncing to teach; no fade for a reader who asked for less motion; and no switch to the scroll
 * view on a phone, where a link to `#/3` would open on the first slide (hakimel/reveal.js#3815).
 */
const initJs = (rtl: boolean) =>
  `Reveal.initialize({ width: 1280, height: 720, margin: 0.04, center: false, hash: true, transition: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'none' : 'fade', transitionSpeed: 'fast', backgroundTransition: 'none', controlsLayout: 'edges', controlsBackArrows: 'visible', controlsTutorial: false, scrollActivationWidth: null, slideNumber: false, rtl: ${rtl}, plugins: [RevealNotes] });`;

const sha256 = (script: string) => createHash('sha256').update(script).digest('base64');

/** A template literal's raw text as JavaScript reads it (`\\/` is `/`, `\\x3C` is `<`...). */
function cookTemplate(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-f]+\}|u[0-9a-f]{4}|x[0-9a-f]{2}|\r?\n|[^])/gi, (_, e: string) => {
    if (/^[ux]/i.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.replace(/^u\{?|^x|\}$/gi, ''), 16));
    if (e.startsWith('\n') || e.startsWith('\r')) return '';
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[e] ?? e;
  });
}

/**
 * The inline scripts of the speaker view, as the notes plugin writes its page into the new window
 * (`document.write` of a template literal). A reveal.js whose plugin no longer does so fails here, at
 * build time, rather than leaving presenters with a dead speaker view.
 */
export function speakerViewScripts(notesSource: string): string[] {
  const start = notesSource.indexOf('document.write(`');
  let end = start + 'document.write(`'.length;
  while (start >= 0 && end < notesSource.length && notesSource[end] !== '`') end += notesSource[end] === '\\' ? 2 : 1;
  const page = start >= 0 ? cookTemplate(notesSource.slice(start + 'document.write(`'.length, end)) : '';
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  if (scripts.length === 0 || page.includes('${')) throw new Error("reveal.js's notes plugin no longer writes its speaker view as briefpack expects: update src/slides/reveal.ts");
  return scripts;
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

/**
 * The notes plugin with its speaker view in the deck's language: the words of the page it writes
 * (outside its scripts), and `lang` on it, so that its upper-case labels follow the language's rules.
 * A reveal.js whose page no longer has one of them fails here, at build time.
 */
export function localisedNotes(notesSource: string, lang: Lang): string {
  const words = labelsOf(lang).speakerView;
  const replacements: Array<[string, string]> = [
    ['<html lang="en">', `<html lang="${lang}" dir="${directionOf(lang)}">`],
    ['<span class="overlay-element label">Upcoming</span>', `<span class="overlay-element label">${words.upcoming}</span>`],
    ['<h4 class="label">Time <span class="reset-button">Click to Reset</span></h4>', `<h4 class="label">${words.time} <span class="reset-button">${words.reset}</span></h4>`],
    ['style="display: none">Pacing – Time to finish current slide</h4>', `style="display: none">${words.pacing}</h4>`],
    ['<h4 class="label">Notes</h4>', `<h4 class="label">${words.notes}</h4>`],
  ];
  let out = notesSource;
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`reveal.js's notes plugin no longer has "${from}" in its speaker view: update src/slides/reveal.ts`);
    out = out.replace(from, () => to.replace(/[`\\$]/g, ''));
  }
  return out;
}

// Process-wide caches: reveal.js's files, read once; the scripts of each language made once.
let filesCache: Promise<{ css: string; js: string; notes: string }> | undefined;
const revealCache = new Map<Lang, Promise<RevealAssets>>();

/**
 * reveal.js's core, styles and speaker-notes plugin from node_modules, read once per process, its
 * speaker view in `lang`. Its own print rules go: they restyle every paragraph and heading with
 * !important, and the deck brings a print style sheet that prints each slide as it looks
 * (templates/slides-deck.css).
 */
export function loadReveal(lang: Lang): Promise<RevealAssets> {
  let assets = revealCache.get(lang);
  if (!assets) {
    filesCache ??= Promise.all(['reveal.js/reveal.css', 'reveal.js', 'reveal.js/plugin/notes'].map((id) => readFile(require.resolve(id), 'utf8'))).then(([css, js, notes]) => ({ css: css!, js: js!, notes: notes! }));
    revealCache.set(
      lang,
      (assets = filesCache.then(({ css, js, notes }) => {
        const localNotes = localisedNotes(notes, lang);
        const scripts = { js: inlineScript(js), notesJs: inlineScript(localNotes), initJs: initJs(directionOf(lang) === 'rtl') };
        const scriptHashes = Object.values(scripts).map(sha256);
        const scriptSrc = [...scriptHashes, ...speakerViewScripts(localNotes).map(sha256)].map((hash) => `'sha256-${hash}'`).join(' ');
        return { css: withoutPrintRules(css), ...scripts, scriptSrc, scriptHashes };
      })),
    );
  }
  return assets;
}
