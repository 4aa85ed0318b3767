import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startEmulator } from '../../../emulator/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPipeline, type TestPipeline } from '../../support/pipeline.js';
import { lambdaTestContext, notificationFor, sqsEvent } from '../../support/s3-notification.js';

// What operators see: structured logs naming feed, run, bucket, key and file id; EMF metrics with a feed dimension;
// and never the Flatfile key, whatever the log level.

const TOKEN = 'sk_test_flatfeed_ingress_telemetry_do_not_log';
let p: TestPipeline;
let emulator: Awaited<ReturnType<typeof startEmulator>>;
let captured = '';
const restore: (() => void)[] = [];

beforeAll(async () => {
  // A Flatfile whose key looks like a real one, so the output can be searched for it.
  emulator = await startEmulator({ token: TOKEN });
  p = await startTestPipeline([], { flatfile: { apiUrl: emulator.url, token: TOKEN, environmentId: emulator.environmentId } });
  // The handler reads these at import: logs at debug and metrics on.
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_METRICS_DISABLED: 'false' });
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      captured += text;
      // The handler's own JSON (logs, EMF) is read here, not printed: a passing run stays quiet.
      return text.startsWith('{') ? true : (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
});
afterAll(async () => {
  for (const r of restore) r();
  await p?.stop();
  await emulator?.stop();
});

async function ingest(key: string, body: string) {
  const inbox = p.local.names.buckets.inbox;
  await p.local.clients.s3.send(new PutObjectCommand({ Bucket: inbox, Key: key, Body: Buffer.from(body) }));
  const { handler } = await import('../../../functions/ingress/handler.js');
  const event = sqsEvent(key, await notificationFor(p.local.clients.s3, inbox, key), p.local.queueArns.ingress);
  return handler(event, lambdaTestContext('ingress'));
}

const jsonLines = () =>
  captured
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('ingress telemetry', () => {
  it('logs the upload with feed, run id, bucket, key and file id', async () => {
    expect(await ingest('acme/contacts/telemetry.csv', 'Email Address,First Name\nt@example.com,T\n')).toEqual({ batchItemFailures: [] });
    const line = jsonLines().find((l) => l.message === 'uploaded to Flatfile');
    expect(line).toMatchObject({
      level: 'INFO',
      service: 'ingress',
      feed: 'contacts',
      runId: expect.stringMatching(/^run_/),
      bucket: p.local.names.buckets.inbox,
      key: 'acme/contacts/telemetry.csv',
      fileId: expect.stringMatching(/^us_fl_/),
    });
  });

  it('emits FilesReceived, BytesIngested and IngressSeconds with a feed dimension', () => {
    const emf = jsonLines().filter((l) => '_aws' in l);
    const metric = (name: string) => emf.find((l) => name in l);
    for (const name of ['FilesReceived', 'BytesIngested', 'IngressSeconds']) {
      const blob = metric(name) as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] }; feed: string };
      expect(blob, name).toBeDefined();
      expect(blob.feed).toBe('contacts');
      expect(blob._aws.CloudWatchMetrics[0]!.Namespace).toBe('flatfeed');
      expect(blob._aws.CloudWatchMetrics[0]!.Dimensions[0]).toContain('feed');
    }
    expect(metric('BytesIngested')!.BytesIngested).toBe(Buffer.byteLength('Email Address,First Name\nt@example.com,T\n'));
  });

  it('emits FilesRejected for a bad file', async () => {
    await ingest('acme/contacts/telemetry-empty.csv', '');
    const rejected = jsonLines().find((l) => 'FilesRejected' in l);
    expect(rejected).toMatchObject({ feed: 'contacts', FilesRejected: 1 });
  });

  it('never writes the Flatfile key to the output, though it was used for every call above', () => {
    expect(process.env.FLATFILE_API_KEY).toBe(TOKEN);
    expect(captured.length).toBeGreaterThan(1000);
    expect(captured).not.toContain(TOKEN);
  });
});
