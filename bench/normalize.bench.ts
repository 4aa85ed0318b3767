// Streams a generated ~1 GB CSV through normalize(), plain UTF-8 and windows-1252, each in its own child process so
// peak RSS is the normaliser's own. Targets (issue 4): >= 100 MB/s of input, peak RSS <= 256 MB.
import { execFileSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { normalize } from '../shared/normalize/index.js';

const TOTAL_BYTES = 1 << 30;
const CHUNK_BYTES = 64 * 1024;
const VARIANTS = ['utf-8', 'windows-1252'] as const;
type Variant = (typeof VARIANTS)[number];

/** A chunk of whole CSV lines (quoted fields, CRLF, non-ASCII) in the variant's encoding. */
function block(variant: Variant): Buffer {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < CHUNK_BYTES - 200; i++) {
    const line = `${100000 + i},"Müller, “Jürgen”",jurgen${i}@example.com,€${(i % 997) + 0.5},2024-01-${(i % 28) + 1},ok\r\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return iconv.encode(lines.join(''), variant);
}

function generated(variant: Variant): Readable {
  const header = iconv.encode('id,name,email,amount,date,status\r\n', variant);
  const body = block(variant);
  let sent = 0;
  return new Readable({
    read() {
      const chunk = sent === 0 ? Buffer.concat([header, body]) : body;
      sent += chunk.length;
      this.push(chunk);
      if (sent >= TOTAL_BYTES) this.push(null);
    },
  });
}

interface Result {
  variant: Variant;
  bytesIn: number;
  bytesOut: number;
  rows: number | undefined;
  seconds: number;
  maxRssMb: number;
}

async function measure(variant: Variant): Promise<Result> {
  const limits = { maxBytes: 2 ** 40, maxUncompressedBytes: 2 ** 40, maxMembers: 1, maxRatio: 100, maxLineBytes: 1 << 20 };
  const started = process.hrtime.bigint();
  let result: Omit<Result, 'seconds' | 'maxRssMb'> | undefined;
  for await (const file of normalize(generated(variant), 'bench.csv', { limits })) {
    await pipeline(file.body, new Writable({ write: (_chunk, _enc, done) => done() }));
    const stats = file.stats();
    result = { variant, bytesIn: stats.bytesIn, bytesOut: stats.bytesOut, rows: stats.rows };
  }
  if (!result) throw new Error('normalize yielded nothing');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // maxRSS is in KiB.
  return { ...result, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

export default async function bench(): Promise<void> {
  for (const variant of VARIANTS) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), variant], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const r = JSON.parse(out) as Result;
    const mbps = r.bytesIn / 1e6 / r.seconds;
    console.log(
      `${r.variant.padEnd(12)} ${(r.bytesIn / 1e9).toFixed(2)} GB in, ${(r.bytesOut / 1e9).toFixed(2)} GB out, ` +
        `${r.rows} rows, ${r.seconds.toFixed(1)} s, ${mbps.toFixed(0)} MB/s (target >= 100), ` +
        `peak RSS ${r.maxRssMb.toFixed(0)} MB (target <= 256)`,
    );
  }
}

// Child process: measure one variant and report it as JSON on stdout.
const asked = process.argv[2];
if (process.argv[1] === fileURLToPath(import.meta.url) && VARIANTS.includes(asked as Variant)) {
  process.stdout.write(JSON.stringify(await measure(asked as Variant)));
}
