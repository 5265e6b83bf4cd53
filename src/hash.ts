import { createHash } from 'node:crypto';

/** The SHA-256 of some bytes or text, in hex: what manifests list and checks compare. */
export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
