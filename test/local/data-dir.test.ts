import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Upload } from '@aws-sdk/lib-storage';
import { loadManifest } from '../../shared/manifest/index.js';
import { buildTopology, type Topology } from '../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../local/aws.js';

// `flatfeed dev --data-dir D` hands D to startLocalAws: these stop the local services and start them again on D.
describe('startLocalAws with a dataDir', () => {
  let topology: Topology;
  const dirs: string[] = [];
  const freshDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flatfeed-local-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(async () => {
    topology = buildTopology(await loadManifest());
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** Runs `before` on the services started on dir, stops them, starts them again on dir and runs `after`. */
  async function acrossRestart<T>(dir: string, before: (local: LocalAws) => Promise<T>, after: (local: LocalAws, kept: T) => Promise<void>) {
    const first = await startLocalAws({ topology, dataDir: dir });
    let kept: T;
    try {
      kept = await before(first);
    } finally {
      await first.stop();
    }
    const second = await startLocalAws({ topology, dataDir: dir });
    try {
      await after(second, kept);
    } finally {
      await second.stop();
    }
  }

  it('keeps the ledger', async () => {
    const item = { pk: { S: 'run#1' }, sk: { S: 'file#a.csv' }, state: { S: 'claimed' } };
    await acrossRestart(
      await freshDir(),
      async (local) => {
        await local.clients.dynamodb.send(new PutItemCommand({ TableName: local.names.tables.ledger, Item: item }));
      },
      async (local) => {
        const { Item } = await local.clients.dynamodb.send(
          new GetItemCommand({ TableName: local.names.tables.ledger, Key: { pk: item.pk, sk: item.sk } }),
        );
        expect(Item).toEqual(item);
      },
    );
  });

  it('keeps inbox and outbox objects, byte for byte, as plain files under the directory', async () => {
    const dir = await freshDir();
    const drop = { key: 'acme/contacts/Müller 100% a+b.csv', body: Buffer.from('email\nm@x.io\n', 'utf8') };
    // Above lib-storage's 5 MiB part size, so it arrives by multipart upload.
    const big = { key: 'acme/contacts/big.csv', body: Buffer.alloc(6 * 1024 * 1024 + 17, 'a') };
    const output = { key: 'contacts/2026/12/06/run_1.jsonl', body: Buffer.from('{"email":"m@x.io"}\n') };
    await acrossRestart(
      dir,
      async (local) => {
        const { inbox, outbox } = local.names.buckets;
        await local.clients.s3.send(new PutObjectCommand({ Bucket: inbox, Key: drop.key, Body: drop.body, Metadata: { partner: 'acme' } }));
        await new Upload({ client: local.clients.s3, params: { Bucket: inbox, Key: big.key, Body: big.body } }).done();
        await local.clients.s3.send(new PutObjectCommand({ Bucket: outbox, Key: output.key, Body: output.body }));
        const etag = async (Bucket: string, Key: string) => (await local.clients.s3.send(new GetObjectCommand({ Bucket, Key }))).ETag;
        return { drop: await etag(inbox, drop.key), big: await etag(inbox, big.key), output: await etag(outbox, output.key) };
      },
      async (local, etags) => {
        const { inbox, outbox } = local.names.buckets;
        const get = (Bucket: string, Key: string) => local.clients.s3.send(new GetObjectCommand({ Bucket, Key }));
        const got = await get(inbox, drop.key);
        expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(drop.body);
        expect(got.ETag).toBe(etags.drop);
        expect(got.Metadata).toEqual({ partner: 'acme' });
        const gotBig = await get(inbox, big.key);
        expect(Buffer.from(await gotBig.Body!.transformToByteArray()).equals(big.body)).toBe(true);
        expect(gotBig.ETag).toBe(etags.big);
        const gotOutput = await get(outbox, output.key);
        expect(Buffer.from(await gotOutput.Body!.transformToByteArray())).toEqual(output.body);
        expect(gotOutput.ETag).toBe(etags.output);
        const listed = await local.clients.s3.send(new ListObjectsV2Command({ Bucket: inbox }));
        expect(listed.Contents?.map((o) => o.Key).sort()).toEqual([big.key, drop.key].sort());
      },
    );
    // Objects are files a person can open.
    const file = join(dir, 's3', 'buckets', topology.buckets.find((b) => b.id === 'outbox')!.name, 'objects', ...output.key.split('/'));
    expect(readFileSync(`${file}.data`)).toEqual(output.body);
  });

  it('keeps undelivered queue messages, and the queues answer on the new port', async () => {
    const dir = await freshDir();
    await acrossRestart(
      dir,
      async (local) => {
        const bodies = ['{"n":1}', '{"n":2}'];
        for (const MessageBody of bodies) await local.clients.sqs.send(new SendMessageCommand({ QueueUrl: local.queueUrls.ingress, MessageBody }));
        const fifo = topology.queues.find((q) => q.fifo)!;
        await local.clients.sqs.send(
          new SendMessageCommand({ QueueUrl: local.queueUrls[fifo.id], MessageBody: '{"fifo":true}', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }),
        );
        return { bodies, fifo: fifo.id };
      },
      async (local, kept) => {
        // The queue URLs handed out are this run's, not the stored ones of the run that created the queues.
        expect(new URL(local.queueUrls.ingress).origin).toBe(new URL(local.endpoints.sqs).origin);
        const received: string[] = [];
        for (let i = 0; i < 10 && received.length < kept.bodies.length; i++) {
          const res = await local.clients.sqs.send(
            new ReceiveMessageCommand({ QueueUrl: local.queueUrls.ingress, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          );
          received.push(...(res.Messages ?? []).map((m) => m.Body!));
        }
        expect(received.sort()).toEqual(kept.bodies);
        const fifo = await local.clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: local.queueUrls[kept.fifo], MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        expect(fifo.Messages?.map((m) => m.Body)).toEqual(['{"fifo":true}']);
      },
    );
    expect(existsSync(join(dir, 'sqs', 'fauxqs.db'))).toBe(true);
  });
});
