import { createHash } from 'node:crypto';

/** OpenSSH's fingerprint of a host key: "SHA256:" and the unpadded base64 of the key blob's SHA-256. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** Pinned and presented fingerprints match (the pin may carry base64 padding). */
export function sameFingerprint(pinned: string, presented: string): boolean {
  return pinned.replace(/=+$/, '') === presented;
}
