// Object keys in S3 event records are form-urlencoded (S3's docs: "red flower.jpg" becomes "red+flower.jpg";
// application/x-www-form-urlencoded), with "/" left as is.

/** A key as real S3 writes it into a notification record. */
export function encodeS3EventKey(key: string): string {
  return new URLSearchParams([['k', key]]).toString().slice('k='.length).replace(/%2F/g, '/');
}

/** The inverse, as @middy/event-normalizer does it: "+" is a space, then percent-decoding. */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}
