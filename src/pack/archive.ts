import { Zip, type ZipInputFile } from 'fflate';
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';
import { zipTime } from '../zip-time.js';

const deflate = promisify(deflateRaw);

export interface ArchiveFile {
  /** Inside the archive's folder. */
  path: string;
  data: Uint8Array;
  /** Already compressed (a PDF, an EPUB): stored as it is, since deflate gains nothing. */
  compressed: boolean;
}

export interface PackArchive {
  /** Adds files, in this order, after those added before. */
  add(files: readonly ArchiveFile[]): void;
  /** The zip's bytes, once every file added is compressed. */
  end(): Promise<Uint8Array>;
}

interface Entry {
  filename: string;
  size: number;
  crc: number;
  compression: 0 | 8;
  data: Uint8Array<ArrayBuffer>;
}

/**
 * Compresses one file with Node's zlib, on its thread pool, in large chunks (each chunk costs the
 * main thread a callback), its CRC by zlib too: a pack is megabytes of HTML.
 */
async function entry(filename: string, data: Uint8Array, stored: boolean): Promise<Entry> {
  const crc = crc32(data);
  if (stored) return { filename, size: data.byteLength, crc, compression: 0, data: data as Uint8Array<ArrayBuffer> };
  // Level 6 is as small as 9 here, and far quicker.
  return { filename, size: data.byteLength, crc, compression: 8, data: await deflate(data, { level: 6, chunkSize: 1 << 20 }) };
}

/**
 * The pack as one zip, every file under one folder. Each file starts compressing as soon as it is
 * added, so a build compresses each brief's outputs while it renders the next ones; fflate writes the
 * zip around the compressed data. Times are fixed to the build date and entries come in the order
 * added (brief by brief), so the same pack zips to the same bytes.
 */
export function startArchive(folder: string, date: Date): PackArchive {
  const entries: Array<Promise<Entry>> = [];
  const mtime = zipTime(date);
  return {
    add(files) {
      for (const f of files) entries.push(entry(`${folder}/${f.path}`, f.data, f.compressed));
    },
    async end() {
      const ready = await Promise.all(entries);
      const chunks: Uint8Array[] = [];
      const zip = new Zip((error, chunk) => {
        if (error) throw error;
        chunks.push(chunk);
      });
      for (const e of ready) {
        const file: ZipInputFile = { filename: e.filename, size: e.size, crc: e.crc, compression: e.compression, mtime };
        zip.add(file);
        file.ondata!(null, e.data, true);
      }
      zip.end();
      return Buffer.concat(chunks);
    },
  };
}
