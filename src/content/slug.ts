import { createHash } from 'node:crypto';
import path from 'node:path';
import { isKnownLang } from '../locale.js';

// Latin letters NFKD does not take apart: dotless ı (Turkish), and ligatures and stroked letters.
const spelledOut: Record<string, string> = { ı: 'i', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd' };

/**
 * A name as a folder name and URL part: Latin letters without their marks (`İç_Göç` -> `ic-goc`),
 * digits and dots (`iom.en`), any other run of characters a dash, lower case. A name with no Latin
 * letter or digit at all (Arabic, Chinese) becomes `brief-` and 8 hex digits of its hash: stable,
 * and safe in every file system, archive and URL.
 */
export function slugify(name: string): string {
  const latin = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ıßæœøđłþð]/g, (c) => spelledOut[c]!)
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/[-.]*\.[-.]*/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '');
  return /[a-z0-9]/.test(latin) ? latin : `brief-${createHash('sha256').update(name.normalize('NFC')).digest('hex').slice(0, 8)}`;
}

/** A brief's file name without `.md`, as written (`content/İç_Göç.md` -> `İç_Göç`). */
export const fileStem = (sourcePath: string): string => path.basename(sourcePath).replace(/\.md$/i, '');

/**
 * A brief's slug, and so its output folder: its file name made a slug (`content/iom.md` -> `iom`), a
 * language edition's suffix on its own (`تقرير.ar.md` -> `brief-….ar`, not `ar`).
 */
export function slugOf(sourcePath: string): string {
  const stem = fileStem(sourcePath);
  const match = /^(.+)\.([^.]+)$/.exec(stem);
  return match && isKnownLang(match[2]!) ? `${slugify(match[1]!)}.${slugify(match[2]!)}` : slugify(stem);
}
