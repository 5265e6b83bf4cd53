import type { PDFDict as Dict, PDFDocument } from 'pdf-lib';
import { loadPdfLib } from './pdf-lib.js';

/**
 * Chromium names tagged table cells after its internal DOM node numbers (`node00000026`), which
 * depend on what else the browser rendered before: the same brief printed alone or beside others
 * would differ. Renumbers them in their own order, in the elements, their /Headers references and the
 * structure tree's ID tree, so a PDF's bytes depend on its content only.
 */
export async function stabilizeStructureIds(doc: PDFDocument): Promise<void> {
  const { PDFArray, PDFDict, PDFHexString, PDFName, PDFString } = await loadPdfLib();
  const text = (o: unknown) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);
  const dicts = doc.context.enumerateIndirectObjects().map(([, o]) => o).filter((o): o is Dict => o instanceof PDFDict);
  const ids = [...new Set(dicts.map((d) => text(d.get(PDFName.of('ID')))).filter((id): id is string => id !== undefined))];
  if (ids.length === 0) return;
  // Chromium's numbers grow in document order: sorted, they keep it.
  const renamed = new Map(ids.sort().map((id, i) => [id, `node${String(i + 1).padStart(8, '0')}`]));
  const rename = (o: unknown) => {
    const id = text(o);
    return id !== undefined && renamed.has(id) ? PDFString.of(renamed.get(id)!) : undefined;
  };
  const renameIn = (array: unknown) => {
    if (!(array instanceof PDFArray)) return;
    for (let i = 0; i < array.size(); i++) {
      const next = rename(array.get(i));
      if (next) array.set(i, next);
    }
  };
  const attributes = (a: unknown): unknown[] => (a instanceof PDFArray ? a.asArray().map((x) => doc.context.lookup(x)) : [doc.context.lookup(a as never)]);
  for (const dict of dicts) {
    const id = rename(dict.get(PDFName.of('ID')));
    if (id) dict.set(PDFName.of('ID'), id);
    for (const attr of attributes(dict.get(PDFName.of('A')))) if (attr instanceof PDFDict) renameIn(doc.context.lookup(attr.get(PDFName.of('Headers'))));
    // Name-tree nodes: keys in /Names, range in /Limits.
    if (dict.has(PDFName.of('Limits')) || dict.has(PDFName.of('Names'))) {
      renameIn(dict.lookup(PDFName.of('Names')));
      renameIn(dict.lookup(PDFName.of('Limits')));
    }
  }
}
