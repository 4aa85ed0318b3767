import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDevFile } from '../../cli/dev-file.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { COMMIT_SLICE } from '../../emulator/writes.js';
import type { Run } from '../../shared/ledger/index.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';

// Each stage's own progress, as a person sees it in a second shell (`flatfeed run <id> --json` and `flatfeed run`)
// while the stage runs. Two stages are held half-way, by condition, never by time: the upload by a proxy that reads
// nothing of POST /files until released (ingress reads the dropped object only as fast as the upload takes it), the
// mapping by the emulator's gate after its first slice of records.

const TOKEN = 'sk_test_progress_e2e';
const ROWS = 2 * COMMIT_SLICE + 1;
const KEY = 'acme/contacts/progress/big.csv';
const CSV = Buffer.from(
  ['Email Address,First Name,Last Name,Country,Status', ...Array.from({ length: ROWS }, (_, i) => `p${i}@example.com,P${i},Q${i},Germany,active`)].join('\n') + '\n',
);
const REPO = process.cwd();
const TSX = join(REPO, 'node_modules/tsx/dist/cli.mjs');

let emulator: Emulator;
let proxy: FaultProxy;
let p: TestPipeline;
let dir: string;
let releaseUpload!: () => void;
const uploadHeld = new Promise<void>((r) => (releaseUpload = r));
let releaseMapping!: () => void;
const mappingHeld = new Promise<void>((r) => (releaseMapping = r));

/** The CLI in its own process, in a folder holding the dev stack's .flatfeed/dev.json (as in replay-redrive). */
async function flatfeed(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LEDGER_TABLE|INBOX_BUCKET|OUTBOX_BUCKET|REJECTS_BUCKET|[A-Z]+_QUEUE_URL)$/.test(k)));
  return new Promise((resolve) => {
    execFile(process.execPath, [TSX, join(REPO, 'cli/main.ts'), ...args], { cwd: dir, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, out: stdout.trimEnd(), err: stderr.trimEnd() });
    });
  });
}

/** `flatfeed run <id> --watch` in its own process: its output so far, and the whole of it once it exits. */
function watch(runId: string): { out: () => string; ended: Promise<{ code: number; out: string }> } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LEDGER_TABLE|INBOX_BUCKET|OUTBOX_BUCKET|REJECTS_BUCKET|[A-Z]+_QUEUE_URL)$/.test(k)));
  const child = spawn(process.execPath, [TSX, join(REPO, 'cli/main.ts'), 'run', runId, '--watch'], { cwd: dir, env: { ...env, NO_COLOR: '1' } });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.resume();
  const ended = new Promise<{ code: number; out: string }>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, out: out.trimEnd() })));
  return { out: () => out, ended };
}

/** `flatfeed run <id> --json`, until it shows what `ok` wants. */
const runJsonUntil = (what: string, runId: string, ok: (run: Run) => boolean) =>
  waitFor(
    what,
    async () => {
      const { code, out } = await flatfeed('run', runId, '--json');
      const run = code === 0 ? (JSON.parse(out) as Run) : undefined;
      return run && ok(run) ? run : undefined;
    },
    180_000,
  );

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, log: () => {} });
  emulator.services.jobs.mappingGate = async (_job, done) => {
    if (done === COMMIT_SLICE) await mappingHeld;
  };
  proxy = await startFaultProxy(emulator.url, () => undefined, (req) => (req.method === 'POST' && /\/files(\?|$)/.test(req.path) ? uploadHeld : undefined));
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress'], {
    flatfile: { apiUrl: proxy.url, token: TOKEN, environmentId: emulator.environmentId },
  });
  dir = await mkdtemp(join(tmpdir(), 'flatfeed-progress-'));
  const { local } = p;
  await writeDevFile(
    { pid: process.pid, env: local.env, buckets: local.names.buckets, tables: { ledger: local.names.tables.ledger }, flatfile: { environmentId: emulator.environmentId } },
    join(dir, '.flatfeed/dev.json'),
  );
}, 60_000);
afterAll(async () => {
  releaseUpload();
  releaseMapping();
  await rm(dir, { recursive: true, force: true });
  await p?.stop();
  await proxy?.stop();
  await emulator?.stop();
});

describe('live progress in flatfeed run', () => {
  it('shows the upload in bytes and the mapping in records while each runs, then the run ends done', async () => {
    await p.drop(KEY, CSV);
    const { runId } = await p.runOf(KEY, ['received']);

    const uploading = await runJsonUntil('the upload progress in run --json', runId, (r) => r.state === 'received' && r.progress?.stage === 'received');
    expect(uploading.progress).toMatchObject({ stage: 'received', unit: 'bytes', total: CSV.length });
    expect(uploading.progress!.done).toBeGreaterThan(0);
    // Up to all of it: socket buffers may take the whole file while the platform has not answered yet.
    expect(uploading.progress!.done).toBeLessThanOrEqual(CSV.length);
    // `run --watch` (not a TTY here: a line per change) follows the run from now until it ends.
    const watching = watch(runId);
    const shown = await flatfeed('run', runId);
    // e.g. `progress  uploading 63.6 KB of 0.9 MB (7%), 1.2 MB/s, ETA 0.7 s` (rate and ETA as of the last report)
    expect(shown.out).toMatch(new RegExp(`^progress +uploading [\\d.]+ [KM]B of ${(CSV.length / 2 ** 20).toFixed(1)} MB \\(\\d+%\\)(, [\\d.]+ [KM]B/s)?(, ETA .+)?$`, 'm'));
    // Released only once the watch has shown the held stage (its process may start after `run` under load).
    await waitFor('run --watch to show the upload', async () => /^\d\d:\d\d:\d\d {2}received {2}uploading /m.test(watching.out()) || undefined, 120_000);
    releaseUpload();

    const mapping = await runJsonUntil('the mapping progress in run --json', runId, (r) => r.state === 'mapping' && r.progress?.stage === 'mapping' && r.progress.done > 0);
    expect(mapping.progress).toMatchObject({ stage: 'mapping', done: COMMIT_SLICE, total: ROWS });
    expect(mapping.progress!.unit).toBeUndefined(); // records
    expect(mapping.stages?.received?.endedAt).toBeDefined();
    expect(mapping.stages?.mapping?.startedAt).toBeDefined();
    const mappingShown = await flatfeed('run', runId);
    expect(mappingShown.out).toMatch(/^progress +mapping 10,000 of 20,001 records \(49%\)(, [\d,]+\/s)?(, ETA .+)?$/m);
    await waitFor('run --watch to show the mapping', async () => /^\d\d:\d\d:\d\d {2}mapping {2}mapping 10,000 /m.test(watching.out()) || undefined, 120_000);
    releaseMapping();

    const done = await p.runOf(KEY, ['done', 'mismatch', 'failed', 'rejected', 'stalled', 'needs-review']);
    expect(done).toMatchObject({ state: 'done', counts: { rowsRead: ROWS, valid: ROWS, invalid: 0 } });
    // Ended: no progress line any more.
    expect((await flatfeed('run', runId)).out).not.toMatch(/^progress/m);

    // The watch saw both held stages with their progress; every line is `HH:MM:SS  <state>[  <progress>]`.
    const watched = await watching.ended;
    const all = watched.out.split('\n');
    const lines = all.slice(0, all.findIndex((l) => l.startsWith('run id'))); // then the run, shown whole
    expect(watched.code).toBe(0);
    expect(lines.every((l) => /^\d\d:\d\d:\d\d {2}[a-z-]+( {2}\S.*)?$/.test(l) && !l.includes('undefined')), lines.join('\n')).toBe(true);
    expect(lines.some((l) => /^\d\d:\d\d:\d\d {2}received {2}uploading [\d.]+ [KM]B of 0\.9 MB \(\d+%\)/.test(l)), lines.join('\n')).toBe(true);
    expect(lines.some((l) => /^\d\d:\d\d:\d\d {2}mapping {2}mapping 10,000 of 20,001 records \(49%\)/.test(l)), lines.join('\n')).toBe(true);
  }, 300_000);
});
