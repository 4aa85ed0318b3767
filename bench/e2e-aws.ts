// Local AWS for the end-to-end benchmark, in a process of its own as in AWS: fauxqs (S3 + SQS) and dynalite with the
// topology's buckets, queues and ledger, and S3 event notifications into the ingress queue (S3's own job). Prints
// the description of the stack (bench/e2e-stack.ts) as one JSON line; stops on SIGTERM.
import { buildTopology } from '../infra/topology.js';
import { startLocalAws } from '../local/aws.js';
import { startS3Notifications } from '../local/s3-notifications.js';
import { loadManifest } from '../shared/manifest/index.js';
import { describeLocalAws } from './e2e-stack.js';

const manifest = await loadManifest(process.env.MANIFEST_PATH!);
const topology = buildTopology(manifest);
const local = await startLocalAws({ topology });
const bridge = await startS3Notifications({ local, topology });
process.stdout.write(`${JSON.stringify(describeLocalAws(local))}\n`);
process.once('SIGTERM', () => void bridge.stop().then(() => local.stop()).then(() => process.exit(0)));
