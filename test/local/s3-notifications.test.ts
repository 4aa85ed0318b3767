import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopyObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Event, SQSEvent } from 'aws-lambda';
import { loadManifest, type Manifest } from '../../shared/manifest/index.js';
import { buildTopology, type Topology } from '../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../local/aws.js';
import { startS3Notifications, type S3NotificationBridge } from '../../local/s3-notifications.js';
import { startSqsTrigger, type SqsTrigger } from '../../local/sqs-trigger.js';
import { createRecordingHandler, type ReceivedObject } from './recording-handler.js';
import { queueDepth, until } from './helpers.js';

type RawBody = Partial<S3Event> & { Event?: string; Bucket?: string };

describe('S3 → SQS notification bridge into the ingress trigger', () => {
  let manifest: Manifest;
  let topology: Topology;
  let local: LocalAws;
  let bridge: S3NotificationBridge;
  let trigger: SqsTrigger;
  const raw: RawBody[] = [];
  const received: ReceivedObject[] = [];
  const errors: unknown[] = [];
  let inbox: string;

  beforeAll(async () => {
    manifest = await loadManifest();
    topology = buildTopology(manifest);
    // Topology is data. The inbox's own notification takes every key (ingress routes); here per-feed prefixes and a
    // suffix-filtered configuration exercise the bridge's prefix and suffix matching.
    const inboxSpec = topology.buckets.find((b) => b.id === 'inbox')!;
    inboxSpec.notifications = manifest.feeds.map((f) => ({ queue: 'ingress' as const, events: 's3:ObjectCreated:*' as const, prefix: f.source.inboxPrefix }));
    inboxSpec.notifications.push({
      queue: 'ingress',
      events: 's3:ObjectCreated:*',
      prefix: 'suffixed/',
      suffix: '.csv',
    });
    local = await startLocalAws({ topology });
    inbox = local.names.buckets.inbox;
    bridge = await startS3Notifications({ local, topology, onError: (e) => errors.push(e) });
    const placeholder = createRecordingHandler(manifest, (r) => received.push(r));
    trigger = startSqsTrigger({
      local,
      topology,
      functionId: 'ingress',
      onError: (e) => errors.push(e),
      handler: async (event: SQSEvent, context) => {
        // Keep the bodies as they arrived, before the normalizer decodes them in place.
        raw.push(...event.Records.map((r) => JSON.parse(r.body) as RawBody));
        return placeholder(event, context);
      },
    });
  });

  afterAll(async () => {
    await trigger?.stop();
    await bridge?.stop();
    await local?.stop();
  });

  const recordFor = (key: string) => raw.flatMap((b) => b.Records ?? []).find((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')) === key);
  const settle = async () => {
    await bridge.idle();
    await until(async () => (await queueDepth(local.clients.sqs, local.queueUrls.ingress)) === 0);
  };

  it('sends one s3:TestEvent when set up, which the handler acknowledges', async () => {
    await settle();
    const tests = raw.filter((b) => b.Event === 's3:TestEvent');
    expect(tests).toHaveLength(1);
    expect(tests[0]).toMatchObject({ Service: 'Amazon S3', Bucket: inbox });
    expect(await queueDepth(local.clients.sqs, local.dlqUrls.ingress)).toBe(0);
    expect(errors).toEqual([]);
  });

  // The encoded forms are what real S3 puts in records: form-urlencoded, "/" kept, space as "+".
  const keys: [string, string][] = [
    ['acme/contacts/weekly export 2026-11-16.csv', 'acme/contacts/weekly+export+2026-11-16.csv'],
    ['acme/contacts/c++ & co+partners.csv', 'acme/contacts/c%2B%2B+%26+co%2Bpartners.csv'],
    ['acme/contacts/100% real (final).csv', 'acme/contacts/100%25+real+%28final%29.csv'],
    ['acme/contacts/Müller–Lüdenscheidt 東京.csv', 'acme/contacts/M%C3%BCller%E2%80%93L%C3%BCdenscheidt+%E6%9D%B1%E4%BA%AC.csv'],
  ];

  it.each(keys)('PutObject %j arrives encoded as S3 encodes it and decodes back to the original', async (key, encoded) => {
    const body = `email,first_name\nana@example.com,Ana\n${key}\n`;
    await local.clients.s3.send(new PutObjectCommand({ Bucket: inbox, Key: key, Body: body }));
    const got = await until(() => received.find((r) => r.key === key));
    expect(got).toMatchObject({
      feed: 'contacts',
      bucket: inbox,
      eventName: 'ObjectCreated:Put',
      size: Buffer.byteLength(body),
      eTag: createHash('md5').update(body).digest('hex'),
    });
    const record = recordFor(key)!;
    expect(record.s3.object.key).toBe(encoded);
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: local.region,
      eventName: 'ObjectCreated:Put',
      s3: { s3SchemaVersion: '1.0', bucket: { name: inbox, arn: `arn:aws:s3:::${inbox}` } },
    });
    expect(new Date(record.eventTime).toISOString()).toBe(record.eventTime);
    expect(record.s3.configurationId).toMatch(/^inbox-ingress-\d+$/);
  });

  it('a multipart upload arrives as ObjectCreated:CompleteMultipartUpload with its size and multipart eTag', async () => {
    const key = 'nordwind/orders/big export 2026-11-20.csv.gz';
    const body = Buffer.alloc(6 * 1024 * 1024 + 1234, 7);
    await new Upload({ client: local.clients.s3, params: { Bucket: inbox, Key: key, Body: body }, partSize: 5 * 1024 * 1024 }).done();
    const got = await until(() => received.find((r) => r.key === key));
    expect(got).toMatchObject({ feed: 'orders', eventName: 'ObjectCreated:CompleteMultipartUpload', size: body.length });
    expect(got.eTag).toMatch(/^[0-9a-f]{32}-2$/);
    expect(recordFor(key)!.s3.object.key).toBe('nordwind/orders/big+export+2026-11-20.csv.gz');
  });

  it('a copy into a feed prefix arrives as ObjectCreated:Copy', async () => {
    await local.clients.s3.send(new PutObjectCommand({ Bucket: inbox, Key: 'staging/orders.csv.gz', Body: 'abc' }));
    const key = 'nordwind/orders/copied.csv.gz';
    await local.clients.s3.send(new CopyObjectCommand({ Bucket: inbox, Key: key, CopySource: `${inbox}/staging/orders.csv.gz` }));
    const got = await until(() => received.find((r) => r.key === key));
    expect(got).toMatchObject({ feed: 'orders', eventName: 'ObjectCreated:Copy', size: 3, eTag: createHash('md5').update('abc').digest('hex') });
  });

  it('delivers only what a configuration’s prefix and suffix select', async () => {
    const outside = ['elsewhere/file.csv', 'acme/contactsfile.csv', 'suffixed/notes.txt', 'ACME/contacts/upper.csv'];
    for (const key of outside) await local.clients.s3.send(new PutObjectCommand({ Bucket: inbox, Key: key, Body: 'x' }));
    await local.clients.s3.send(new PutObjectCommand({ Bucket: local.names.buckets.outbox, Key: 'acme/contacts/out.csv', Body: 'x' }));
    await local.clients.s3.send(new PutObjectCommand({ Bucket: inbox, Key: 'suffixed/data.csv', Body: 'x' }));
    await settle();
    const keysSeen = received.map((r) => r.key);
    expect(keysSeen).toContain('suffixed/data.csv');
    expect(received.find((r) => r.key === 'suffixed/data.csv')?.feed).toBeUndefined();
    for (const key of [...outside, 'acme/contacts/out.csv', 'staging/orders.csv.gz']) {
      expect(received.filter((r) => r.key === key && r.bucket === inbox)).toEqual([]);
    }
    expect(received.filter((r) => r.bucket !== inbox)).toEqual([]);
  });

  it('numbers events with a growing sequencer and reports no errors', async () => {
    await settle();
    const sequencers = raw.flatMap((b) => b.Records ?? []).map((r) => r.s3.object.sequencer);
    expect(sequencers.length).toBeGreaterThan(5);
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(sequencers.length);
    expect(errors).toEqual([]);
  });
});
