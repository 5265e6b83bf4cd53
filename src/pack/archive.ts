import { ZipFile } from 'yazl';
import { zipTime } from '../zip-time.js';

export interface ArchiveFile {
  /** Inside the archive's folder. */
  path: string;
  data: Uint8Array;
}

export interface PackArchive {
  /** Adds files, in this order, after those added before. */
  add(files: readonly ArchiveFile[]): void;
  /** The zip's bytes, once every file added is compressed. */
  end(): Promise<Uint8Array>;
}

/**
 * The pack as one zip, every file under one folder. Each file starts compressing (Node's zlib, on its
 * thread pool) as soon as it is added, so a build compresses each brief's outputs while it renders the
 * next ones. Times are fixed to the build date and entries come in the order added (brief by brief),
 * so the same pack zips to the same bytes.
 */
export function startArchive(folder: string, date: Date): PackArchive {
  const zip = new ZipFile();
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  const mtime = zipTime(date);
  return {
    add(files) {
      for (const f of files) {
        // Already compressed formats gain nothing from deflate; level 6 is as small as 9 here, and far quicker.
        const stored = /\.(pdf|epub|zip|png|jpe?g|woff2)$/i.test(f.path);
        const data = Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength);
        zip.addBuffer(data, `${folder}/${f.path}`, { mtime, mode: 0o100644, compressionLevel: stored ? 0 : 6, forceDosTimestamp: true });
      }
    },
    end() {
      zip.end();
      return done;
    },
  };
}
