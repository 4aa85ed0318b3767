// The real container of a file, from its first bytes: partners rename files freely.

export type Container = 'gzip' | 'zip' | 'ole2' | 'text';

const startsWith = (head: Buffer, magic: readonly number[]): boolean =>
  head.length >= magic.length && magic.every((b, i) => head[i] === b);

const GZIP = [0x1f, 0x8b];
// Local file header, and the end-of-central-directory record an empty zip starts with.
const ZIP = [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06]] as const;
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function sniffContainer(head: Buffer): Container {
  if (startsWith(head, GZIP)) return 'gzip';
  if (ZIP.some((m) => startsWith(head, m))) return 'zip';
  if (startsWith(head, OLE2)) return 'ole2';
  return 'text';
}

/** The directory entry of an encrypted OOXML package, as stored in an OLE2 directory (UTF-16LE). */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * A password-protected XLSX/DOCX: Office wraps the encrypted package in an OLE2 container with `EncryptionInfo` and
 * `EncryptedPackage` streams (MS-OFFCRYPTO 2.3.4). The directory of a file Office writes sits in its first sectors,
 * so it is within the sniffed head.
 */
export function isEncryptedOffice(head: Buffer): boolean {
  return sniffContainer(head) === 'ole2' && head.includes(ENCRYPTED_PACKAGE);
}

/** Control bytes that real-world text does carry: tab, LF, VT, FF, CR, DOS EOF (^Z), ESC. */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b]);
/** Above this share of other control bytes, a sample is not text in any 8-bit encoding. */
const MAX_CONTROL_SHARE = 0.02;

/**
 * Why a sample of a single-byte or UTF-8 file looks binary, or undefined if it looks like text.
 * Only meaningful once UTF-16/32 has been ruled out, since those legitimately contain NUL bytes.
 */
export function binaryEvidence(head: Buffer): string | undefined {
  const nul = head.indexOf(0);
  if (nul !== -1) return `a NUL byte at offset ${nul}`;
  let controls = 0;
  for (const b of head) if ((b < 0x20 && !TEXT_CONTROLS.has(b)) || b === 0x7f) controls++;
  if (head.length > 0 && controls / head.length > MAX_CONTROL_SHARE) {
    return `${((controls / head.length) * 100).toFixed(1)}% control characters in the first ${head.length} bytes`;
  }
  return undefined;
}
