// One egress in its own process, so its peak RSS is its own: streams a sheet of the emulator to fauxqs through the
// real egress streaming code and prints one JSON line of figures. Driven by bench/egress.bench.ts.
import { readFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { S3Client } from '@aws-sdk/client-s3';
import { egressKeys } from '../shared/egress/index.js';
import { streamExport } from '../shared/egress/stream-export.js';
import { Feed } from '../shared/manifest/schema.js';
import { withRetry } from '../shared/runtime/retry.js';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const feed = Feed.parse(JSON.parse(env('BENCH_FEED')));
const s3 = new S3Client({
  endpoint: env('S3_ENDPOINT'),
  forcePathStyle: true,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});
const keys = egressKeys(feed, env('BENCH_EXPORT_ID'), new Date().toISOString(), feed.egress.formats);

// Pauses for garbage collection, by kind (minor = scavenge, major = mark-compact), in ms.
const gc: Record<string, number> = {};
const gcKinds: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = gcKinds[(e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
    gc[kind] = (gc[kind] ?? 0) + e.duration;
  }
}).observe({ entryTypes: ['gc'] });
// High-water of what the process holds, sampled every 50 ms: RSS alone cannot say whether buffers (arrayBuffers),
// other off-heap memory (external: also large strings) or the heap grew.
const memory = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
const sample = () => {
  const m = process.memoryUsage();
  for (const k of Object.keys(memory) as (keyof typeof memory)[]) memory[k] = Math.max(memory[k], m[k]);
};
const sampler = setInterval(sample, 50);
const t = performance.now();
const cpu0 = process.cpuUsage();
const tally = await streamExport({
  flatfile: { token: env('EMULATOR_TOKEN'), apiUrl: env('FLATFILE_API_URL') },
  s3,
  feed,
  sheetId: env('SHEET_ID'),
  keys,
  buckets: { outbox: 'bench-outbox', rejects: 'bench-rejects' },
  call: (fn) => withRetry(fn, { attempts: 3, baseDelayMs: 200 }),
});
const seconds = (performance.now() - t) / 1000;
sample();
clearInterval(sampler);
const cpu = process.cpuUsage(cpu0);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(`${JSON.stringify({ tally, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, gcMs: gc, peakRssBytes: hwm ? Number(hwm[1]) * 1024 : NaN, peakMemoryBytes: memory })}\n`);
s3.destroy();
