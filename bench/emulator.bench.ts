// Emulator throughput: insert 1,000,000 records of 12 fields in pages of 5,000, read them back in pages of 10,000,
// all over HTTP, and report records/s and the emulator process's peak RSS (VmHWM). Targets: ≥100k/s insert,
// ≥200k/s read, ≤2 GB RSS. BENCH_RECORDS=<n> runs a smaller set for a quick look; BENCH_NODE_ARGS="--cpu-prof …"
// passes extra node flags to the emulator process only (profiling: --cpu-prof/--heap-prof are refused in NODE_OPTIONS).
// Reads receive every byte and check each page's record count by scanning the bytes; only the first page is
// JSON.parsed (a 10,000-record page costs the client ~50 ms to parse on this machine, which would time the client, not
// the emulator). BENCH_PARSE=1 parses every page, for the figure including the client's parsing.
// The client is what a lean real one would be: insert bodies are JSON.stringified once per page before the clock starts,
// sent uncompressed over node:http keep-alive connections, two requests in flight (one per connection, no pipelining on
// a socket); the insert response (Flatfile's echo of the records) is received in full. The client runs on the same
// two cores, so its CPU seconds are printed next to the emulator's.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { benchRecord } from './records.js';

const TOTAL = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const INSERT_PAGE = 5_000;
const READ_PAGE = 10_000;
/** Requests in flight, each on its own connection: the server has the next page while the client handles a response. */
const CONCURRENCY = 2;
const TOKEN = 'bench';
const PARSE_ALL = process.env.BENCH_PARSE === '1';
const RECORD_START = Buffer.from('{"id":"');

const FIELDS = [
  { key: 'email', type: 'string', constraints: [{ type: 'required' }, { type: 'unique' }] },
  { key: 'first_name', type: 'string' },
  { key: 'last_name', type: 'string' },
  { key: 'age', type: 'number' },
  { key: 'active', type: 'boolean' },
  { key: 'status', type: 'enum', config: { options: [{ value: 'active' }, { value: 'inactive' }] } },
  { key: 'city', type: 'string' },
  { key: 'country', type: 'string' },
  { key: 'phone', type: 'string' },
  { key: 'company', type: 'string' },
  { key: 'title', type: 'string' },
  { key: 'joined', type: 'date' },
];

function page(start: number): Buffer {
  const rows = [];
  for (let i = start; i < start + INSERT_PAGE; i++) {
    rows.push(benchRecord(i));
  }
  return Buffer.from(JSON.stringify(rows));
}

/** Records in a GET page body, counted in the bytes (each record object opens with its id; values never contain it). */
function countRecords(body: Buffer): number {
  let n = 0;
  for (let at = body.indexOf(RECORD_START); at >= 0; at = body.indexOf(RECORD_START, at + RECORD_START.length)) n++;
  return n;
}

async function pool(count: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/** CPU seconds (user + system) the process has used; on a shared machine this moves less than wall-clock time. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

const seconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

export default async function run(): Promise<void> {
  const entry = fileURLToPath(new URL('./emulator-server.ts', import.meta.url));
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    env: { ...process.env, EMULATOR_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    const { url } = JSON.parse(line) as { url: string };
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    // node:http on a keep-alive agent with a socket per request in flight: the bytes a fetch-based client sends and
    // receives, without WHATWG streams turning each 64 KB chunk of a 4 MB response into promises (fetch cost this
    // client ~3 µs per inserted record, on the same two cores as the emulator).
    const send = (method: string, path: string, body?: string | Buffer): Promise<Buffer> =>
      new Promise((resolve, reject) => {
        const req = request(`${url}${path}`, { method, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
            if (res.statusCode! >= 200 && res.statusCode! < 300) resolve(bytes);
            else reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${bytes.toString()}`));
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    const call = async (method: string, path: string, body?: string | Buffer): Promise<any> => JSON.parse((await send(method, path, body)).toString());
    const space = (await call('POST', '/v1/spaces', JSON.stringify({ name: 'bench' }))).data;
    const wb = (
      await call('POST', '/v1/workbooks', JSON.stringify({ name: 'Bench', spaceId: space.id, sheets: [{ name: 'People', slug: 'people', fields: FIELDS }] }))
    ).data;
    const sheetId: string = wb.sheets[0].id;

    // Request bodies are built before the clock starts: the figure is the emulator's, not the client's JSON.stringify.
    const pages = Array.from({ length: TOTAL / INSERT_PAGE }, (_, i) => page(i * INSERT_PAGE));
    let cpu = cpuSeconds(child.pid!);
    let clientCpu = process.cpuUsage();
    let t = performance.now();
    await pool(pages.length, async (i) => {
      await send('POST', `/v1/sheets/${sheetId}/records`, pages[i]);
    });
    const insertSeconds = (performance.now() - t) / 1000;
    const insertCpu = cpuSeconds(child.pid!) - cpu;
    const insertClientCpu = seconds(process.cpuUsage(clientCpu));
    pages.length = 0;

    let read = 0;
    cpu = cpuSeconds(child.pid!);
    clientCpu = process.cpuUsage();
    t = performance.now();
    await pool(TOTAL / READ_PAGE, async (i) => {
      const body = await send('GET', `/v1/sheets/${sheetId}/records?pageSize=${READ_PAGE}&pageNumber=${i + 1}`);
      const n = PARSE_ALL || i === 0 ? (JSON.parse(body.toString()) as any).data.records.length : countRecords(body);
      read += n;
    });
    const readSeconds = (performance.now() - t) / 1000;
    const readCpu = cpuSeconds(child.pid!) - cpu;
    const readClientCpu = seconds(process.cpuUsage(clientCpu));
    const counts = (await call('GET', `/v1/sheets/${sheetId}/counts`)).data.counts;
    const rss = peakRss(child.pid!);

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`records: ${fmt(counts.total)} (valid ${fmt(counts.valid)}, error ${fmt(counts.error)}), read back ${fmt(read)}`);
    console.log(`insert: ${fmt(TOTAL / insertSeconds)} records/s (${insertSeconds.toFixed(1)} s, pages of ${INSERT_PAGE}, target ≥ 100,000)`);
    const parsed = PARSE_ALL ? 'client parses every page' : 'client counts records in the bytes';
    console.log(`read:   ${fmt(read / readSeconds)} records/s (${readSeconds.toFixed(1)} s, pages of ${READ_PAGE}, ${parsed}, target ≥ 200,000)`);
    console.log(`emulator CPU: insert ${insertCpu.toFixed(1)} s (${fmt(TOTAL / insertCpu)} records per CPU-second), read ${readCpu.toFixed(1)} s (${fmt(read / readCpu)} per CPU-second)`);
    console.log(`client CPU (same machine): insert ${insertClientCpu.toFixed(1)} s, read ${readClientCpu.toFixed(1)} s`);
    console.log(`emulator peak RSS: ${(rss / 2 ** 20).toFixed(0)} MiB (target ≤ 2048 MiB)`);
    if (read !== TOTAL || counts.total !== TOTAL) throw new Error(`expected ${TOTAL} records, read ${read}, counted ${counts.total}`);
  } finally {
    agent.destroy();
    // Wait for the exit so a --cpu-prof/--heap-prof profile is complete when the bench returns.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}
