import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { buildTopology } from '../../../infra/topology.js';
import { startLocalAws, type LocalAws } from '../../../local/aws.js';
import { createDocumentClient } from '../../../shared/aws/clients.js';
import { Ledger } from '../../../shared/ledger/index.js';
import { type Manifest } from '../../../shared/manifest/index.js';
import { parseManifest } from '../../../shared/manifest/parse-yaml.js';
import type { PullDeps } from '../../../shared/pull/index.js';

/** A manifest of pull feeds, as a partner setup would declare them (JSON is YAML). */
export function pullManifest(
  feeds: { name: string; inboxPrefix: string; pull: Record<string, unknown>; cadence?: Record<string, unknown>; accept?: string[] }[],
): Manifest {
  return parseManifest(
    JSON.stringify({
      version: 1,
      feeds: feeds.map((f) => ({
        name: f.name,
        source: { inboxPrefix: f.inboxPrefix, pull: f.pull },
        format: { accept: f.accept ?? ['csv'] },
        sheet: { slug: 'rows', name: 'Rows' },
        fields: [{ key: 'id', type: 'string' }],
        ...(f.cadence ? { expectations: { cadence: f.cadence } } : {}),
      })),
    }),
  );
}

export interface PullStack {
  local: LocalAws;
  ledger: Ledger;
  inbox: string;
  /** Pull deps on the local stack; source buckets are in it too. */
  deps(overrides?: Partial<PullDeps>): PullDeps;
  /** Inbox keys under a prefix, sorted. */
  inboxKeys(prefix: string): Promise<string[]>;
  inboxText(key: string): Promise<string>;
}

export async function startPullStack(manifest: Manifest, secrets: Record<string, string> = {}): Promise<PullStack> {
  const local = await startLocalAws({ topology: buildTopology(manifest) });
  const ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger);
  const inbox = local.names.buckets.inbox;
  const quiet = { info: () => undefined, warn: () => undefined };
  return {
    local,
    ledger,
    inbox,
    deps: (overrides = {}) => ({
      inbox: { s3: local.clients.s3, bucket: inbox },
      ledger,
      secret: async (name) => {
        const value = secrets[name];
        if (value === undefined) throw new Error(`test has no secret ${name}`);
        return value;
      },
      sourceS3: () => local.clients.s3,
      log: quiet,
      now: () => new Date('2025-06-10T09:00:00Z'),
      ...overrides,
    }),
    async inboxKeys(prefix) {
      const r = await local.clients.s3.send(new ListObjectsV2Command({ Bucket: inbox, Prefix: prefix }));
      return (r.Contents ?? []).map((o) => o.Key!).sort();
    },
    async inboxText(key) {
      const r = await local.clients.s3.send(new GetObjectCommand({ Bucket: inbox, Key: key }));
      return r.Body!.transformToString();
    },
  };
}
