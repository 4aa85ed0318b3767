// Whether iconv-lite knows an encoding name, without loading iconv-lite: the manifest schema runs in every function,
// iconv-lite's codec tables (~0.5 MB minified) are needed only where files are transcoded (ingress).
import { ICONV_ENCODINGS } from './iconv-encodings.js';

const KNOWN = new Set(ICONV_ENCODINGS);

/** iconv-lite's own canonical form: lower case, no punctuation, no `:yyyy` suffix (its `_canonicalizeEncoding`). */
export function canonicalEncoding(name: string): string {
  return name.toLowerCase().replace(/:\d{4}$|[^0-9a-z]/g, '');
}

/** The same answer as `iconv.encodingExists(name)`. */
export function isKnownEncoding(name: string): boolean {
  return KNOWN.has(canonicalEncoding(name));
}
