import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectSink, MIN_PART_BYTES } from '../../../shared/egress/sink.js';
import { startFauxqs, type FauxqsServer } from '../../../local/fauxqs.js';

// ObjectSink against fauxqs (local S3): what arrives is exactly what was written, as one PUT or as parts.

const region = 'us-east-1';
let s3: FauxqsServer;
let client: S3Client;

beforeAll(async () => {
  s3 = await startFauxqs(region);
  client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await client.send(new CreateBucketCommand({ Bucket: 'sink' }));
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

const sink = (key: string) => new ObjectSink({ s3: client, bucket: 'sink', key, contentType: 'text/plain; charset=utf-8', metadata: { layout: 'own' } });
const read = async (key: string) => Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: 'sink', Key: key }))).Body!.transformToByteArray());
/** Deterministic bytes, different at every offset of a part, so a part out of place or a byte dropped shows. */
const chunk = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff));

describe('ObjectSink', () => {
  it('uploads parts of S3 minimum size as they fill, in order, whatever the writes; the buffers it holds stay bounded', async () => {
    const o = sink('big.txt');
    const written: Buffer[] = [];
    // 17 writes of 777,777 bytes: 12.6 MiB, parts ending mid-write; the same buffer is reused after each write.
    const reused = Buffer.alloc(777_777);
    for (let k = 0; k < 17; k++) {
      chunk(reused.length, k).copy(reused);
      written.push(Buffer.from(reused));
      await o.write(reused);
    }
    await o.write('and the end\n');
    written.push(Buffer.from('and the end\n'));
    await o.end();
    const expected = Buffer.concat(written);
    expect(expected.length).toBeGreaterThan(2 * MIN_PART_BYTES);
    expect((await read('big.txt')).equals(expected)).toBe(true);
    const head = await client.send(new HeadObjectCommand({ Bucket: 'sink', Key: 'big.txt' }));
    expect(head.ContentType).toBe('text/plain; charset=utf-8');
    expect(head.Metadata).toEqual({ layout: 'own' });
    expect((o as unknown as { partNumber: number }).partNumber).toBe(3);
    // At most the parts in flight and the one filling: never a buffer per part.
    expect((o as unknown as { allocated: number }).allocated).toBeLessThanOrEqual(3);
  });

  it('lands writes whole and in call order when one starts before the last settled', async () => {
    const o = sink('interleaved.txt');
    // Each write spans a part boundary, so each waits for a buffer part-way through.
    const writes = [chunk(MIN_PART_BYTES - 100, 1), chunk(3 * MIN_PART_BYTES + 7, 2), chunk(MIN_PART_BYTES + 50, 3), chunk(MIN_PART_BYTES, 4)];
    await Promise.all(writes.map((w) => o.write(w)));
    await o.end();
    expect((await read('interleaved.txt')).equals(Buffer.concat(writes))).toBe(true);
    expect((o as unknown as { allocated: number }).allocated).toBeLessThanOrEqual(3);
  });

  it('writes an object smaller than a part, or an empty one, with a single PUT', async () => {
    const small = sink('small.txt');
    await small.write('a,b\n');
    await small.write(Buffer.from('1,2\n'));
    await small.end();
    expect((await read('small.txt')).toString()).toBe('a,b\n1,2\n');
    expect((await client.send(new HeadObjectCommand({ Bucket: 'sink', Key: 'small.txt' }))).Metadata).toEqual({ layout: 'own' });
    const empty = sink('empty.txt');
    await empty.end();
    expect((await read('empty.txt')).length).toBe(0);
  });

  it('leaves no object when aborted after parts were uploaded, and refuses writes after', async () => {
    const o = sink('aborted.txt');
    await o.write(chunk(MIN_PART_BYTES + 10, 1));
    await o.write(chunk(MIN_PART_BYTES, 2));
    await o.abort();
    await expect(o.write('more')).rejects.toThrow('upload of aborted.txt aborted');
    await expect(o.end()).rejects.toThrow();
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'sink' }));
    expect((listed.Contents ?? []).map((c) => c.Key)).not.toContain('aborted.txt');
  });
});
