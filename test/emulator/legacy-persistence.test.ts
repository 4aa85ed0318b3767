import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { PortalApi, PortalTokens } from '../../shared/pull/portal-api.js';

// The legacy Portal's state (access keys, exchanged tokens, submitted batches, the requests it answered) lives under
// `--data-dir` like the rest of the emulator's: a restarted `flatfeed dev` serves the same batches to the same key and
// token, and still knows what it served.

const TOKEN = 'sk_test_legacy_persist';
const dir = mkdtempSync(join(tmpdir(), 'flatfeed-legacy-'));
let running: Emulator | undefined;
const license = randomUUID();

afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('legacy Portal under --data-dir', () => {
  it('keeps keys, tokens, batches and the request log across stop and start', async () => {
    running = await startEmulator({ token: TOKEN, dataDir: dir, realism: false });
    const key = running.portal.createKey();
    const batch = running.portal.submitBatch({ licenseKey: license, filename: 'people.csv', rows: [{ name: 'Ada' }, { mapped: { name: 'Bob' }, status: 'dismissed' }] });
    const tokens = new PortalTokens();
    const now = () => new Date();
    const graphql = new PortalApi(running.url, key, 'graphql', tokens, now);
    expect((await collect(graphql.batches(license))).map((b) => b.id)).toEqual([batch.id]);
    expect(tokens.exchanges).toBe(1);
    const served = running.portal.requests.length;
    const before = running.url;
    await running.stop();

    // Same directory, a new process's view of it: a new port, nothing in memory.
    running = await startEmulator({ token: TOKEN, dataDir: dir, realism: false });
    expect(running.portal.requests.length).toBe(served);
    expect(running.portal.exchanges).toBe(1);
    // The token exchanged before the restart (cached by the old address: no new exchange) is still good for GraphQL.
    const token = await tokens.get(before, key, now());
    expect(tokens.exchanges).toBe(1);
    const res = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'query V($skip: Int, $batchId: UUID, $limit: Int!) { getFinalDatabaseView(skip: $skip, limit: $limit, batchId: $batchId) { rows totalRows } }',
        variables: { batchId: batch.id, skip: 0, limit: 10 },
      }),
    });
    const view = ((await res.json()) as { data: { getFinalDatabaseView: { rows: { data: unknown; status: string }[]; totalRows: number } } }).data.getFinalDatabaseView;
    expect(view.rows.map((r) => [r.data, r.status])).toEqual([
      [{ name: 'Ada' }, 'accepted'],
      [{ name: 'Bob' }, 'dismissed'],
    ]);
    // The key still works for REST.
    const rest = new PortalApi(running.url, key, 'rest', new PortalTokens(), now);
    expect((await collect(rest.batches(license))).map((b) => [b.id, b.filename, b.status])).toEqual([[batch.id, 'people.csv', 'submitted']]);
    expect(running.portal.requests.slice(served).map((r) => [r.auth, r.status])).toEqual([
      ['token', 200],
      ['key', 200],
    ]);
  });
});
