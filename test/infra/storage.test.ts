import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { nagRef } from '../../infra/constructs/names.js';
import { synthStack, type Fixture } from './fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await synthStack();
});

const bucketProps = (id: 'inbox' | 'outbox' | 'rejects') =>
  f.template.toJSON().Resources[nagRef(f.stack.storage.bucket(id))].Properties as Record<string, unknown>;

describe('buckets', () => {
  it('renders the three topology buckets plus the access-log bucket', () => {
    f.template.resourceCountIs('AWS::S3::Bucket', f.topology.buckets.length + 1);
  });

  it.each(['inbox', 'outbox', 'rejects'] as const)('%s: SSE, public access blocked, logged, multipart aborted', (id) => {
    const props = bucketProps(id);
    expect(props.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props.LoggingConfiguration).toMatchObject({ LogFilePrefix: `${id}/` });
    expect(JSON.stringify(props.LifecycleConfiguration)).toContain('"AbortIncompleteMultipartUpload":{"DaysAfterInitiation":1}');
  });

  it.each(['inbox', 'outbox', 'rejects'] as const)('%s: the bucket policy denies plain HTTP', (id) => {
    f.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: nagRef(f.stack.storage.bucket(id)) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('versions the inbox only', () => {
    expect(bucketProps('inbox').VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucketProps('outbox').VersioningConfiguration).toBeUndefined();
    expect(bucketProps('rejects').VersioningConfiguration).toBeUndefined();
  });

  it('expires inbox objects (and their old versions) per feed, as the manifest says', () => {
    const rules = (bucketProps('inbox').LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    for (const feed of f.manifest.feeds) {
      expect(rules).toContainEqual(
        expect.objectContaining({
          Prefix: feed.source.inboxPrefix,
          ExpirationInDays: feed.source.retainDays,
          NoncurrentVersionExpiration: { NoncurrentDays: feed.source.retainDays },
          Status: 'Enabled',
        }),
      );
    }
    expect(rules.filter((r) => 'ExpirationInDays' in r)).toHaveLength(f.manifest.feeds.length + 1);
  });

  it('expires objects no feed claims (unrouted) after the longest feed retention, so no feed is cut short', () => {
    const rules = (bucketProps('inbox').LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    const longest = Math.max(30, ...f.manifest.feeds.map((feed) => feed.source.retainDays));
    const whole = rules.filter((r) => 'ExpirationInDays' in r && !('Prefix' in r) && !('Filter' in r));
    expect(whole).toEqual([
      expect.objectContaining({ Id: 'expire-unrouted', ExpirationInDays: longest, NoncurrentVersionExpiration: { NoncurrentDays: longest }, Status: 'Enabled' }),
    ]);
    for (const feed of f.manifest.feeds) expect(longest).toBeGreaterThanOrEqual(feed.source.retainDays);
  });
});

describe('inbox notifications', () => {
  it('sends every ObjectCreated of the inbox to the ingress queue, unfiltered, so no key goes unseen', () => {
    const [custom] = Object.values(f.template.findResources('Custom::S3BucketNotifications'));
    expect(custom?.Properties.BucketName).toEqual({ Ref: nagRef(f.stack.storage.bucket('inbox')) });
    const configs = custom?.Properties.NotificationConfiguration.QueueConfigurations as Record<string, unknown>[];
    const ingressArn = { 'Fn::GetAtt': [nagRef(f.stack.queues.queue('ingress')), 'Arn'] };
    expect(configs).toEqual([{ Events: ['s3:ObjectCreated:*'], QueueArn: ingressArn }]);
  });

  it('lets only S3, from the inbox bucket, send to the ingress queue', () => {
    f.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: nagRef(f.stack.queues.queue('ingress')) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [nagRef(f.stack.storage.bucket('inbox')), 'Arn'] } } },
          }),
        ]),
      },
    });
  });
});
