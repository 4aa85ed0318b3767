// Streams a generated 1 GiB CSV through the real ingress handler: S3 GetObject (fauxqs) → normalisation → upload to
// the Flatfile emulator. The handler runs in its own child process so its peak RSS is its own; the services run here.
// Targets (issue 4): peak RSS <= 256 MB, >= 100 MB/s of input.
//
// The bench feed declares its files fixed-width text, so ingress uploads them as .txt: the path through ingress is
// the same (decode, transcode, line endings, line limits), but the emulator's own CSV extraction of 1 GiB — platform
// work, not ingress — does not compete for the machine's two cores during the measurement.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startEmulator } from '../emulator/index.js';
import { buildTopology } from '../infra/topology.js';
import { functionEnv } from '../local/function-env.js';
import { startLocalAws } from '../local/aws.js';
import { parseManifest } from '../shared/manifest/parse-yaml.js';

const TOTAL_BYTES = Number(process.env.BENCH_BYTES ?? 1 << 30);
const MANIFEST = `
version: 1
feeds:
  - name: bench
    source: { inboxPrefix: bench/ }
    format:
      accept: [fixed]
      fixedWidth: { columns: [{ key: line, start: 1, width: 200 }] }
      limits: { maxBytes: 4294967296, maxUncompressedBytes: 4294967296, maxLineBytes: 1048576 }
    sheet: { slug: bench, name: Bench }
    fields: [{ key: line, type: string }]
`;

/** CSV lines with quoted fields, CRLF and non-ASCII text, as partners send them. */
function generatedCsv(total: number): Readable {
  const lines: string[] = ['id,name,email,amount,date,status\r\n'];
  for (let i = 0; i < 600; i++) {
    lines.push(`${100000 + i},"Müller, “Jürgen”",jurgen${i}@example.com,${(i % 997) + 0.5},2024-01-${(i % 28) + 1},ok\r\n`);
  }
  const block = Buffer.from(lines.slice(1).join(''));
  const head = Buffer.from(lines.join(''));
  let sent = 0;
  return new Readable({
    read() {
      const chunk = sent === 0 ? head : block;
      sent += chunk.length;
      this.push(chunk);
      if (sent >= total) this.push(null);
    },
  });
}

export default async function benchIngress(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flatfeed-bench-ingress-'));
  const manifestPath = join(dir, 'feeds.yaml');
  writeFileSync(manifestPath, MANIFEST);
  const topology = buildTopology(parseManifest(MANIFEST, manifestPath));
  const local = await startLocalAws({ topology });
  const emulator = await startEmulator({ token: 'bench', dataDir: join(dir, 'flatfile') });
  try {
    const bucket = local.names.buckets.inbox;
    const key = 'bench/partner export 1GiB.csv';
    const upload = new Upload({
      client: local.clients.s3,
      params: { Bucket: bucket, Key: key, Body: generatedCsv(TOTAL_BYTES) },
      partSize: 8 << 20, // fauxqs accepts request bodies up to 11 MiB
      queueSize: 2,
    });
    await upload.done();
    const head = await local.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const size = head.ContentLength ?? 0;

    const env = {
      ...process.env,
      ...functionEnv(topology, 'ingress', local, { FLATFILE_API_KEY: 'bench' }),
      FLATFILE_API_URL: emulator.url,
      FLATFILE_ENVIRONMENT_ID: emulator.environmentId,
      MANIFEST_PATH: manifestPath,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
    const child = fileURLToPath(new URL('./ingress-child.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
    // Asynchronously: the services the child talks to run in this process's event loop.
    const out = await runChild(process.execPath, [tsx, child, bucket, key, head.ETag ?? '', String(size)], env);
    const result = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; maxRssMb: number; outcome: unknown };
    const mb = size / 1e6;
    console.log(`ingress of ${(size / 2 ** 30).toFixed(2)} GiB CSV (S3 → normalise → Flatfile upload):`);
    console.log(`  time ${result.seconds.toFixed(1)} s, throughput ${(mb / result.seconds).toFixed(0)} MB/s (target >= 100)`);
    console.log(`  peak RSS of the ingress process ${result.maxRssMb.toFixed(0)} MB (target <= 256)`);
    console.log(`  outcome ${JSON.stringify(result.outcome)}`);
  } finally {
    await emulator.stop();
    await local.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`ingress child exited with ${code}`))));
  });
}
