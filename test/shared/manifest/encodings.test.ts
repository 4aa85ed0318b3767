// The manifest checks `format.encoding` against a committed list instead of loading iconv-lite in every function;
// these tests keep that list and its lookup answering exactly as iconv-lite does.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { iconvEncodingNames, iconvEncodingsModule } from '../../../shared/manifest/encodings-source.js';
import { canonicalEncoding, isKnownEncoding } from '../../../shared/manifest/encodings.js';
import { ICONV_ENCODINGS } from '../../../shared/manifest/iconv-encodings.js';

describe('shared/manifest/iconv-encodings.ts', () => {
  it('is current with the installed iconv-lite (run `npm run schema` after upgrading it)', () => {
    const committed = readFileSync(new URL('../../../shared/manifest/iconv-encodings.ts', import.meta.url), 'utf8');
    expect(committed).toBe(iconvEncodingsModule());
    expect([...ICONV_ENCODINGS]).toEqual(iconvEncodingNames());
  });

  it('lists the usual encodings and nothing iconv-lite would refuse', () => {
    expect(ICONV_ENCODINGS).toEqual(expect.arrayContaining(['utf8', 'windows1252', 'latin1', 'shiftjis', 'utf16le']));
    for (const name of ICONV_ENCODINGS) expect(iconv.encodingExists(name), name).toBe(true);
  });
});

describe('isKnownEncoding', () => {
  // Spellings as partners and manifests write them: case, dashes, underscores, an ISO year suffix, unknown names.
  const names = [
    'UTF-8', 'utf8', 'Windows-1252', 'windows_1252', 'cp1252', 'ISO-8859-1', 'ISO_8859-1:1987', 'latin1', 'Shift_JIS',
    'x-mac-roman', 'macintosh', 'UTF-16LE', 'ucs2', 'GB18030', 'big5', 'EUC-JP', 'koi8-r', 'ascii', 'binary', 'base64',
    'klingon-8', 'utf-9', 'windows-9999', '', '-', '_internal', '_dbcs', 'utf8:2024', 'cp1252:199', 'toString', '__proto__',
  ];

  it.each(names)('answers like iconv.encodingExists for %j', (name) => {
    expect(isKnownEncoding(name)).toBe(iconv.encodingExists(name));
  });

  it('answers like iconv.encodingExists for every name iconv-lite lists, as written in upper case', () => {
    for (const name of ICONV_ENCODINGS) expect(isKnownEncoding(name.toUpperCase()), name).toBe(true);
    expect(isKnownEncoding('klingon-8')).toBe(false);
  });

  it('canonicalises names the way iconv-lite does', () => {
    const iconvCanonical = (iconv as unknown as { _canonicalizeEncoding(n: string): string })._canonicalizeEncoding;
    for (const name of names) expect(canonicalEncoding(name), name).toBe(iconvCanonical(name));
  });
});
