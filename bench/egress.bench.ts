// Egress throughput: a sheet of 1,000,000 records (12 fields, 2% invalid) in the Flatfile emulator streamed to local
// S3 (fauxqs) as the egress function does it (pages of 10,000, JSONL to the outbox, invalid records to the rejects
// CSV, multipart uploads). The emulator and fauxqs run in a process each, each egress in its own, so the reported peak
// RSS is the egress's alone; it runs at a tenth of the size and at full size so flat memory shows. Target ≥ 200,000
// records/s. Each sheet is exported BENCH_REPEAT times (3) and the median printed. BENCH_RECORDS=<n> for a quick look;
// BENCH_FORMATS=jsonl,csv to add the outbox CSV; BENCH_NODE_ARGS="--cpu-prof …"
// passes node flags to the egress process only,
// BENCH_SERVICES_NODE_ARGS to the emulator and fauxqs.
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cpuSecondsOf } from './proc-stats.js';
import { benchRecord } from './records.js';

const TOTAL = Number(process.env.BENCH_RECORDS ?? 1_000_000);
/** Exports of each sheet: one machine's speed varies from run to run, so the median of several is reported. */
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const FORMATS = (process.env.BENCH_FORMATS ?? 'jsonl').split(',');
const INSERT_PAGE = 5_000;
const INVALID_EVERY = 50;
const TOKEN = 'bench';

const FIELDS = ['email', 'first_name', 'last_name', 'age', 'active', 'status', 'city', 'country', 'phone', 'company', 'title', 'joined'];
const FEED = {
  name: 'bench',
  source: { inboxPrefix: 'bench/' },
  format: { accept: ['csv'] },
  sheet: { slug: 'people', name: 'People' },
  fields: FIELDS.map((key) => ({ key, type: 'string' })),
  egress: { formats: FORMATS, pageSize: 10_000, rejects: true },
};

function page(start: number, count: number): string {
  const rows = [];
  for (let i = start; i < start + count; i++) {
    const bad = i % INVALID_EVERY === 0;
    rows.push(
      benchRecord(
        i,
        bad
          ? { value: `user${i}-at-example.com`, messages: [{ type: 'error', source: 'custom-logic', message: 'expected an email address' }] }
          : undefined,
      ),
    );
  }
  return JSON.stringify(rows);
}

interface Figures {
  tally: { valid: number; invalid: number; egressed: number; rejected: number };
  seconds: number;
  /** CPU time of the egress process (user + system): what the egress costs, whatever else the machine runs. */
  cpuSeconds: number;
  /** Garbage-collection pauses by kind, ms. */
  gcMs: Record<string, number>;
  peakRssBytes: number;
  /** High-water of process.memoryUsage()'s parts (sampled every 50 ms). */
  peakMemoryBytes: { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
}


function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function firstLine(child: ReturnType<typeof spawn>, what: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)));
  });
}

export default async function run(): Promise<void> {
  const tsx = ['--import', 'tsx'];
  const service = (name: 'flatfile' | 's3') =>
    spawn(process.execPath, [...(process.env.BENCH_SERVICES_NODE_ARGS ?? '').split(/\s+/).filter(Boolean), ...tsx, fileURLToPath(new URL('./egress-services.ts', import.meta.url))], {
      env: { ...process.env, EMULATOR_TOKEN: TOKEN, BENCH_SERVICE: name },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  const flatfile = service('flatfile');
  const s3 = service('s3');
  try {
    const { flatfileUrl } = JSON.parse(await firstLine(flatfile, 'emulator')) as { flatfileUrl: string };
    const { s3Endpoint } = JSON.parse(await firstLine(s3, 'local S3')) as { s3Endpoint: string };
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const call = async (method: string, path: string, body?: string): Promise<any> => {
      const res = await fetch(`${flatfileUrl}${path}`, { method, headers, body });
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    };
    const space = (await call('POST', '/v1/spaces', JSON.stringify({ name: 'bench' }))).data;
    const seed = async (records: number): Promise<string> => {
      const sheet = { name: 'People', slug: 'people', fields: FIELDS.map((key) => ({ key, type: 'string' })) };
      const wb = (await call('POST', '/v1/workbooks', JSON.stringify({ name: `Bench ${records}`, spaceId: space.id, sheets: [sheet] }))).data;
      const sheetId: string = wb.sheets[0].id;
      for (let at = 0; at < records; at += INSERT_PAGE) {
        await call('POST', `/v1/sheets/${sheetId}/records`, page(at, Math.min(INSERT_PAGE, records - at)));
      }
      return sheetId;
    };

    const sizes = [Math.max(1, Math.round(TOTAL / 10)), TOTAL];
    const results: { records: number; figures: Figures; load: number; flatfileCpu: number; s3Cpu: number }[] = [];
    for (const records of sizes) {
      const sheetId = await seed(records);
      for (let attempt = 1; attempt <= REPEAT; attempt++) {
        const flatfileCpu0 = cpuSecondsOf(flatfile.pid);
        const s3Cpu0 = cpuSecondsOf(s3.pid);
        const runner = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean), ...tsx, fileURLToPath(new URL('./egress-runner.ts', import.meta.url))], {
          env: {
            ...process.env,
            EMULATOR_TOKEN: TOKEN,
            FLATFILE_API_URL: flatfileUrl,
            S3_ENDPOINT: s3Endpoint,
            SHEET_ID: sheetId,
            BENCH_FEED: JSON.stringify(FEED),
            BENCH_EXPORT_ID: `bench-${records}-${attempt}`,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const figures = JSON.parse(await firstLine(runner, 'egress runner')) as Figures;
        // The emulator and fauxqs serve the egress meanwhile: their CPU shows when they, not the egress, bound it.
        results.push({
          records,
          figures,
          load: loadavg()[0]!,
          flatfileCpu: cpuSecondsOf(flatfile.pid) - flatfileCpu0,
          s3Cpu: cpuSecondsOf(s3.pid) - s3Cpu0,
        });
        const expectedInvalid = Math.ceil(records / INVALID_EVERY);
        if (figures.tally.valid + figures.tally.invalid !== records || figures.tally.invalid !== expectedInvalid) {
          throw new Error(`expected ${records} records (${expectedInvalid} invalid), exported ${JSON.stringify(figures.tally)}`);
        }
      }
    }

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    console.log(`egress ${FORMATS.join('+')} + rejects CSV, 12 fields, ${100 / INVALID_EVERY}% invalid, pages of 10,000 (target ≥ 200,000 records/s)`);
    for (const { records, figures, load, flatfileCpu, s3Cpu } of results) {
      console.log(
        `${fmt(records).padStart(9)} records: ${fmt(records / figures.seconds).padStart(8)} records/s (${figures.seconds.toFixed(1)} s), ` +
          `egress peak RSS ${(figures.peakRssBytes / 2 ** 20).toFixed(0)} MiB ` +
          `(high-water MiB: heapUsed ${mib(figures.peakMemoryBytes.heapUsed)}, heapTotal ${mib(figures.peakMemoryBytes.heapTotal)}, ` +
          `external ${mib(figures.peakMemoryBytes.external)}, arrayBuffers ${mib(figures.peakMemoryBytes.arrayBuffers)}), ` +
          `egress CPU ${((figures.cpuSeconds * 1e6) / records).toFixed(1)} µs/record ` +
          `(GC ${Object.entries(figures.gcMs).map(([k, ms]) => `${k} ${((ms * 1e3) / records).toFixed(1)}`).join(', ')} µs/record) ` +
          `emulator CPU ${((flatfileCpu * 1e6) / records).toFixed(1)}, local S3 CPU ${((s3Cpu * 1e6) / records).toFixed(1)} µs/record ` +
          `(valid ${fmt(figures.tally.egressed)}, rejected ${fmt(figures.tally.rejected)}), 1-min load ${load.toFixed(1)} on ${availableParallelism()} CPUs`,
      );
    }
    for (const records of sizes) {
      const rates = results.filter((r) => r.records === records).map((r) => records / r.figures.seconds);
      const rss = results.filter((r) => r.records === records).map((r) => r.figures.peakRssBytes / 2 ** 20);
      console.log(
        `${fmt(records).padStart(9)} records, median of ${rates.length}: ${fmt(median(rates))} records/s (${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}), ` +
          `peak RSS ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MiB`,
      );
    }
  } finally {
    await Promise.all(
      [flatfile, s3].map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        if (child.exitCode === null) child.kill('SIGTERM');
        return exited;
      }),
    );
  }
}
