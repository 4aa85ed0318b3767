// SQS queues from the topology, each with its DLQ. SQS-managed SSE: S3 notifications and Lambda need no key grants.
import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueId, QueueSpec } from '../topology.js';
import { pascal } from './names.js';

export interface QueuePair {
  spec: QueueSpec;
  queue: Queue;
  dlq: Queue;
}

export class Queues extends Construct {
  readonly pairs = new Map<QueueId, QueuePair>();

  constructor(scope: Construct, id: string, specs: readonly QueueSpec[]) {
    super(scope, id);
    for (const spec of specs) {
      const common = {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // FIFO senders set MessageDeduplicationId (the Flatfile event id); hashing bodies would merge distinct events.
        ...(spec.fifo ? { fifo: true, contentBasedDeduplication: false } : {}),
      };
      const dlq = new Queue(this, `${pascal(spec.id)}Dlq`, {
        ...common,
        retentionPeriod: Duration.days(spec.dlq.retentionDays),
      });
      const queue = new Queue(this, pascal(spec.id), {
        ...common,
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(spec.retentionDays),
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.dlq.maxReceiveCount },
      });
      this.pairs.set(spec.id, { spec, queue, dlq });
    }
  }

  pair(id: QueueId): QueuePair {
    const p = this.pairs.get(id);
    if (!p) throw new Error(`topology names queue "${id}" but the stack has none`);
    return p;
  }

  queue(id: QueueId): Queue {
    return this.pair(id).queue;
  }
}
