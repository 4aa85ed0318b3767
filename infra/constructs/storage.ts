// Inbox / outbox / rejects buckets from the topology, plus the access-log bucket they log to.
import { Duration, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import type { BucketId, BucketSpec } from '../topology.js';
import { pascal } from './names.js';
import type { Queues } from './queues.js';

/** Access logs are for audits and incident forensics; a year covers both. */
const ACCESS_LOG_RETENTION_DAYS = 365;
/** Parts of an abandoned multipart upload are billed until aborted. */
const ABORT_MULTIPART_AFTER_DAYS = 1;

export class Storage extends Construct {
  readonly buckets = new Map<BucketId, Bucket>();

  constructor(scope: Construct, id: string, specs: readonly BucketSpec[], queues: Queues) {
    super(scope, id);
    // Log delivery through a bucket policy: ACLs are off (BUCKET_OWNER_ENFORCED). Set here, not only in cdk.json, so
    // the stack renders the same in any app (tests, the parity check).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED, // server access logging supports SSE-S3 targets only
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_RETENTION_DAYS) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });

    for (const spec of specs) {
      const bucket = new Bucket(this, pascal(spec.id), {
        encryption: BucketEncryption.S3_MANAGED,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned: spec.versioned,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: `${spec.id}/`,
        lifecycleRules: [
          { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(ABORT_MULTIPART_AFTER_DAYS) },
          ...spec.expiry.map((e) => ({
            id: e.prefix === '' ? 'expire-unrouted' : `expire-${e.prefix.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`,
            ...(e.prefix === '' ? {} : { prefix: e.prefix }),
            expiration: Duration.days(e.days),
            // On a versioned bucket expiry only adds a delete marker; the old version must expire too.
            ...(spec.versioned ? { noncurrentVersionExpiration: Duration.days(e.days) } : {}),
          })),
        ],
      });
      for (const n of spec.notifications) {
        const filters = [{ ...(n.prefix ? { prefix: n.prefix } : {}), ...(n.suffix ? { suffix: n.suffix } : {}) }].filter((f) => Object.keys(f).length > 0);
        bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queues.queue(n.queue)), ...filters);
      }
      this.buckets.set(spec.id, bucket);
    }
  }

  bucket(id: BucketId): Bucket {
    const b = this.buckets.get(id);
    if (!b) throw new Error(`topology names bucket "${id}" but the stack has none`);
    return b;
  }
}
