import { createHash } from 'node:crypto';
import type { Lang } from '../locale.js';
import type { BuiltBrief } from './built-brief.js';

/** One file of a built pack, as `dist/manifest.json` lists it. */
export interface ManifestFile {
  /** Relative to the output folder, with `/`: `iom/brief.pdf`. */
  path: string;
  bytes: number;
  sha256: string;
  /** The brief it belongs to (`iom`, for every edition); null for the pack's own files. */
  brief: string | null;
  /** Its language edition. */
  edition: Lang;
  /** The revision stamp it carries. */
  revision: string;
}

export interface Manifest {
  pack: { title: string; slug: string; version: string; revision: string };
  generator: string;
  files: ManifestFile[];
}

export function manifestFile(path: string, data: Uint8Array, sha256: string, info: Omit<ManifestFile, 'path' | 'bytes' | 'sha256'>): ManifestFile {
  return { path, bytes: data.byteLength, sha256, ...info };
}

/** The manifest as JSON, files by path: the same pack gives the same bytes whatever built it. */
export function serializeManifest(manifest: Manifest): string {
  const files = [...manifest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return `${JSON.stringify({ ...manifest, files }, null, 2)}\n`;
}

/** The pack's own stamp: a hash of its briefs' stamps in pack order, with the build date. */
export function packRevision(briefStamps: readonly string[], version: string, builtOn: string): string {
  const hash = createHash('sha256').update(briefStamps.join('\n')).digest('hex').slice(0, 8);
  return `p${hash} · v${version} · ${builtOn}`;
}

/** A shard's manifest: its briefs' files only, for `briefpack merge` to join. */
export function shardManifest(pack: { title: string; slug: string }, version: string, generator: string, briefs: readonly BuiltBrief[]): string {
  const files = briefs.flatMap((b) => b.outputs.map((o) => manifestFile(`${b.entry.slug}/${o.format.fileName}`, o.data, o.sha256, { brief: b.entry.base, edition: b.doc.meta.lang, revision: b.stamp })));
  return serializeManifest({ pack: { title: pack.title, slug: pack.slug, version, revision: '' }, generator, files });
}

/**
 * A manifest read back: JSON of the shape briefpack writes, every path a brief's output (`iom/brief.pdf`)
 * or a pack file, never leaving its folder. Throws an Error saying what is wrong.
 */
export function parseManifest(text: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(manifest?.files)) throw new Error('it lists no files');
  for (const file of manifest.files) {
    if (typeof file?.path !== 'string' || !/^([a-z0-9][a-z0-9.-]*\/)?[A-Za-z0-9][\w.-]*$/.test(file.path) || file.path.includes('..')) throw new Error(`it lists a file as "${String(file?.path)}", not an output's path`);
    if (typeof file.sha256 !== 'string') throw new Error(`it lists ${file.path} without its sha256`);
  }
  return manifest;
}
