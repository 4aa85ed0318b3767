// One ingress invocation for bench/ingress.bench.ts, in a process of its own so that its peak RSS is measured alone.
import { handler } from '../functions/ingress/handler.js';
import { Ledger } from '../shared/ledger/index.js';

const [bucket, key, etag, size] = process.argv.slice(2) as [string, string, string, string];
const body = {
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:CompleteMultipartUpload',
      s3: {
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: { key: encodeURIComponent(key).replaceAll('%2F', '/').replaceAll('%20', '+'), size: Number(size), eTag: etag.replaceAll('"', '') },
      },
    },
  ],
};
const event = {
  Records: [
    {
      messageId: 'bench',
      receiptHandle: 'bench',
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'bench', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:flatfeed-ingress',
      awsRegion: 'us-east-1',
    },
  ],
};
const context = { awsRequestId: 'bench', functionName: 'ingress', getRemainingTimeInMillis: () => 900_000 };

const started = process.hrtime.bigint();
const response = await handler(event as never, context as never);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (response.batchItemFailures.length > 0) throw new Error('ingress failed the record');
const { createDocumentClient } = await import('../shared/aws/clients.js');
const run = await new Ledger(createDocumentClient(), process.env.LEDGER_TABLE!).getRun(
  Ledger.runIdOf({ bucket, key, etag: etag.replaceAll('"', '') }),
);
console.log(
  JSON.stringify({
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    outcome: { state: run?.state, bytesIn: run?.bytesIn, bytesOut: run?.bytesOut, rows: run?.counts.rowsRead },
  }),
);
