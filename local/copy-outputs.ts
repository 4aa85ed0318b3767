import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Splits `s3://bucket/key` (the ledger's output form). */
export function parseS3Url(url: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!m) throw new Error(`not an s3:// object URL: ${url}`);
  return { bucket: m[1]!, key: m[2]! };
}

/**
 * Copies objects to `<dir>/<bucket>/<key>`, streamed; returns the local paths in the same order. A key that would
 * climb out of its bucket's folder (`..`) is refused rather than written elsewhere.
 */
export async function copyOutputs(s3: S3Client, urls: readonly string[], dir: string): Promise<string[]> {
  const paths: string[] = [];
  for (const url of urls) {
    const { bucket, key } = parseS3Url(url);
    const root = resolve(dir, bucket);
    const path = resolve(root, key);
    if (relative(root, path).startsWith('..')) throw new Error(`refusing to copy ${url} outside ${root}`);
    await mkdir(dirname(path), { recursive: true });
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    await pipeline(object.Body as Readable, createWriteStream(path));
    paths.push(join(dir, bucket, key));
  }
  return paths;
}
