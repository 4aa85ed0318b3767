import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Ledger } from '../shared/ledger/index.js';
import type { Feed } from '../shared/manifest/index.js';

/**
 * Puts a local file into the inbox under the feed's prefix, streamed; lib-storage switches to multipart above one
 * part (8 MiB here), so big files never sit in memory and a single PUT's 5 GB limit does not apply. The run id is
 * the one ingress will give the object (the ledger derives it from bucket, key and ETag), so it can be followed.
 */
export async function dropFile(s3: S3Client, bucket: string, feed: Feed, file: string, name = basename(file)): Promise<{ key: string; size: number; runId: string }> {
  const { size } = await stat(file);
  const key = `${feed.source.inboxPrefix}${name}`;
  const done = await new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: createReadStream(file) }, partSize: 8 * 1024 * 1024 }).done();
  // S3 event notifications carry the ETag without the quotes the PUT response has.
  const etag = (done.ETag ?? '').replace(/^"|"$/g, '');
  return { key, size, runId: Ledger.runIdOf({ bucket, key, etag }) };
}
