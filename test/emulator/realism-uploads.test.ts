import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { uploadFile } from '../../shared/flatfile/upload.js';
import type { FileRecord } from '../../emulator/types.js';
import { waitFor } from '../support/wait.js';
import { TOKEN, useEmulator } from './support/harness.js';

// Realism fileCreatedAtUploadStart: `file:created` "when a file upload begins" (Guides events.mdx). Each upload is
// held after its first bytes until the test lets it go, so "in flight" is a state the test chooses, not a race.
let release: () => void = () => undefined;
let inFlight: FileRecord | undefined;
const h = useEmulator({
  holdUpload: (file) => {
    inFlight = file;
    return new Promise<void>((r) => (release = r));
  },
});

const CSV = 'name,qty\n' + Array.from({ length: 2_000 }, (_, i) => `item ${i},${i}`).join('\n') + '\n';

/** The body in two pieces: the first arrives, the rest only once the hold is released. */
const body = () => Readable.from([Buffer.from(CSV.slice(0, 100)), Buffer.from(CSV.slice(100))]);

async function download(fileId: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of (await h.api.files.download(fileId)) as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

const eventsOf = async (spaceId: string) =>
  (await h.api.events.list({ environmentId: h.environmentId, spaceId, includeAcknowledged: true, pageSize: 1000 })).data;

describe('emulator realism: file:created when the upload begins', () => {
  it('announces and lists the file while its body is still arriving; its size and extraction come at the end', async () => {
    const { data: space } = await h.api.spaces.create({ name: 'uploads', environmentId: h.environmentId });
    inFlight = undefined;
    const upload = uploadFile({ token: TOKEN, apiUrl: h.url }, { spaceId: space.id, environmentId: h.environmentId, name: 'orders.csv' }, body());
    const early = await waitFor('the upload to be held in flight', async () => inFlight);

    const created = await waitFor('file:created while the upload is in flight', async () =>
      (await eventsOf(space.id)).find((e) => e.topic === 'file:created' && e.context.fileId === early.id),
    );
    expect(created).toBeDefined();
    const { data: during } = await h.api.files.get(early.id);
    expect(during).toMatchObject({ status: 'partial', size: 0 });
    expect(during.bytesReceived).toBeGreaterThan(0);
    expect(during.bytesReceived).toBeLessThan(Buffer.byteLength(CSV));
    const partial = await download(early.id);
    expect(partial.length).toBeLessThan(CSV.length);
    expect((await h.api.jobs.list({ fileId: early.id })).data, 'native extraction waits for the whole file').toEqual([]);

    release();
    const done = await upload;
    expect(done).toMatchObject({ id: early.id, size: Buffer.byteLength(CSV), bytesReceived: Buffer.byteLength(CSV) });
    expect(await download(early.id)).toBe(CSV);
    const topics = (await eventsOf(space.id)).filter((e) => e.context.fileId === early.id).map((e) => e.topic);
    expect(topics.filter((t) => t === 'file:created')).toHaveLength(1);
    const extracted = await waitFor('native extraction to complete', async () => {
      const { data } = await h.api.jobs.list({ fileId: early.id });
      return data.find((j) => j.status === 'complete');
    });
    expect(extracted.operation).toBe('extract');
    const { data: file } = await h.api.files.get(early.id);
    const sheetId = (await h.api.workbooks.get(file.workbookId!)).data.sheets![0]!.id;
    const rows = (await h.api.records.get(sheetId, { pageSize: 5_000 })).data.records;
    expect(rows).toHaveLength(2_000);
  });

  it('an upload cut off half-way leaves no file behind: file:created, then file:deleted', async () => {
    const { data: space } = await h.api.spaces.create({ name: 'cut', environmentId: h.environmentId });
    inFlight = undefined;
    const cut = new Readable({ read() {} });
    cut.push(Buffer.from(CSV.slice(0, 100)));
    // Straight to the emulator: the conformance proxy would keep its own upstream request open.
    const upload = uploadFile({ token: TOKEN, apiUrl: h.emulator.url }, { spaceId: space.id, environmentId: h.environmentId, name: 'cut.csv' }, cut);
    const early = await waitFor('the upload to be held in flight', async () => inFlight);
    cut.destroy(new Error('source went away'));
    release();
    await expect(upload).rejects.toThrow();
    await waitFor('file:deleted for the cut upload', async () =>
      (await eventsOf(space.id)).find((e) => e.topic === 'file:deleted' && e.context.fileId === early.id),
    );
    await expect(h.api.files.get(early.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});
