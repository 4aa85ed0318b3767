import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RunCounts, RunState } from '../ledger/index.js';

/** What consumers of the outbound queue receive about every run, whatever its end. */
export interface RunNotice {
  type: 'flatfeed.run';
  feed: string;
  runId: string;
  sourceKey: string;
  status: RunState;
  reason?: string;
  counts: RunCounts;
  objects: string[];
  missingFields?: string[];
  /** Count equations that failed (status `mismatch`), e.g. "recordsCreated 20 ≠ valid 14 + invalid 5". */
  mismatches?: string[];
  /** Things a person should know even when the run succeeded, e.g. an invalid ratio above the feed's maximum. */
  notes?: string[];
  /** Why records were rejected: each reason (quoted values left out) with its count, most frequent first (top 10). */
  rejectReasons?: { reason: string; count: number }[];
  /** What the export itself read and wrote (its scope can be wider than the run: `full` mode, "Sync now"). */
  export?: { mode: 'incremental' | 'full'; valid: number; invalid: number; egressed: number; rejected: number; held: number };
  at: string;
}

export async function sendNotice(sqs: SQSClient, queueUrl: string, notice: Omit<RunNotice, 'type' | 'at'>): Promise<void> {
  const body: RunNotice = { type: 'flatfeed.run', ...notice, at: new Date().toISOString() };
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(body),
      MessageAttributes: {
        feed: { DataType: 'String', StringValue: notice.feed },
        status: { DataType: 'String', StringValue: notice.status },
      },
    }),
  );
}
