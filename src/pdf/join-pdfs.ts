import type { PDFDict as PdfDict, PDFName as PdfName, PDFNumber as PdfNumber, PDFDocument, PDFObject, PDFRef as PdfRef } from 'pdf-lib';
import { loadPdfLib } from './pdf-lib.js';

/**
 * Chromium prints no link to a target outside the document: a part's link to another part is printed
 * pointing to a stand-in of its own instead, an empty box with this id and the target's number in
 * `JoinOptions.outsideTargets` (`bp-out-3`), and joined back. The link keeps its `#` address, so it
 * looks as it does in the whole document.
 */
export const outsideIdPrefix = 'bp-out-';

/** A link target in another part than some link to it: its id and its 0-based page in the joined document. */
export interface OutsideTarget {
  id: string;
  page: number;
}

export interface JoinOptions {
  /** Every heading's id and level (1 to 6) in document order: the joined bookmarks nest by the level. */
  headings: ReadonlyArray<{ id: string; level: number }>;
  outsideTargets: readonly OutsideTarget[];
}

type Lib = Awaited<ReturnType<typeof loadPdfLib>>;

/** A bookmark's entries, copied into the joined document. */
interface Bookmark {
  dest: PDFObject | undefined;
  se: PDFObject | undefined;
  title: PDFObject | undefined;
}

/** A name tree's or number tree's pairs, from its leaves (`key` is Names or Nums). */
function treePairs(lib: Lib, node: PDFObject | undefined, key: 'Names' | 'Nums', context: PDFDocument['context']): Array<[PDFObject, PDFObject]> {
  const { PDFArray, PDFDict, PDFName } = lib;
  const pairs: Array<[PDFObject, PDFObject]> = [];
  const stack = [node];
  while (stack.length > 0) {
    const dict = stack.pop();
    const resolved = dict ? context.lookup(dict) : undefined;
    if (!(resolved instanceof PDFDict)) continue;
    const leaf = resolved.lookup(PDFName.of(key));
    if (leaf instanceof PDFArray) for (let i = 0; i + 1 < leaf.size(); i += 2) pairs.push([leaf.get(i), leaf.get(i + 1)]);
    const kids = resolved.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) stack.push(...kids.asArray().reverse());
  }
  return pairs;
}

/**
 * Chromium prints a long document far slower than its parts (a 4,000-page deck in 16 s, in parts of
 * 250 in 5): a build prints such a document in parts and joins them here into one tagged PDF, as if
 * printed whole. The first part (changed in place) takes in the others' pages, and with them their
 * structure (under its Document element, each part's parent-tree keys moved past the ones before), their destinations,
 * their structure ids (prefixed by part, so two parts' cells never share one) and their bookmarks,
 * rebuilt as one outline nested by heading level. A link to another part (printed pointing to a
 * stand-in, see `outsideIdPrefix`) goes to its target again: where its bookmark goes, for a heading,
 * else to its page.
 */
export async function joinPdfs(docs: readonly PDFDocument[], options: JoinOptions): Promise<PDFDocument> {
  const lib = await loadPdfLib();
  const { PDFArray, PDFDict, PDFHexString, PDFName, PDFNull, PDFNumber, PDFPageLeaf, PDFRawStream, PDFRef, PDFString } = lib;
  const doc = docs[0]!;
  const { context } = doc;
  const name = (n: string) => PDFName.of(n);
  const structRoot = doc.catalog.lookup(name('StructTreeRoot'), PDFDict);
  const pageTree = doc.catalog.Pages();
  const pageTreeRef = doc.catalog.get(name('Pages')) as PdfRef;
  const documentRef = structRoot.get(name('K'));
  if (!(documentRef instanceof PDFRef)) throw new Error('the first part has no Document element');
  const documentElement = context.lookup(documentRef, PDFDict);
  const kidsOf = (element: PdfDict, within: PDFDocument['context']): PDFObject[] => {
    const k = element.get(name('K'));
    const resolved = k instanceof PDFRef ? within.lookup(k) : k;
    return resolved instanceof PDFArray ? resolved.asArray() : k ? [k] : [];
  };
  const documentKids = context.obj(kidsOf(documentElement, context));
  documentElement.set(name('K'), documentKids);
  const parentTreeNums: PDFObject[] = treePairs(lib, structRoot.get(name('ParentTree')), 'Nums', context).flat();
  let nextKey = structRoot.lookup(name('ParentTreeNextKey'), PDFNumber).asNumber();
  // The first part's trees and outline are rebuilt whole: their old nodes go.
  const dropped: PdfRef[] = [];
  const dropTree = (node: PDFObject | undefined) => {
    if (!(node instanceof PDFRef)) return;
    dropped.push(node);
    const dict = context.lookup(node);
    if (!(dict instanceof PDFDict)) return;
    const kids = dict.lookup(name('Kids'));
    if (kids instanceof PDFArray) kids.asArray().forEach(dropTree);
  };
  dropTree(structRoot.get(name('ParentTree')));
  dropTree(structRoot.get(name('IDTree')));
  const idPairs: Array<[string, PDFObject]> = [];
  const prefixIds = (partIndex: number, dicts: Iterable<PdfDict>) => {
    const prefix = `p${String(partIndex + 1).padStart(4, '0')}-`;
    const renamed = (o: PDFObject | undefined) => (o instanceof PDFString || o instanceof PDFHexString ? PDFString.of(prefix + o.decodeText()) : undefined);
    for (const dict of dicts) {
      const id = renamed(dict.get(name('ID')));
      if (id) dict.set(name('ID'), id);
      const attributes = dict.get(name('A'));
      for (const attribute of attributes === undefined ? [] : attributes instanceof PDFArray ? attributes.asArray() : [attributes]) {
        const headers = context.lookup(attribute);
        const list = headers instanceof PDFDict ? headers.lookup(name('Headers')) : undefined;
        if (list instanceof PDFArray) list.asArray().forEach((h, i) => list.set(i, renamed(h) ?? h));
      }
    }
    return (id: PDFObject) => renamed(id)!.decodeText();
  };
  const firstDests = doc.catalog.lookup(name('Dests'));
  const joinedDests: PdfDict = firstDests instanceof PDFDict ? firstDests : context.obj({});
  if (joinedDests !== firstDests) doc.catalog.set(name('Dests'), context.register(joinedDests));
  const bookmarks: Bookmark[] = [];
  /** Reads a part's bookmarks, depth first, into `bookmarks`; returns the references of its outline's nodes. */
  const readBookmarks = (part: PDFDocument, copy: (o: PDFObject) => PDFObject): PdfRef[] => {
    const nodes: PdfRef[] = [];
    const walk = (first: PDFObject | undefined) => {
      for (let ref = first; ref instanceof PDFRef; ) {
        const item = part.context.lookup(ref, PDFDict);
        nodes.push(ref);
        const field = (key: string) => {
          const value = item.get(name(key));
          return value === undefined ? undefined : copy(value);
        };
        bookmarks.push({ dest: field('Dest'), se: field('SE'), title: field('Title') });
        walk(item.get(name('First')));
        ref = item.get(name('Next'));
      }
    };
    const root = part.catalog.get(name('Outlines'));
    if (root instanceof PDFRef) {
      nodes.push(root);
      walk(part.context.lookup(root, PDFDict).get(name('First')));
    }
    return nodes;
  };

  // The first part's own ids, destinations and bookmarks, as the others' are read.
  const firstDicts = context.enumerateIndirectObjects().map(([, o]) => o).filter((o): o is PdfDict => o instanceof PDFDict);
  const firstId = prefixIds(0, firstDicts);
  for (const [key, value] of treePairs(lib, structRoot.get(name('IDTree')), 'Names', context)) idPairs.push([firstId(key), value]);
  dropped.push(...readBookmarks(doc, (o) => o));

  for (const [index, part] of docs.entries()) {
    if (index === 0) continue;
    const src = part.context;
    const partRoot = part.catalog.lookup(name('StructTreeRoot'), PDFDict);
    const partDocument = partRoot.get(name('K'));
    // Objects of the part, by reference, copied once each; its Document element and tree root are the first part's.
    const copies = new Map<PdfRef, PdfRef>([[partDocument as PdfRef, documentRef]]);
    const pending: Array<[PdfRef, PdfRef]> = [];
    const copied: PdfDict[] = [];
    const copy = (o: PDFObject): PDFObject => {
      if (o instanceof PDFRef) {
        let ref = copies.get(o);
        if (!ref) {
          ref = context.nextRef();
          copies.set(o, ref);
          pending.push([o, ref]);
        }
        return ref;
      }
      if (o instanceof PDFDict) {
        const dict = context.obj({});
        for (const [key, value] of o.entries()) dict.set(key, copy(value));
        copied.push(dict);
        return dict;
      }
      if (o instanceof PDFArray) {
        const array = context.obj([]);
        for (const item of o.asArray()) array.push(copy(item));
        return array;
      }
      if (o instanceof PDFRawStream) {
        const dict = copy(o.dict) as PdfDict;
        return PDFRawStream.of(dict, o.contents);
      }
      return o;
    };
    const drain = () => {
      for (let next = pending.pop(); next; next = pending.pop()) context.assign(next[1], copy(src.lookup(next[0]) ?? PDFNull));
    };
    const pageRefs = part.getPages().map((page) => {
      const ref = context.nextRef();
      copies.set(page.ref, ref);
      return { page, ref };
    });
    for (const { page, ref } of pageRefs) {
      const entries = new Map<PdfName, PDFObject>();
      for (const [key, value] of page.node.entries()) if (key !== name('Parent')) entries.set(key, copy(value));
      const leaf = PDFPageLeaf.fromMapWithContext(entries, context);
      context.assign(ref, leaf);
      copied.push(leaf);
      // Where `insertPage` at the end puts it, among the root's kids, without walking them for each page.
      pageTree.pushLeafNode(ref);
      leaf.setParent(pageTreeRef);
    }
    for (const kid of kidsOf(src.lookup(partDocument, PDFDict), src)) documentKids.push(copy(kid));
    const offset = nextKey;
    const nums = treePairs(lib, partRoot.get(name('ParentTree')), 'Nums', src);
    for (const [key, value] of nums) parentTreeNums.push(PDFNumber.of((key as PdfNumber).asNumber() + offset), copy(value));
    nextKey += partRoot.lookup(name('ParentTreeNextKey'), PDFNumber).asNumber();
    const partDests = part.catalog.lookup(name('Dests'));
    // A name two parts print (an id on a box a cut goes through) goes where it first went.
    if (partDests instanceof PDFDict) for (const [key, value] of partDests.entries()) if (!joinedDests.has(key)) joinedDests.set(key, copy(value));
    const partIds = treePairs(lib, partRoot.get(name('IDTree')), 'Names', src).map(([key, value]) => [key, copy(value)] as const);
    readBookmarks(part, copy);
    drain();
    // What the parent tree maps is keyed past the parts before: pages, forms and annotations.
    for (const dict of copied) {
      for (const key of ['StructParents', 'StructParent']) {
        const n = dict.get(name(key));
        if (n instanceof PDFNumber) dict.set(name(key), PDFNumber.of(n.asNumber() + offset));
      }
    }
    const partId = prefixIds(index, copied);
    for (const [key, value] of partIds) idPairs.push([partId(key), value]);
  }
  forgetPageList(doc);

  for (const ref of dropped) context.delete(ref);
  // One flat parent tree and one flat, sorted ID tree.
  structRoot.set(name('ParentTree'), context.register(context.obj({ Type: 'ParentTree', Nums: context.obj(parentTreeNums) })));
  structRoot.set(name('ParentTreeNextKey'), PDFNumber.of(nextKey));
  if (idPairs.length > 0) {
    idPairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const names = context.obj([]);
    for (const [key, value] of idPairs) {
      names.push(PDFString.of(key));
      names.push(value);
    }
    structRoot.set(name('IDTree'), context.register(context.obj({ Names: names })));
  }

  const byHeading = bookmarks.length === options.headings.length ? new Map(options.headings.map((h, i) => [h.id, bookmarks[i]!.dest])) : new Map();
  resolveOutsideLinks(lib, doc, options.outsideTargets, byHeading);
  buildOutline(lib, doc, bookmarks, options.headings.map((h) => h.level));
  return doc;
}

/**
 * pdf-lib keeps a list of the document's pages, which `insertPage` updates (walking the page tree's
 * kids for each page: a second for a 5,500-page deck): after pages were added to the tree directly,
 * it is made again from the tree when next asked for.
 */
function forgetPageList(doc: PDFDocument): void {
  const internals = doc as unknown as { pageCache: { invalidate(): void }; pageCount: number | undefined };
  internals.pageCache.invalidate();
  internals.pageCount = undefined;
}

/**
 * Links printed pointing to a stand-in go to their target again, through a destination named as
 * Chromium names one (the id, percent-encoded), which their descriptions are found by: the one its
 * own part printed where there is one, else its bookmark's, else its page. The stand-ins' go.
 */
function resolveOutsideLinks(lib: Lib, doc: PDFDocument, targets: readonly OutsideTarget[], headingDests: ReadonlyMap<string, PDFObject | undefined>): void {
  const { PDFArray, PDFDict, PDFName } = lib;
  const pages = doc.getPages();
  const dests = doc.catalog.lookup(PDFName.of('Dests'), PDFDict);
  const standIns = dests.keys().filter((key) => key.decodeText().startsWith(outsideIdPrefix));
  if (standIns.length === 0) return;
  for (const page of pages) {
    const annotations = page.node.lookup(PDFName.of('Annots'));
    if (!(annotations instanceof PDFArray)) continue;
    for (const ref of annotations.asArray()) {
      const annotation = doc.context.lookup(ref);
      const dest = annotation instanceof PDFDict ? annotation.get(PDFName.of('Dest')) : undefined;
      const name = dest instanceof PDFName ? dest.decodeText() : '';
      const target = name.startsWith(outsideIdPrefix) ? targets[Number(name.slice(outsideIdPrefix.length))] : undefined;
      if (!target) continue;
      const real = PDFName.of(encodeURIComponent(target.id));
      const onPage = pages[target.page];
      if (!dests.has(real)) dests.set(real, headingDests.get(target.id) ?? doc.context.obj(onPage ? [onPage.ref, PDFName.of('Fit')] : [page.ref, PDFName.of('Fit')]));
      (annotation as PdfDict).set(PDFName.of('Dest'), real);
    }
  }
  for (const key of standIns) dests.delete(key);
}

/**
 * The bookmarks of all parts as one outline: each under the last one before it of a lower level
 * (as Chromium nests a document's headings), all open. Flat when the bookmarks are not one per heading.
 */
function buildOutline(lib: Lib, doc: PDFDocument, bookmarks: readonly Bookmark[], levels: readonly number[]): void {
  const { PDFName, PDFNumber } = lib;
  const { context } = doc;
  if (bookmarks.length === 0) return void doc.catalog.delete(PDFName.of('Outlines'));
  const level = (i: number) => (bookmarks.length === levels.length ? levels[i]! : 1);
  interface Node {
    ref: PdfRef;
    dict: PdfDict;
    level: number;
    kids: Node[];
  }
  const rootRef = context.nextRef();
  const root: Node = { ref: rootRef, dict: context.obj({ Type: 'Outlines' }), level: 0, kids: [] };
  const stack: Node[] = [root];
  bookmarks.forEach((bookmark, i) => {
    const node: Node = { ref: context.nextRef(), dict: context.obj({}), level: level(i), kids: [] };
    for (const [key, value] of [['Title', bookmark.title], ['Dest', bookmark.dest], ['SE', bookmark.se]] as const) if (value) node.dict.set(PDFName.of(key), value);
    while (stack.at(-1)!.level >= node.level) stack.pop();
    const parent = stack.at(-1)!;
    node.dict.set(PDFName.of('Parent'), parent.ref);
    parent.kids.push(node);
    stack.push(node);
  });
  const link = (node: Node): number => {
    let count = 0;
    node.kids.forEach((kid, i) => {
      if (i > 0) kid.dict.set(PDFName.of('Prev'), node.kids[i - 1]!.ref);
      if (i + 1 < node.kids.length) kid.dict.set(PDFName.of('Next'), node.kids[i + 1]!.ref);
      count += 1 + link(kid);
    });
    if (node.kids.length > 0) {
      node.dict.set(PDFName.of('First'), node.kids[0]!.ref);
      node.dict.set(PDFName.of('Last'), node.kids.at(-1)!.ref);
      node.dict.set(PDFName.of('Count'), PDFNumber.of(count));
    }
    context.assign(node.ref, node.dict);
    return count;
  };
  link(root);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
}
