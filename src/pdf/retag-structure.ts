import type { PDFDocument, PDFObject } from 'pdf-lib';
import { loadPdfLib } from './pdf-lib.js';
import { structureTree, type StructElement, type StructureTree } from './structure-tree.js';

/** PDF 1.7's standard structure types (ISO 32000-1, 14.8.4): what PDF/UA-1 readers know. */
const STANDARD_TYPES = new Set(
  (
    'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private H H1 H2 H3 H4 H5 H6 P ' +
    'L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot ' +
    'Ruby RB RT RP Warichu WT WP Figure Formula Form'
  ).split(' '),
);

/** PDF 2.0's types (and others Chromium may write) as the PDF 1.7 types they mean. */
const STANDARD_FOR: Record<string, string> = {
  Strong: 'Span',
  Em: 'Span',
  Sub: 'Span',
  Title: 'P',
  Aside: 'Div',
  FENote: 'Note',
  DocumentFragment: 'Part',
  Artifact: 'NonStruct',
};

/**
 * Regroups Chromium's structure tree where PDF/UA asks more than it writes:
 * - a list whose every item is a link into the document is its contents: TOC and TOCI, the items'
 *   links in a Reference;
 * - every other list item's body (all but its Lbl) goes into an LBody;
 * - types outside PDF 1.7 (`Strong` in pack.pdf) are role-mapped to standard ones, which poppler and
 *   screen readers otherwise reject.
 */
export async function retagStructure(doc: PDFDocument): Promise<void> {
  const tree = await structureTree(doc);
  if (!tree) return;
  const internalLink = await internalLinkTest(doc);
  for (const element of [...tree.elements]) {
    if (tree.type(element) === 'L' && isContentsList(tree, element, internalLink)) tagContents(tree, element);
  }
  for (const element of [...tree.elements]) {
    if (tree.type(element) !== 'LI') continue;
    const body = tree.kids(element).filter((kid) => !isOfType(tree, kid, 'Lbl', 'LBody'));
    if (body.length > 0) tree.wrap(element, body, 'LBody');
  }
  await roleMapNonstandard(doc, tree);
}

const isOfType = (tree: StructureTree, kid: PDFObject, ...types: string[]) => {
  const element = tree.element(kid);
  return element !== undefined && types.includes(tree.type(element));
};

/** Whether a structure kid is an annotation that goes to a place in this document (not a URI). */
async function internalLinkTest(doc: PDFDocument): Promise<(kid: PDFObject) => boolean> {
  const { PDFDict, PDFName } = await loadPdfLib();
  return (kid) => {
    const objr = doc.context.lookup(kid as never);
    const annotation = objr instanceof PDFDict ? objr.lookup(PDFName.of('Obj')) : undefined;
    if (!(annotation instanceof PDFDict)) return false;
    if (annotation.has(PDFName.of('Dest'))) return true;
    const action = annotation.lookup(PDFName.of('A'));
    return action instanceof PDFDict && action.get(PDFName.of('S')) === PDFName.of('GoTo');
  };
}

/**
 * Whether a list item is a contents entry: besides its label and a nested list, one link into the
 * document, alone or in a paragraph of its own. A footnote (text, an address, a link back) or an item
 * with a cross-reference in its text is not.
 */
function isContentsEntry(tree: StructureTree, item: StructElement, internalLink: (kid: PDFObject) => boolean): boolean {
  const soleLink = (element: StructElement): boolean => {
    const kids = tree.kids(element).filter((kid) => !isOfType(tree, kid, 'Lbl', 'L'));
    if (kids.length !== 1) return false;
    const only = tree.element(kids[0]!);
    if (!only) return false;
    const type = tree.type(only);
    if (type === 'Link') return tree.kids(only).some((kid) => !tree.element(kid) && internalLink(kid));
    return ['P', 'NonStruct', 'Span', 'Div'].includes(type) && soleLink(only);
  };
  return soleLink(item);
}

function isContentsList(tree: StructureTree, list: StructElement, internalLink: (kid: PDFObject) => boolean): boolean {
  const items = tree.kids(list).map((kid) => tree.element(kid));
  return items.length > 0 && items.every((item) => item !== undefined && tree.type(item) === 'LI' && isContentsEntry(tree, item, internalLink));
}

function tagContents(tree: StructureTree, list: StructElement): void {
  tree.setType(list, 'TOC');
  tree.dropAttributes(list, 'List');
  for (const kid of tree.kids(list)) {
    const item = tree.element(kid)!;
    tree.setType(item, 'TOCI');
    const nested = tree.kids(item).map((k) => tree.element(k)).filter((e): e is StructElement => e !== undefined && tree.type(e) === 'L');
    for (const sublist of nested) tagContents(tree, sublist);
    const entry = tree.kids(item).filter((k) => !isOfType(tree, k, 'Lbl', 'TOC'));
    if (entry.length > 0) tree.wrap(item, entry, 'Reference');
  }
}

async function roleMapNonstandard(doc: PDFDocument, tree: StructureTree): Promise<void> {
  const { PDFDict, PDFName } = await loadPdfLib();
  const types = new Set(tree.elements.map((e) => tree.type(e)).filter((type) => !STANDARD_TYPES.has(type)));
  if (types.size === 0) return;
  const existing = tree.root.lookup(PDFName.of('RoleMap'));
  const roleMap = existing instanceof PDFDict ? existing : doc.context.obj({});
  for (const type of types) {
    if (!roleMap.has(PDFName.of(type))) roleMap.set(PDFName.of(type), PDFName.of(STANDARD_FOR[type] ?? 'Span'));
  }
  tree.root.set(PDFName.of('RoleMap'), roleMap);
}
