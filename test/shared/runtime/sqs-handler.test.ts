import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqsFifoHandler, sqsHandler } from '../../../shared/runtime/sqs-handler.js';
import { createTelemetry } from '../../../shared/telemetry/index.js';

// The shape every SQS-triggered function shares: per-record failures, FIFO group order, and a metric per failed
// record (the <fn>-record-failures alarm), since Lambda's Errors never counts a batch item failure.

let captured = '';
const restore: (() => void)[] = [];
beforeAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const write = process.stdout.write.bind(process.stdout);
  // The EMF lines are kept here, not printed: a passing run shows no log lines.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.startsWith('{"_aws"')) {
      captured += text;
      return true;
    }
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  restore.push(() => (process.stdout.write = write));
});
afterAll(() => {
  for (const r of restore) r();
});

const record = (id: string, group?: string): SQSRecord =>
  ({
    messageId: id,
    receiptHandle: id,
    body: JSON.stringify({ id }),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0', ...(group ? { MessageGroupId: group } : {}) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
    awsRegion: 'us-east-1',
  }) as SQSRecord;
const context = { functionName: 'test', awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
const emfCount = (name: string) =>
  captured
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => name in l).length;

describe('sqsHandler', () => {
  it('reports only the failed record, and publishes one RecordFailures metric for it', async () => {
    const before = emfCount('RecordFailures');
    const handler = sqsHandler<{ id: string }>(createTelemetry('test-std'), async (r) => {
      if (r.body.id === 'bad') throw new Error('boom');
    });
    const res = await handler({ Records: [record('a'), record('bad'), record('c')] } as SQSEvent, context);
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(emfCount('RecordFailures') - before).toBe(1);
  });
});

describe('sqsFifoHandler', () => {
  it('after a failure, the later records of that group do not run (they come back in order); other groups do', async () => {
    const ran: string[] = [];
    const handler = sqsFifoHandler<{ id: string }>(createTelemetry('test-fifo'), async (r) => {
      ran.push(r.body.id);
      if (r.body.id === 'g1-2') throw new Error('boom');
    });
    const res = await handler(
      { Records: [record('g1-1', 'g1'), record('g2-1', 'g2'), record('g1-2', 'g1'), record('g1-3', 'g1'), record('g2-2', 'g2')] } as SQSEvent,
      context,
    );
    expect(ran).not.toContain('g1-3');
    expect(ran.filter((x) => x.startsWith('g1'))).toEqual(['g1-1', 'g1-2']);
    expect(ran.filter((x) => x.startsWith('g2'))).toEqual(['g2-1', 'g2-2']);
    expect((res as { batchItemFailures: { itemIdentifier: string }[] }).batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['g1-2', 'g1-3']);
  });
});
