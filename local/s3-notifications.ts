import { randomBytes } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { S3EventRecord } from 'aws-lambda';
import type { BucketSpec, NotificationSpec, Topology } from '../infra/topology.js';
import type { LocalAws } from './aws.js';
import type { ObjectWrite } from './fauxqs.js';
import { encodeS3EventKey } from '../shared/aws/s3-event-key.js';

export interface S3NotificationBridge {
  /** Resolves once every write observed so far has been delivered (or failed). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface S3NotificationOptions {
  local: Pick<LocalAws, 'region' | 'clients' | 'queueUrls' | 'onObjectWrite'>;
  topology: Topology;
  onError?: (err: unknown, write: ObjectWrite) => void;
}

/**
 * Plays S3 event notifications for the topology's buckets: every committed object write that passes a
 * configuration's prefix/suffix filter becomes `{ Records: [record] }` on the configuration's queue, shaped as real S3
 * sends it. Like S3 when a notification configuration is created, it first sends one s3:TestEvent per destination.
 */
export async function startS3Notifications({ local, topology, onError }: S3NotificationOptions): Promise<S3NotificationBridge> {
  const { s3, sqs } = local.clients;
  const configured = topology.buckets.filter((b) => b.notifications.length > 0);
  for (const bucket of configured) {
    for (const queue of new Set(bucket.notifications.map((n) => n.queue))) {
      await sqs.send(new SendMessageCommand({ QueueUrl: local.queueUrls[queue], MessageBody: JSON.stringify(testEvent(bucket.name)) }));
    }
  }

  const nextSequencer = sequencer();
  let chain: Promise<void> = Promise.resolve();
  const deliver = async (write: ObjectWrite, seq: string, targets: { spec: NotificationSpec; id: string }[]) => {
    // The size and eTag of what was just committed; fauxqs's response to the writer does not carry both.
    const head = await s3.send(new HeadObjectCommand({ Bucket: write.bucket, Key: write.key }));
    for (const { spec, id } of targets) {
      const record = s3Record(write, local.region, id, seq, head.ContentLength ?? 0, (head.ETag ?? '').replace(/"/g, ''));
      await sqs.send(new SendMessageCommand({ QueueUrl: local.queueUrls[spec.queue], MessageBody: JSON.stringify({ Records: [record] }) }));
    }
  };

  const unsubscribe = local.onObjectWrite((write) => {
    const bucket = configured.find((b) => b.name === write.bucket);
    const targets = bucket ? matching(bucket, write.key) : [];
    if (targets.length === 0) return;
    const seq = nextSequencer(); // taken now, in commit order, like S3's per-key ordering hint
    chain = chain.then(() =>
      deliver(write, seq, targets).catch((err: unknown) =>
        (onError ?? ((e) => console.error(`s3 notification for s3://${write.bucket}/${write.key} failed:`, e)))(err, write),
      ),
    );
  });

  return {
    idle: () => chain,
    async stop() {
      unsubscribe();
      await chain;
    },
  };
}

/** S3 filters on the raw (unencoded) key; each matching configuration delivers its own message. */
function matching(bucket: BucketSpec, key: string): { spec: NotificationSpec; id: string }[] {
  return bucket.notifications
    .map((spec, i) => ({ spec, id: `${bucket.id}-${spec.queue}-${i}` }))
    .filter(({ spec }) => key.startsWith(spec.prefix) && (spec.suffix === undefined || key.endsWith(spec.suffix)));
}

function s3Record(w: ObjectWrite, region: string, configurationId: string, seq: string, size: number, eTag: string): S3EventRecord {
  const principalId = 'AWS:FLATFEEDLOCAL';
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: w.time.toISOString(),
    eventName: `ObjectCreated:${w.operation}`,
    userIdentity: { principalId },
    requestParameters: { sourceIPAddress: w.sourceIp },
    responseElements: { 'x-amz-request-id': w.requestId, 'x-amz-id-2': randomBytes(24).toString('base64') },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: { name: w.bucket, ownerIdentity: { principalId }, arn: `arn:aws:s3:::${w.bucket}` },
      // No versionId: fauxqs 1.9.2 has no bucket versioning.
      object: { key: encodeS3EventKey(w.key), size, eTag, sequencer: seq },
    },
  };
}

function testEvent(bucket: string) {
  return {
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: new Date().toISOString(),
    Bucket: bucket,
    RequestId: randomBytes(8).toString('hex').toUpperCase(),
    HostId: randomBytes(48).toString('base64'),
  };
}

/** Fixed-width hex that only grows, so comparing two sequencers as strings orders them. */
function sequencer(): () => string {
  let last = 0n;
  return () => {
    const now = BigInt(Date.now()) << 16n;
    last = now > last ? now : last + 1n;
    return last.toString(16).toUpperCase().padStart(16, '0');
  };
}
