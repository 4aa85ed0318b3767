import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { loadManifest } from '../../shared/manifest/index.js';
import { buildTopology } from '../../infra/topology.js';
import { startLocalAws } from '../../local/aws.js';

describe('startLocalAws with a dataDir', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the ledger across a restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'flatfeed-local-'));
    const topology = buildTopology(await loadManifest());
    const item = { pk: { S: 'run#1' }, sk: { S: 'file#a.csv' }, state: { S: 'claimed' } };

    const first = await startLocalAws({ topology, dataDir: dir });
    const TableName = first.names.tables.ledger;
    try {
      await first.clients.dynamodb.send(new PutItemCommand({ TableName, Item: item }));
    } finally {
      await first.stop();
    }
    const second = await startLocalAws({ topology, dataDir: dir });
    try {
      const { Item } = await second.clients.dynamodb.send(new GetItemCommand({ TableName, Key: { pk: item.pk, sk: item.sk } }));
      expect(Item).toEqual(item);
    } finally {
      await second.stop();
    }
  });
});
