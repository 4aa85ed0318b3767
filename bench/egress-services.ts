// One service the egress benchmark reads from or writes to, in its own process: the Flatfile emulator
// (BENCH_SERVICE=flatfile) or fauxqs as local S3 with the outbox and rejects buckets (BENCH_SERVICE=s3). They are
// separate services in production too, and apart neither's garbage collection walks the other's heap. Prints its
// endpoint as one JSON line.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startEmulator } from '../emulator/index.js';
import { startFauxqs } from '../local/fauxqs.js';

const region = 'us-east-1';
let stop: () => Promise<unknown>;
if (process.env.BENCH_SERVICE === 's3') {
  const s3 = await startFauxqs(region);
  const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  for (const bucket of ['bench-outbox', 'bench-rejects']) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  process.stdout.write(`${JSON.stringify({ s3Endpoint: s3.endpoint })}\n`);
  stop = () => s3.stop();
} else {
  const emulator = await startEmulator({ token: process.env.EMULATOR_TOKEN ?? 'bench', port: 0 });
  process.stdout.write(`${JSON.stringify({ flatfileUrl: emulator.url })}\n`);
  stop = () => emulator.stop();
}
process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
