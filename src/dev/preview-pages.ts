import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Diagnostic } from '../errors.js';
import { formatDiagnostic } from '../errors.js';
import type { Format } from '../formats/format.js';
import type { DevState, PreviewBrief } from './dev-builder.js';

// The preview's own pages: the list of briefs, and one brief's outputs side by side. Built here as
// syntax trees, so every title and message from the content is escaped; their script
// (`preview-client.ts`) keeps them live.

/** What a page's script needs to start: which page, and for a brief's page, its slug. */
export type PreviewPage = { page: 'index' } | { page: 'brief'; slug: string };

// The outputs a browser shows, in the order of their tabs: the one-pager first, as it is the first
// made after a save. The EPUB shows one page at a time.
const tabOrder = ['one-pager.html', 'slides.html', 'brief.pdf', 'slides.pdf', 'brief.epub'];

/** The tabs of the outputs a browser shows, each by its format's (English) label. */
export function previewTabs(formats: readonly Format[]): Array<{ fileName: string; label: string }> {
  return formats
    .filter((f) => tabOrder.includes(f.fileName))
    .sort((a, b) => tabOrder.indexOf(a.fileName) - tabOrder.indexOf(b.fileName))
    .map((f) => ({ fileName: f.fileName, label: f.label.en }));
}

/** The outputs a browser cannot show (a PowerPoint file): a link to download each. */
export const previewDownloads = (formats: readonly Format[]): Format[] => formats.filter((f) => !tabOrder.includes(f.fileName));

function page(title: string, start: PreviewPage, body: ReturnType<typeof h>[]): string {
  const tree = h(null, [
    { type: 'doctype' },
    h('html', { lang: 'en' }, [
      h('head', [
        h('meta', { charset: 'utf-8' }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('title', title),
        // No favicon to fetch.
        h('link', { rel: 'icon', href: 'data:,' }),
        h('link', { rel: 'stylesheet', href: '/__dev/preview.css' }),
        h('script', { type: 'module', src: '/__dev/preview.js', dataStart: JSON.stringify(start) }),
      ]),
      h('body', { className: [`bp-page-${start.page}`] }, body),
    ]),
  ]);
  return toHtml(tree);
}

const problemItem = (d: Diagnostic) => h('li', { className: [`bp-${d.severity}`] }, formatDiagnostic(d));

/** A brief's errors in full, its warnings folded away (a stale fact's warning shows on every build). */
function problemList(problems: readonly Diagnostic[]) {
  const errors = problems.filter((d) => d.severity === 'error');
  const warnings = problems.filter((d) => d.severity === 'warning');
  return [
    errors.length ? h('ul.bp-problems', errors.map(problemItem)) : '',
    warnings.length ? h('details.bp-problems', [h('summary', `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`), h('ul', warnings.map(problemItem))]) : '',
  ];
}

/** The overlay a page shows while a build has errors; its script fills and shows it. */
const overlay = () =>
  h('section.bp-overlay', { hidden: true, role: 'alert', ariaLabelledby: 'bp-overlay-title' }, [
    h('h2#bp-overlay-title', 'Build failed'),
    h('ul.bp-overlay-list'),
    h('p.bp-overlay-last-good', { hidden: true }, 'Under this, the outputs of the last good build.'),
    h('p', 'Fix the file and save: this clears when the build succeeds.'),
  ]);

/** `/`: every brief of the pack, with a link to each of its outputs. */
export function indexPage(state: DevState): string {
  const tabs = previewTabs(state.formats);
  const row = (b: PreviewBrief) =>
    h('li.bp-brief', [
      h('a.bp-brief-title', { href: `/brief/${encodeURIComponent(b.slug)}/`, lang: b.lang, dir: b.dir }, b.title),
      ' ',
      h('code', b.shown),
      ' ',
      h(
        'span.bp-brief-links',
        [
          ...tabs.filter((t) => b.files.has(t.fileName)).map((t) => h('a', { href: `/brief/${encodeURIComponent(b.slug)}/#${t.fileName}` }, t.label)),
          ...previewDownloads(state.formats).filter((f) => b.files.has(f.fileName)).map((f) => h('a', { href: `/out/${encodeURIComponent(b.slug)}/${encodeURIComponent(f.fileName)}`, download: f.fileName }, `${f.fileName} ↓`)),
        ].flatMap((link) => [link, ' ']),
      ),
      problemList(b.problems),
    ]);
  return page('briefpack preview', { page: 'index' }, [
    h('header.bp-bar', [h('h1', 'briefpack preview'), h('span.bp-status', { role: 'status' })]),
    overlay(),
    h('main', [
      problemList(state.projectProblems),
      state.briefs.length ? h('ul.bp-briefs', state.briefs.map(row)) : h('p', 'No briefs yet: add a Markdown file to the content folder, or run `briefpack new <name>`.'),
    ]),
  ]);
}

/** `/brief/<slug>/`: one brief's outputs, a tab each; `#<file name>` picks one. */
export function briefPage(state: DevState, brief: PreviewBrief): string {
  const tabs = previewTabs(state.formats);
  return page(`${brief.title} · briefpack preview`, { page: 'brief', slug: brief.slug }, [
    h('header.bp-bar', [
      h('a.bp-home', { href: '/' }, '← All briefs'),
      h('h1', { lang: brief.lang, dir: brief.dir }, brief.title),
      h('nav.bp-tabs', { ariaLabel: 'Outputs' }, tabs.map((t) => h('a.bp-tab', { href: `#${t.fileName}`, dataFile: t.fileName }, t.label))),
      ...previewDownloads(state.formats).map((f) => h('a.bp-download', { href: `/out/${encodeURIComponent(brief.slug)}/${encodeURIComponent(f.fileName)}`, download: f.fileName }, `${f.fileName} ↓`)),
      h('select.bp-pages', { hidden: true, ariaLabel: 'EPUB page' }),
      h('span.bp-status', { role: 'status' }),
      h('details.bp-warnings', { hidden: true }, [h('summary'), h('ul')]),
    ]),
    overlay(),
    h('iframe.bp-frame', { title: `${brief.title}: output` }),
  ]);
}
