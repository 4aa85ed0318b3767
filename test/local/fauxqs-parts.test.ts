import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startFauxqs, type FauxqsServer } from '../../local/fauxqs.js';

// Multipart uploads through fauxqs as local/fauxqs.ts wires it: with a data directory each part is a file as it
// arrives (an upload survives a restart); without one the parts stay in memory only, which fauxqs holds them in anyway.
const dirs: string[] = [];
const servers: FauxqsServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const MiB = 1024 * 1024;
const parts = [Buffer.alloc(5 * MiB, 'a'), Buffer.from('last part, "quoted" and ü\n')];

/** Starts an upload, sends both parts, and lists the part files under `s3Dir` before completing it. */
async function upload(server: FauxqsServer, s3Dir: string) {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'parts-test' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'parts-test', Key: 'k' }));
    const sent = [];
    for (const [i, Body] of parts.entries()) {
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'parts-test', Key: 'k', UploadId, PartNumber: i + 1, Body }));
      sent.push({ ETag, PartNumber: i + 1 });
    }
    const partsDir = join(s3Dir, '_multipart', UploadId!, 'parts');
    const partFiles = existsSync(partsDir) ? readdirSync(partsDir).filter((f) => f.endsWith('.data')).sort() : [];
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'parts-test', Key: 'k', UploadId, MultipartUpload: { Parts: sent } }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'parts-test', Key: 'k' }));
    return { partFiles, body: Buffer.from(await got.Body!.transformToByteArray()), etag: got.ETag };
  } finally {
    s3.destroy();
  }
}

/** S3's ETag of a multipart object: the MD5 of the parts' MD5s, then the part count. */
const multipartEtag = (ps: Buffer[]) =>
  `"${createHash('md5').update(Buffer.concat(ps.map((p) => createHash('md5').update(p).digest()))).digest('hex')}-${ps.length}"`;

describe('multipart uploads in fauxqs', () => {
  it('without a data directory: whole and with S3 multipart ETag, no part written to a file', async () => {
    // The scratch directory is made under the OS temp dir: point that at a directory of this test's own.
    const tmp = await mkdtemp(join(tmpdir(), 'flatfeed-parts-'));
    dirs.push(tmp);
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    let server: FauxqsServer;
    try {
      server = await startFauxqs('us-east-1');
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    servers.push(server);
    const [scratch] = readdirSync(tmp);
    const result = await upload(server, join(tmp, scratch!));
    expect(result.partFiles).toEqual([]);
    expect(result.body.equals(Buffer.concat(parts))).toBe(true);
    expect(result.etag).toBe(multipartEtag(parts));
  });

  it('with a data directory: each part is a file as it arrives, so an upload survives a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'flatfeed-parts-data-'));
    dirs.push(dataDir);
    const server = await startFauxqs('us-east-1', { dataDir });
    servers.push(server);
    const result = await upload(server, join(dataDir, 's3'));
    expect(result.partFiles).toEqual(['1.data', '2.data']);
    expect(result.body.equals(Buffer.concat(parts))).toBe(true);
    expect(result.etag).toBe(multipartEtag(parts));
  });
});
