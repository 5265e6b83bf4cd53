import { Zip, type ZipInputFile } from 'fflate';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { zipTime } from '../zip-time.js';

/**
 * A package's parts by name, in the zip's order. Read and written with Node's zlib: fflate's inflate
 * and deflate in JavaScript cost a one-off build some hundreds of milliseconds to warm up, for a file
 * of 50 kB.
 */
export type Parts = Map<string, Uint8Array>;

/** The parts of a zip: from its central directory, each inflated (or stored) as its entry says. */
export function unzipParts(zip: Uint8Array): Parts {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.byteLength - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file: it has no end of central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const parts: Parts = new Map();
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('the zip\'s central directory is damaged');
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = zip.subarray(start, start + size);
    if (method !== 0 && method !== 8) throw new Error(`the zip's ${name} is compressed with method ${method}`);
    if (!name.endsWith('/')) parts.set(name, method === 8 ? new Uint8Array(inflateRawSync(data)) : data);
    at += 46 + nameLength + skip;
  }
  return parts;
}

/** A zip of the parts in their order, every entry dated `date` (the build's: the same parts zip to the same bytes). */
export function zipParts(parts: Parts, date: Date, stored: (name: string) => boolean): Uint8Array {
  const mtime = zipTime(date);
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [filename, data] of parts) {
    const keep = stored(filename);
    const file: ZipInputFile = { filename, size: data.byteLength, crc: crc32(data), compression: keep ? 0 : 8, mtime };
    zip.add(file);
    file.ondata!(null, keep ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(deflateRawSync(data, { level: 6 })), true);
  }
  zip.end();
  return Buffer.concat(chunks);
}
