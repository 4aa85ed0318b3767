import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Upload } from '@aws-sdk/lib-storage';
import { loadManifest, DEFAULT_MANIFEST_PATH } from '../shared/manifest/index.js';
import type { ReceivedObject } from './placeholder-ingress.js';
import { startLocalRuntime } from './runtime.js';

export interface DemoOptions {
  manifestPath?: string;
  samplesDir?: string;
  /** How long to wait for every sample's notification before giving up. */
  timeoutMs?: number;
  print?: (line: string) => void;
}

export interface DemoResult {
  uploaded: { feed: string; key: string; size: number }[];
  received: ReceivedObject[];
  elapsedMs: number;
}

/**
 * `npm start`, first cut: start the local stack, drop every sample into its feed's inbox prefix and show each
 * notification arriving at the (placeholder) ingress step. Rejects if a sample is never seen.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const print = options.print ?? ((line: string) => console.log(line));
  const samplesDir = options.samplesDir ?? 'samples';
  const manifest = await loadManifest(options.manifestPath ?? DEFAULT_MANIFEST_PATH);

  const received: ReceivedObject[] = [];
  const pending = new Set<string>();
  let allSeen = () => {};
  const everySampleSeen = new Promise<void>((resolve) => (allSeen = resolve));
  const runtime = await startLocalRuntime({
    manifest,
    onReceived: (r) => {
      received.push(r);
      print(`  received  ${r.eventName.padEnd(34)} feed=${r.feed ?? '(none)'}  ${r.key}  ${r.size} bytes`);
      pending.delete(r.key);
      if (pending.size === 0) allSeen();
    },
  });

  try {
    const { local } = runtime;
    const inbox = local.names.buckets.inbox;
    print(`local AWS on 127.0.0.1: S3+SQS ${local.endpoints.s3}, DynamoDB ${local.endpoints.dynamodb}`);
    const uploaded: DemoResult['uploaded'] = [];
    for (const feed of manifest.feeds) {
      for (const file of await sampleFiles(join(samplesDir, feed.name))) {
        const key = `${feed.source.inboxPrefix}${file.name}`;
        pending.add(key);
        uploaded.push({ feed: feed.name, key, size: file.size });
      }
    }
    if (uploaded.length === 0) throw new Error(`no sample files under ${samplesDir}/<feed name>/`);
    for (const u of uploaded) {
      const file = join(samplesDir, u.feed, u.key.slice(u.key.lastIndexOf('/') + 1));
      await new Upload({ client: local.clients.s3, params: { Bucket: inbox, Key: u.key, Body: createReadStream(file) } }).done();
      print(`  uploaded  s3://${inbox}/${u.key}  (${u.size} bytes)`);
    }

    const timeoutMs = options.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      everySampleSeen,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not received within ${timeoutMs} ms: ${[...pending].join(', ')}`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));

    const elapsedMs = Date.now() - started;
    print(`\n${uploaded.length} sample file(s) uploaded, ${received.length} notification(s) received by the ingress placeholder:`);
    for (const feed of manifest.feeds) {
      const mine = received.filter((r) => r.feed === feed.name);
      print(`  ${feed.name.padEnd(10)} ${mine.length} file(s), ${mine.reduce((n, r) => n + r.size, 0)} bytes`);
    }
    print(`done in ${(elapsedMs / 1000).toFixed(1)} s (the real pipeline replaces the placeholder in later issues)`);
    return { uploaded, received, elapsedMs };
  } finally {
    await runtime.stop();
  }
}

async function sampleFiles(dir: string): Promise<{ name: string; size: number }[]> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const files = await Promise.all(names.sort().map(async (name) => ({ name, stats: await stat(join(dir, name)) })));
  return files.filter((f) => f.stats.isFile() && !f.name.startsWith('.')).map((f) => ({ name: f.name, size: f.stats.size }));
}
