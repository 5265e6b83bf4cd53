import { BriefpackError } from '../../errors.js';
import { fullTitle } from '../../model.js';
import { nestToc, type TocNode } from '../../render/context.js';
import { fontOrigin } from '../../render/fonts.js';
import { safe } from '../../render/templates.js';
import type { FormatInput } from '../format.js';
import { coverDrawing, coverSvg, type CoverDrawing } from './cover.js';
import { bookIdentifier, containerXml, packageDocument, type ManifestItem } from './package-document.js';
import { resolveVars, themeTokens } from './theme-tokens.js';
import { BookImages, collectAnchors, toXhtml, type Anchors, type BodyPage } from './xhtml.js';
import { xmlCleaned } from './xml.js';
import type { BookFile } from './zip.js';

/** The folder of the package document and everything it lists. */
const root = 'EPUB';
const stylesheet = 'styles/book.css';

interface NavItem {
  href: string;
  title: string;
  children: NavItem[];
}

function navItems(nodes: readonly TocNode[], anchors: Anchors): NavItem[] {
  return nodes.flatMap((node) => {
    const anchor = anchors.get(node.id);
    return anchor ? [{ href: `${anchor.file}#${anchor.id}`, title: node.title, children: navItems(node.children, anchors) }] : [];
  });
}

function styleText(input: FormatInput, name: string): string {
  const style = input.context.styles[name];
  if (!style) throw new BriefpackError('RENDER', `the EPUB needs ${name}.css, which is missing from the templates folder`);
  return style.toString();
}

/**
 * The cover as shapes, what the book's PNG cover is drawn from (see `coverPng`); the cover page a
 * reader opens shows them as SVG.
 */
export function coverOf(input: FormatInput): CoverDrawing {
  const meta = xmlCleaned(input.doc.meta);
  return coverDrawing({ meta, labels: input.context.labels, tokens: themeTokens(styleText(input, 'theme'), meta.lang) });
}

/**
 * Every file of the book but `mimetype`, in zip order: pure rendering from the document model, the
 * templates in `templates/epub/`, the build's fonts and the cover drawn as PNG (see `coverOf`).
 */
export function bookFiles(input: FormatInput, coverPng: Uint8Array): BookFile[] {
  const { doc, render, fonts, builtOn } = input;
  // Front matter is the author's text: keep it inside what XML can hold.
  const context = { ...input.context, meta: xmlCleaned(doc.meta), facts: xmlCleaned(doc.facts) };
  const { meta, labels } = context;

  // Fonts travel inside the book, addressed from styles/ and images/ alike.
  const fontsCss = fonts.servedCss.replaceAll(fontOrigin, '../fonts/');
  const fontFiles = [...new Set([...fontsCss.matchAll(/url\(\.\.\/fonts\/([^)]+)\)/g)].map((m) => m[1]!))].map((name, i) => {
    const data = fonts.files.get(fontOrigin + name);
    if (!data) throw new BriefpackError('RENDER', `font ${name} is missing from the build's fonts`);
    return { id: `font-${i + 1}`, href: `fonts/${name}`, data };
  });
  // The theme every output wears, then what a book needs beyond it.
  const theme = styleText(input, 'theme');
  const tokens = themeTokens(theme, meta.lang);
  const css = [fontsCss, resolveVars(theme, tokens), resolveVars(styleText(input, 'epub'), tokens)].join('\n');

  const bodyPages: BodyPage[] = doc.sections.map((s, i) => ({ file: `section-${i + 1}.xhtml`, ids: s.id ? [s.id] : [], tree: s.tree }));
  const anchors = collectAnchors(bodyPages);
  const images = new BookImages();
  const page = (layout: string, title: string, className: string, data: object = {}) =>
    render('epub/page', {
      ...context,
      page: { title, className, stylesheet, content: safe(render(layout, { ...context, ...data })) },
    });
  const title = fullTitle(meta);
  const firstSection = doc.sections[0];
  // The fact box is what a reader comes back to (the title page, for a brief without facts); it also
  // keeps the list non-empty for a brief without headings.
  const factsItem: NavItem = doc.facts.length > 0 ? { href: 'title.xhtml#bp-facts-title', title: labels.keyFacts, children: [] } : { href: 'title.xhtml', title: meta.title, children: [] };
  const landmarks = [
    { type: 'cover', href: 'cover.xhtml', title: labels.cover },
    { type: 'toc', href: 'nav.xhtml#toc', title: labels.contents },
    ...(firstSection ? [{ type: 'bodymatter', href: bodyPages[0]!.file, title: firstSection.title || labels.sections }] : []),
  ];

  const docs: Array<ManifestItem & { data: string | Uint8Array }> = [
    { id: 'cover', href: 'cover.xhtml', mediaType: 'application/xhtml+xml', properties: 'svg', spine: true, data: page('epub/cover', title, 'bp-cover-page', { cover: safe(coverSvg({ meta, labels, tokens })) }) },
    { id: 'title-page', href: 'title.xhtml', mediaType: 'application/xhtml+xml', spine: true, data: page('epub/title', title, 'bp-title-page-body') },
    {
      id: 'nav',
      href: 'nav.xhtml',
      mediaType: 'application/xhtml+xml',
      properties: 'nav',
      spine: true,
      data: page('epub/nav', labels.contents, 'bp-nav', { nav: xmlCleaned([factsItem, ...navItems(nestToc(doc.toc), anchors)]), landmarks: xmlCleaned(landmarks) }),
    },
    ...doc.sections.map((section, i) => {
      const { file } = bodyPages[i]!;
      const anchor = section.id ? anchors.get(section.id) : undefined;
      const heading = anchor && { id: anchor.id, title: section.title };
      return {
        id: `section-${i + 1}`,
        href: file,
        mediaType: 'application/xhtml+xml',
        spine: true,
        data: page('epub/section', xmlCleaned(section.title) || meta.title, 'bp-section-page', { heading: xmlCleaned(heading), body: safe(toXhtml(section.tree, file, anchors, images)) }),
      };
    }),
    { id: 'css', href: stylesheet, mediaType: 'text/css', data: css },
    // The cover page shows the SVG; a reading system's shelf shows this.
    { id: 'cover-image', href: 'images/cover.png', mediaType: 'image/png', properties: 'cover-image', data: coverPng },
  ];
  const fontItems: ManifestItem[] = fontFiles.map((f) => ({ id: f.id, href: f.href, mediaType: 'font/woff2' }));
  const imageFiles = [...images.files.values()];
  const imageItems: ManifestItem[] = imageFiles.map(({ id, href, mediaType }) => ({ id, href, mediaType }));
  const opf = packageDocument({ meta, identifier: bookIdentifier(meta), modified: builtOn, generator: context.generator, revision: context.revision.stamp, items: [...docs, ...fontItems, ...imageItems] });

  return [
    { path: 'META-INF/container.xml', data: containerXml(`${root}/package.opf`) },
    { path: `${root}/package.opf`, data: opf },
    ...docs.map((d) => ({ path: `${root}/${d.href}`, data: d.data })),
    ...fontFiles.map((f) => ({ path: `${root}/${f.href}`, data: f.data })),
    ...imageFiles.map((f) => ({ path: `${root}/${f.href}`, data: f.data })),
  ];
}
