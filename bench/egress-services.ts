// The services the egress benchmark reads from and writes to, in their own process: the Flatfile emulator and
// fauxqs (local S3). Prints their endpoints as one JSON line.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startEmulator } from '../emulator/index.js';
import { startFauxqs } from '../local/fauxqs.js';

const region = 'us-east-1';
const emulator = await startEmulator({ token: process.env.EMULATOR_TOKEN ?? 'bench', port: 0 });
const s3 = await startFauxqs(region);
const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
for (const bucket of ['bench-outbox', 'bench-rejects']) await client.send(new CreateBucketCommand({ Bucket: bucket }));
client.destroy();
process.stdout.write(`${JSON.stringify({ flatfileUrl: emulator.url, s3Endpoint: s3.endpoint })}\n`);
process.once('SIGTERM', () => void Promise.all([emulator.stop(), s3.stop()]).then(() => process.exit(0)));
