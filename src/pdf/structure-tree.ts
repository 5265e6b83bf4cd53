import type { PDFArray as PdfArray, PDFDict, PDFDocument, PDFName as PdfName, PDFObject, PDFRef } from 'pdf-lib';
import { loadPdfLib } from './pdf-lib.js';

type PdfLib = Awaited<ReturnType<typeof loadPdfLib>>;

/** One structure element: its dictionary and the reference its parent and the parent tree use. */
export interface StructElement {
  ref: PDFRef;
  dict: PDFDict;
}

/**
 * A tagged PDF's structure tree, to read and to regroup: its elements in document order, and moves of
 * kids between elements that keep the parent tree (which maps marked content and annotations back
 * to their elements) true.
 */
export interface StructureTree {
  root: PDFDict;
  /** Every element: depth first in document order, then those `wrap` made. */
  elements: StructElement[];
  type(element: StructElement): string;
  setType(element: StructElement, type: string): void;
  /** The element's kids: elements, marked-content ids (numbers), marked-content or object references (dictionaries). */
  kids(element: StructElement): PDFObject[];
  /** The element a kid refers to, when it is one. */
  element(kid: PDFObject): StructElement | undefined;
  /** Removes the element's attributes of one owner (`List` when a list becomes contents). */
  dropAttributes(element: StructElement, owner: string): void;
  /** A new element of `type` in `parent`, in place of `kids` (which move into it, in order). */
  wrap(parent: StructElement, kids: readonly PDFObject[], type: string): StructElement;
}

export async function structureTree(doc: PDFDocument): Promise<StructureTree | undefined> {
  const lib = await loadPdfLib();
  const { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFStream } = lib;
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'));
  if (!(root instanceof PDFDict)) return undefined;
  const K = PDFName.of('K');
  const P = PDFName.of('P');
  const S = PDFName.of('S');
  const Pg = PDFName.of('Pg');

  const asElement = (kid: PDFObject | undefined): StructElement | undefined => {
    if (!(kid instanceof PDFRef)) return undefined;
    const dict = doc.context.lookup(kid);
    return dict instanceof PDFDict && dict.get(S) instanceof PDFName ? { ref: kid, dict } : undefined;
  };
  const kidsOf = (dict: PDFDict): PDFObject[] => {
    const k = dict.get(K);
    const resolved = k instanceof PDFRef && !asElement(k) ? doc.context.lookup(k) : k;
    if (resolved === undefined) return [];
    return resolved instanceof PDFArray ? resolved.asArray() : [k!];
  };
  const elements: StructElement[] = [];
  const visit = (dict: PDFDict) => {
    for (const kid of kidsOf(dict)) {
      const element = asElement(kid);
      if (!element) continue;
      elements.push(element);
      visit(element.dict);
    }
  };
  visit(root);

  const parentTree = parentTreeSlots(lib, doc, root);
  /** Points what a moved kid is found by (its parent, or its slot in the parent tree) at `to`. */
  const repoint = (from: StructElement, kid: PDFObject, to: StructElement) => {
    const element = asElement(kid);
    if (element) return element.dict.set(P, to.ref);
    const kidDict = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
    if (kid instanceof PDFNumber || (kidDict instanceof PDFDict && kidDict.has(PDFName.of('MCID')))) {
      const mcid = kid instanceof PDFNumber ? kid.asNumber() : (kidDict as PDFDict).lookup(PDFName.of('MCID'), PDFNumber).asNumber();
      const pageRef = (kidDict instanceof PDFDict && kidDict.get(Pg)) || from.dict.get(Pg);
      // Marked content in a form is numbered in the form's own list (/Stm), not the page's.
      const holderRef = (kidDict instanceof PDFDict && kidDict.get(PDFName.of('Stm'))) || pageRef;
      const holder = holderRef ? doc.context.lookup(holderRef) : undefined;
      const holderDict = holder instanceof PDFStream ? holder.dict : holder instanceof PDFDict ? holder : undefined;
      const key = holderDict?.lookup(PDFName.of('StructParents'));
      const slot = key instanceof PDFNumber ? parentTree.get(key.asNumber()) : undefined;
      const list = slot ? doc.context.lookup(slot.container.get(slot.index)) : undefined;
      if (list instanceof PDFArray && mcid < list.size()) list.set(mcid, to.ref);
      // The element that takes a bare marked-content id must know its page.
      if (kid instanceof PDFNumber && pageRef && !to.dict.has(Pg)) to.dict.set(Pg, pageRef);
      return;
    }
    if (kidDict instanceof PDFDict && kidDict.has(PDFName.of('Obj'))) {
      const annotation = kidDict.lookup(PDFName.of('Obj'));
      const key = annotation instanceof PDFDict ? annotation.lookup(PDFName.of('StructParent')) : undefined;
      const slot = key instanceof PDFNumber ? parentTree.get(key.asNumber()) : undefined;
      if (slot) slot.container.set(slot.index, to.ref);
    }
  };

  return {
    root,
    elements,
    type: (element) => (element.dict.get(S) as PdfName).decodeText(),
    setType: (element, type) => element.dict.set(S, PDFName.of(type)),
    kids: (element) => kidsOf(element.dict),
    element: (kid) => asElement(kid),
    dropAttributes(element, owner) {
      const A = PDFName.of('A');
      const attributes = element.dict.lookup(A);
      const list = attributes instanceof PDFArray ? attributes.asArray() : attributes ? [element.dict.get(A)!] : [];
      const kept = list.filter((a) => {
        const dict = doc.context.lookup(a);
        return !(dict instanceof PDFDict && dict.get(PDFName.of('O')) === PDFName.of(owner));
      });
      if (kept.length === list.length) return;
      if (kept.length === 0) element.dict.delete(A);
      else element.dict.set(A, doc.context.obj(kept));
    },
    wrap(parent, moved, type) {
      const dict = doc.context.obj({ Type: 'StructElem', S: type, P: parent.ref });
      const wrapper = { ref: doc.context.register(dict), dict };
      dict.set(K, doc.context.obj(moved as PDFObject[]));
      for (const kid of moved) repoint(parent, kid, wrapper);
      const before = kidsOf(parent.dict);
      const first = before.indexOf(moved[0]!);
      const after = before.filter((kid) => !moved.includes(kid));
      after.splice(first, 0, wrapper.ref);
      parent.dict.set(K, doc.context.obj(after));
      elements.push(wrapper);
      return wrapper;
    },
  };
}

interface Slot {
  container: PdfArray;
  index: number;
}

/** The parent tree's values by key, as places to write: a number tree, flat or in /Kids. */
function parentTreeSlots(lib: PdfLib, doc: PDFDocument, root: PDFDict): Map<number, Slot> {
  const { PDFArray, PDFDict, PDFName, PDFNumber } = lib;
  const slots = new Map<number, Slot>();
  const visit = (node: unknown) => {
    if (!(node instanceof PDFDict)) return;
    const nums = node.lookup(PDFName.of('Nums'));
    if (nums instanceof PDFArray) {
      for (let i = 0; i + 1 < nums.size(); i += 2) {
        const key = nums.lookup(i);
        if (key instanceof PDFNumber) slots.set(key.asNumber(), { container: nums, index: i + 1 });
      }
    }
    const kids = node.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) visit(doc.context.lookup(kid));
  };
  visit(root.lookup(PDFName.of('ParentTree')));
  return slots;
}
