import type { Context, LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../shared/ledger/index.js';
import { signWrite } from '../../shared/write/signing.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';

// Records pushed to the contacts feed over HTTP (the record-write function's handler, given a Function URL event)
// run through the whole pipeline as a dropped file would: ingress, mapping, validation, rejects, egress.

const SECRET = 'write-secret-for-tests';
const PATH = '/feeds/contacts/records';
const RECORDS = [
  { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', phone: '+44 20 7946 0000', company: 'Engines Ltd', country: 'GB', status: 'active', signup_date: '2026-01-05' },
  { email: 'alan@example.com', first_name: 'Alan', last_name: 'Turing', phone: '+44 161 496 0001', company: 'Bletchley', country: 'GB', status: 'lead', signup_date: '2026-02-06' },
  { email: 'not-an-email', first_name: 'Grace', last_name: 'Hopper', phone: '+1 212 555 0100', company: 'Navy', country: 'US', status: 'active', signup_date: '2026-03-07' },
];
const BODY = `${RECORDS.map((r) => JSON.stringify(r)).join('\n')}\n`;

type Handler = (event: LambdaFunctionURLEvent, context: Context) => Promise<Exclude<LambdaFunctionURLResult, string>>;
let p: TestPipeline;
let handler: Handler;

beforeAll(async () => {
  process.env.WRITE_SECRET = SECRET;
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress']);
  ({ handler } = (await import('../../functions/record-write/handler.js')) as unknown as { handler: Handler });
}, 120_000);
afterAll(async () => {
  delete process.env.WRITE_SECRET;
  await p?.stop();
});

const context = { functionName: 'record-write', awsRequestId: 'req', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const write = (body: string, idempotencyKey: string, headers: Record<string, string> = signWrite(SECRET, 'POST', PATH, idempotencyKey, body)) =>
  handler(
    {
      version: '2.0',
      rawPath: PATH,
      rawQueryString: '',
      headers: { 'content-type': 'application/x-ndjson', ...headers },
      body,
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST' } },
    } as unknown as LambdaFunctionURLEvent,
    context,
  );

describe('record write → run', () => {
  it('a signed JSONL write becomes one run that ends done with reconciled counts; a repeat makes no second run', async () => {
    const res = await write(BODY, 'crm-change-000001');
    expect(res.statusCode).toBe(202);
    const { key, runId } = JSON.parse(String(res.body)) as { key: string; runId: string };
    expect(key).toMatch(/^acme\/contacts\/records\/[0-9a-f]{32}\.jsonl$/);

    const run = await p.runOf(key, ['done', 'mismatch', 'needs-review', 'rejected']);
    expect(run.runId).toBe(runId);
    expect(run.state).toBe('done');
    expect(run.counts).toMatchObject({ rowsRead: 3, recordsCreated: 3, valid: 2, invalid: 1, egressed: 2, rejected: 1 });

    const again = await write(BODY, 'crm-change-000001');
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(String(again.body))).toMatchObject({ status: 'duplicate', key, runId });
    await p.notificationsIdle();
    const runs = (await p.ledger.listRuns('contacts')).filter((r) => r.key === key);
    expect(runs.map((r) => r.runId)).toEqual([runId]);
    expect(Ledger.runIdOf({ bucket: run.bucket, key, etag: run.etag })).toBe(runId);
  });

  it('refuses a forged signature, a reused idempotency key with another body, a body over the limit, and records that are not objects', async () => {
    expect((await write(BODY, 'crm-change-000002', signWrite('wrong-secret', 'POST', PATH, 'crm-change-000002', BODY))).statusCode).toBe(401);
    // Signed for another idempotency key: the signature covers it.
    expect((await write(BODY, 'crm-change-000003', { ...signWrite(SECRET, 'POST', PATH, 'crm-change-000009', BODY), 'idempotency-key': 'crm-change-000003' })).statusCode).toBe(401);
    const other = `${JSON.stringify(RECORDS[0])}\n`;
    const reused = await write(other, 'crm-change-000001');
    expect(reused.statusCode).toBe(409);
    const big = `${JSON.stringify({ email: 'x'.repeat(1024 * 1024) })}\n`;
    expect((await write(big, 'crm-change-000004')).statusCode).toBe(413);
    const notObjects = await write('[1,2]\n"x"\n', 'crm-change-000005');
    expect(notObjects.statusCode).toBe(400);
    expect(JSON.parse(String(notObjects.body))).toMatchObject({ error: 'malformed-records', message: 'line 1 is not a JSON object' });
  });
});
