import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Flatfile-style id: region prefix + kind + random alphanumerics (e.g. `us_sp_rwHEsNEE`). */
export function newId(kind: string, length = 8): string {
  const bytes = randomBytes(length);
  let out = `us_${kind}_`;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** The random part of an id; sheets lend theirs to record ids so a record id names its sheet. */
export function idTail(id: string): string {
  return id.slice(id.lastIndexOf('_') + 1);
}
