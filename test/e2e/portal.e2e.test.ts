import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { parseManifest } from '../../shared/manifest/parse-yaml.js';
import { pullSecretVar } from '../../shared/pull/index.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';

// A legacy Portal batch, pulled by the real cron-feed handler on its schedule's input, runs through the whole
// pipeline like a dropped file: one run per batch, done, its counts reconciled; pulled again, nothing new.

const LICENSE = randomUUID();
const SECRET_NAME = 'portal/acme-key';
const ROWS = [
  { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', phone: '+44 20 7946 0000', company: 'Engines Ltd', country: 'GB', status: 'active', signup_date: '2026-01-05' },
  { email: 'bad-email', first_name: 'Alan', last_name: 'Turing', phone: '+44 161 496 0001', company: 'Bletchley', country: 'GB', status: 'lead', signup_date: '2026-02-06' },
  { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', phone: '+1 212 555 0100', company: 'Navy', country: 'US', status: 'active', signup_date: '2026-03-07' },
];

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let emulator: Emulator;
let p: TestPipeline;
let dir: string;
let cronFeed: Handler;
const context = () => lambdaContext(p.topology.functions.find((f) => f.id === 'cronFeed')!, 'us-east-1');

beforeAll(async () => {
  emulator = await startEmulator({ token: 'portal-e2e' });
  const key = emulator.portal.createKey();
  dir = mkdtempSync(join(tmpdir(), 'flatfeed-portal-e2e-'));
  const doc = parseDocument(readFileSync('feeds/feeds.yaml', 'utf8'));
  doc.setIn(['feeds', 0, 'source', 'pull'], { type: 'flatfile-portal', licenseKey: LICENSE, credentialsSecret: SECRET_NAME, pageSize: 2, schedule: { cron: '0 * * * ? *' } });
  const manifestPath = join(dir, 'feeds.yaml');
  symlinkSync(resolve('feeds/hooks'), join(dir, 'hooks')); // the example's hook modules, relative to the manifest
  writeFileSync(manifestPath, doc.toString());
  process.env[pullSecretVar(SECRET_NAME)] = JSON.stringify(key);
  process.env.FLATFILE_PORTAL_URL = emulator.url;
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress'], {
    manifest: parseManifest(doc.toString(), manifestPath),
    manifestPath,
    flatfile: { apiUrl: emulator.url, token: 'portal-e2e', environmentId: emulator.environmentId },
  });
  ({ handler: cronFeed } = (await import('../../functions/cron-feed/handler.js')) as unknown as { handler: Handler });
}, 120_000);
afterAll(async () => {
  delete process.env[pullSecretVar(SECRET_NAME)];
  delete process.env.FLATFILE_PORTAL_URL;
  await p?.stop();
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('legacy Portal batch → run', () => {
  it('a submitted batch becomes one done run with reconciled counts; the next pull takes nothing', async () => {
    const batch = emulator.portal.submitBatch({
      licenseKey: LICENSE,
      filename: 'acme.csv',
      rows: [...ROWS, { mapped: { ...ROWS[0], email: 'dismissed@example.com' }, status: 'dismissed' }],
    });
    const first = (await cronFeed({ action: 'pull', feed: 'contacts' }, context())) as { ok: boolean; report: { copied: string[] } };
    expect(first.ok).toBe(true);
    expect(first.report.copied).toHaveLength(1);
    const key = first.report.copied[0]!;
    expect(key).toContain(`acme/contacts/portal/`);
    expect(key).toContain(batch.id);

    const run = await p.runOf(key, ['done', 'mismatch', 'needs-review', 'rejected']);
    expect(run.state).toBe('done');
    expect(run.counts).toMatchObject({ rowsRead: 3, recordsCreated: 3, valid: 2, invalid: 1, egressed: 2, rejected: 1 });

    const second = (await cronFeed({ action: 'pull', feed: 'contacts' }, context())) as { ok: boolean; report: { copied: string[]; skipped: number } };
    expect(second).toMatchObject({ ok: true, report: { copied: [], skipped: 1 } });
    expect((await p.ledger.listRuns('contacts')).filter((r) => r.key.includes('/portal/'))).toHaveLength(1);
  });
});
