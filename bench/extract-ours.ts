// Child process: our worker's extraction runner on one prepared job. Prints its own wall time and peak RSS.
import { FlatfileClient } from '@flatfile/api';
import { runExtraction } from '../shared/extract/index.js';

const env = (name: string): string => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
const [BENCH_URL, BENCH_TOKEN, BENCH_JOB, BENCH_FILE, BENCH_SPACE] = ['BENCH_URL', 'BENCH_TOKEN', 'BENCH_JOB', 'BENCH_FILE', 'BENCH_SPACE'].map(env) as [string, string, string, string, string];
const api = new FlatfileClient({ token: BENCH_TOKEN, apiUrl: BENCH_URL });
const t = performance.now();
const result = await runExtraction(
  { kind: 'extract', feed: 'bench', jobId: BENCH_JOB, fileId: BENCH_FILE, spaceId: BENCH_SPACE, format: 'xlsx' },
  { api, connection: { token: BENCH_TOKEN, apiUrl: BENCH_URL }, format: {} },
);
const seconds = (performance.now() - t) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, result })}\n`);
