import { formatPromises, readFormat, type Format } from '../formats/format.js';
import type { BriefDocument } from '../model.js';
import type { OutputKind, OutputText } from '../read-back/output-text.js';
import { verifyOutput } from './verify.js';

/**
 * An output read back and held to what its format promises of its brief (`verifyOutput`): its
 * problems, and the stamp it carries. A long PDF is read at its first and last pages, and whole only
 * when those do not say all it promises; what is reported is always from all of it.
 */
export async function verifyFormat(
  format: Format,
  data: Uint8Array,
  doc: BriefDocument,
  revisionId: string,
  onThread?: (kind: OutputKind) => boolean,
): Promise<{ problems: string[]; revision: string | null }> {
  const promised = formatPromises(format, doc);
  // Awaited below; a failure before the read ends must not go unhandled meanwhile.
  promised.catch(() => {});
  const agrees = async (text: OutputText) => verifyOutput(doc, revisionId, text, await promised).length === 0;
  const text = await readFormat(format, data, onThread, agrees);
  return { problems: verifyOutput(doc, revisionId, text, await promised), revision: text.revision };
}
