import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../emulator/index.js';
import { buildTopology } from '../../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../../local/aws.js';
import { createDocumentClient } from '../../../shared/aws/clients.js';
import { ALL_FLATFILE_RESOURCES } from '../../../shared/flatfile/all-resources.js';
import { createFlatfileClient, type FlatfileApi, type FlatfileConnection } from '../../../shared/flatfile/client.js';
import { ensureFeedSpace } from '../../../shared/flatfile/feed-space.js';
import { ensureRunWorkbook } from '../../../shared/flatfile/run-workbook.js';
import { uploadFileOnce } from '../../../shared/flatfile/upload.js';
import { Ledger } from '../../../shared/ledger/index.js';
import { loadManifest, type Manifest } from '../../../shared/manifest/index.js';

// The first create of each kind is carried out by the platform and then its response is lost (faults `lose`): the
// caller sees a cut connection. Exactly one Space, one workbook and one file must exist afterwards.
const TOKEN = 'sk_test_create_once';
// A fresh rule each: the injector counts `limit` per rule object.
const lost = () => ({ lose: 1, limit: 1 });
let emulator: Emulator;
let local: LocalAws;
let manifest: Manifest;
let ledger: Ledger;
let api: FlatfileApi;
let conn: FlatfileConnection;

beforeAll(async () => {
  emulator = await startEmulator({
    token: TOKEN,
    log: () => {},
    realism: { history: false },
    faults: { routes: { 'POST /spaces': lost(), 'POST /workbooks': lost(), 'POST /files': lost() } },
  });
  manifest = await loadManifest();
  local = await startLocalAws({ topology: buildTopology(manifest) });
  ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger);
  conn = { token: TOKEN, apiUrl: emulator.url, retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 } };
  api = createFlatfileClient(conn, ALL_FLATFILE_RESOURCES);
});
afterAll(async () => {
  await local?.stop();
  await emulator?.stop();
});

/** As SQS would: a delivery that fails is delivered again. */
async function redelivered<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch {
    return fn();
  }
}

describe('creates under a lost response', () => {
  it('make one Space, one run workbook and one uploaded file', async () => {
    const feed = manifest.feeds[0]!;
    const { spaceId } = await redelivered(() => ensureFeedSpace(api, ledger, feed, emulator.environmentId));
    const spaces = (await api.spaces.list({ environmentId: emulator.environmentId, pageSize: 100 })).data;
    expect(spaces.map((s) => s.id)).toEqual([spaceId]);

    const runId = 'run-create-once';
    await ledger.createRun({ runId, feed: feed.name, bucket: 'inbox', key: 'k.csv', etag: 'e', state: 'uploaded' });
    const made = await redelivered(() => ensureRunWorkbook(api, ledger, feed, { spaceId, environmentId: emulator.environmentId, fileName: 'k.csv', runId }));
    const workbooks = (await api.workbooks.list({ spaceId })).data;
    expect(workbooks.map((w) => w.id)).toEqual([made.workbookId]);

    const body = () => Readable.from([Buffer.from('email,first_name\nada@x.io,Ada\n')]);
    const file = await redelivered(() => uploadFileOnce(conn, { spaceId, environmentId: emulator.environmentId, name: 'k.csv' }, body(), async () => false));
    const files = (await api.files.list({ spaceId, pageSize: 100 })).data;
    expect(files.map((f) => f.id)).toEqual([file.id]);
    expect(file.size).toBe(30);
  });

  it('does not take a file another run has claimed for its own', async () => {
    const faulty = await startEmulator({ token: TOKEN, log: () => {}, realism: { history: false }, faults: { routes: { 'POST /files': lost() } } });
    try {
      const c = { ...conn, apiUrl: faulty.url };
      const a = createFlatfileClient(c, ALL_FLATFILE_RESOURCES);
      const { data: sp } = await a.spaces.create({ name: 'x', environmentId: faulty.environmentId });
      const upload = () => uploadFileOnce(c, { spaceId: sp.id, environmentId: faulty.environmentId, name: 'same.csv' }, Readable.from([Buffer.from('a\n1\n')]), async () => true);
      await expect(upload()).rejects.toMatchObject({ code: 'network' });
    } finally {
      await faulty.stop();
    }
  });
});
