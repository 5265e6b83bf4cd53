import { unzipSync } from 'fflate';
import { DomUtils, parseDocument } from 'htmlparser2';
import path from 'node:path';
import { formatDiagnostic } from '../errors.js';
import type { DevState, PreviewFile } from './dev-builder.js';
import { previewTabs } from './preview-pages.js';

/** What the preview's pages are sent over the WebSocket at every change: the build's state, as JSON. */
export interface WireState {
  projectProblems: WireProblem[];
  briefs: Array<{
    slug: string;
    title: string;
    lang: string;
    dir: 'ltr' | 'rtl';
    shown: string;
    building: boolean;
    /** Each output's revision by file name. */
    files: Record<string, number>;
    problems: WireProblem[];
    /** The EPUB's pages in reading order, shown one at a time. */
    epubPages: EpubPage[];
  }>;
  tabs: Array<{ fileName: string; label: string }>;
}

interface WireProblem {
  severity: 'error' | 'warning';
  /** `content/iom.md:3:1 error ...` */
  text: string;
}

export interface EpubPage {
  /** Its path inside the EPUB: `EPUB/text/section-1.xhtml`. */
  path: string;
  title: string;
}

/** An EPUB unpacked for the preview: its files by path, and its spine. Made once per build of it. */
export interface UnpackedEpub {
  files: ReadonlyMap<string, Uint8Array>;
  pages: EpubPage[];
}

const text = (data: Uint8Array | undefined) => (data ? new TextDecoder().decode(data) : '');

/** The spine of an EPUB, through its container and package document, each page titled by its `<title>`. */
export function unpackEpub(data: Uint8Array): UnpackedEpub {
  const files = new Map(Object.entries(unzipSync(data)));
  const container = parseDocument(text(files.get('META-INF/container.xml')), { xmlMode: true });
  const opfPath = DomUtils.getElementsByTagName('rootfile', container)[0]?.attribs['full-path'] ?? '';
  const opf = parseDocument(text(files.get(opfPath)), { xmlMode: true });
  const hrefs = new Map(DomUtils.getElementsByTagName('item', opf).map((item) => [item.attribs.id, item.attribs.href]));
  const pages = DomUtils.getElementsByTagName('itemref', opf).flatMap((ref) => {
    const href = hrefs.get(ref.attribs.idref);
    if (!href) return [];
    const pagePath = path.posix.join(path.posix.dirname(opfPath), decodeURIComponent(href));
    const title = DomUtils.getElementsByTagName('title', parseDocument(text(files.get(pagePath)), { xmlMode: true }))[0];
    return [{ path: pagePath, title: title ? DomUtils.textContent(title).trim() : '' }];
  });
  return { files, pages };
}

/** The state as the pages see it, EPUBs unpacked once per build (`unpacked` keeps them). */
export function wireState(state: DevState, epubOf: (file: PreviewFile) => UnpackedEpub): WireState {
  const problem = (d: Parameters<typeof formatDiagnostic>[0]): WireProblem => ({ severity: d.severity, text: formatDiagnostic(d) });
  return {
    projectProblems: state.projectProblems.map(problem),
    briefs: state.briefs.map((b) => {
      const epub = [...b.files].find(([name]) => name.endsWith('.epub'))?.[1];
      return {
        slug: b.slug,
        title: b.title,
        lang: b.lang,
        dir: b.dir,
        shown: b.shown,
        building: b.building,
        files: Object.fromEntries([...b.files].map(([name, f]) => [name, f.revision])),
        problems: b.problems.map(problem),
        epubPages: epub ? epubOf(epub).pages : [],
      };
    }),
    tabs: previewTabs(state.formats),
  };
}
