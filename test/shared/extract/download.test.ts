import { FlatfileClient } from '@flatfile/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import { downloadFile } from '../../../shared/extract/download.js';
import { runExtraction } from '../../../shared/extract/index.js';
import { flatfileRequest } from '../../../shared/flatfile/transport.js';

const TOKEN = 'sk_test_download';
let emulator: Emulator;
let sdk: FlatfileClient;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
  sdk = new FlatfileClient({ token: TOKEN, apiUrl: emulator.url });
});
afterAll(() => emulator?.stop());

/** 60,000 JSON lines, about 4.5 MB: far more than any stream's buffers hold. */
const LINES = 60_000;
const body = Array.from({ length: LINES }, (_, i) => JSON.stringify({ id: String(i), name: `name ${i}`, note: 'x'.repeat(40) })).join('\n');

async function uploaded(name: string) {
  const { data: space } = await sdk.spaces.create({ name, environmentId: emulator.environmentId });
  const { data: file } = await sdk.files.upload(new File([body], `${name}.jsonl`), { spaceId: space.id, environmentId: emulator.environmentId });
  return { spaceId: space.id, fileId: file.id };
}

/** A fetch that counts the bytes of each download body as the reader pulls them. */
function countingFetch() {
  const pulled = { bytes: 0 };
  const impl: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).endsWith('/download') || !res.body) return res;
    const counted = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          pulled.bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: res.status, headers: res.headers });
  };
  return { impl, pulled };
}

/** Waits until `value()` has not changed for ten looks 20 ms apart (at most 10 s): the stream has pulled all it will. */
async function settled(value: () => number): Promise<number> {
  let last = -1;
  let same = 0;
  for (const until = Date.now() + 10_000; same < 10 && Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 20));
    same = value() === last ? same + 1 : 0;
    last = value();
  }
  return last;
}

describe('file download for extraction', () => {
  it('reads the file only as fast as the reader takes it, and whole', async () => {
    const { fileId } = await uploaded('paced');
    const { impl, pulled } = countingFetch();
    const stream = await downloadFile({ token: TOKEN, apiUrl: emulator.url }, fileId, impl);
    const first = (await stream[Symbol.asyncIterator]().next()).value as Buffer;
    expect(first.length).toBeGreaterThan(0);
    // A reader that stops after one chunk: the download stops too, a few chunks ahead at most.
    expect(await settled(() => pulled.bytes)).toBeLessThan(body.length / 8);

    const rest: Buffer[] = [first];
    for await (const chunk of stream) rest.push(chunk as Buffer);
    expect(Buffer.concat(rest).toString('utf8')).toBe(body);
  });

  it('a streamed body may be read for longer than the request timeout, which bounds the wait for headers only', async () => {
    const { fileId } = await uploaded('slow-reader');
    const conn = { token: TOKEN, apiUrl: emulator.url };
    const request = { method: 'GET' as const, path: `files/${fileId}/download`, timeoutMs: 2_000 };
    const pause = () => new Promise((r) => setTimeout(r, 3_000));
    // Read in full after the timeout has passed: a streamed body is not cut.
    const streamed = await flatfileRequest(conn, { ...request, streamBody: true });
    await pause();
    expect(await streamed.text()).toBe(body);
    // The same request whose body is read at once (every other call) keeps the timeout over the body too.
    const whole = await flatfileRequest(conn, request);
    await pause();
    await expect(whole.text()).rejects.toThrow();
  });

  it('extraction waits for each insert before reading much further into the file', async () => {
    const { spaceId, fileId } = await uploaded('held');
    const { data: job } = await sdk.jobs.create({ type: 'file', operation: 'extract-plugin-jsonl', source: fileId, status: 'ready' });
    await sdk.jobs.execute(job.id);
    const { impl, pulled } = countingFetch();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let inserts = 0;
    const held: typeof fetch = async (input, init) => {
      if (init?.method === 'POST' && /\/sheets\/[^/]+\/records$/.test(new URL(String(input)).pathname) && inserts++ === 0) await released;
      return impl(input, init);
    };
    const connection = { token: TOKEN, apiUrl: emulator.url };
    const extraction = runExtraction(
      { kind: 'extract', feed: 'contacts', jobId: job.id, fileId, spaceId, format: 'jsonl' },
      { api: sdk, connection, fetch: held, format: {}, chunkSize: 1_000, concurrency: 1, progressEveryMs: 0 },
    );
    for (const until = Date.now() + 30_000; inserts === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    expect(inserts).toBe(1);
    // The first insert is held: parsing stops a chunk ahead, and the download stops with it.
    expect(await settled(() => pulled.bytes)).toBeLessThan(body.length / 4);
    release();
    expect(await extraction).toMatchObject({ outcome: 'extracted', rowsRead: LINES, recordsCreated: LINES });
    expect(pulled.bytes).toBe(body.length);
  });
});
