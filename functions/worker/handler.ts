import { dirname } from 'node:path';
import * as z from 'zod';
import { createDocumentClient, createSqsClient } from '../../shared/aws/clients.js';
import { handleExtractWork } from '../../shared/extract/index.js';
import { connectFlatfile } from '../../shared/flatfile/connect.js';
import { Ledger } from '../../shared/ledger/index.js';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../../shared/manifest/index.js';
import { readEnv } from '../../shared/runtime/env.js';
import { once } from '../../shared/runtime/once.js';
import { sqsHandler } from '../../shared/runtime/sqs-handler.js';
import { createTelemetry } from '../../shared/telemetry/index.js';
import { deliverChanges } from '../../shared/subscribe/index.js';
import { loadFeedHooks, validateCommit } from '../../shared/validate/index.js';
import { WORKER_FLATFILE_RESOURCES } from '../../shared/work/flatfile-resources.js';
import { WorkMessage, type ValidateWork } from '../../shared/work/messages.js';

const Env = z.object({
  MANIFEST_PATH: z.string().default(DEFAULT_MANIFEST_PATH),
  LEDGER_TABLE: z.string().min(1),
  OUTBOUND_QUEUE_URL: z.url(),
});

const telemetry = createTelemetry('worker');

const setup = once(async () => {
  const env = readEnv(Env);
  const flatfile = await connectFlatfile(WORKER_FLATFILE_RESOURCES);
  return {
    flatfile,
    manifestDir: dirname(env.MANIFEST_PATH),
    manifest: await loadManifest(env.MANIFEST_PATH),
    ledger: new Ledger(createDocumentClient(), env.LEDGER_TABLE),
    sqs: createSqsClient(),
    outboundQueueUrl: env.OUTBOUND_QUEUE_URL,
  };
});

/** Work queue → heavy work the listener handed over: extraction of a non-native file, a commit's validation, or a subscribed sheet's changes. */
export const handler = sqsHandler<unknown>(telemetry, async (record) => {
  const d = await setup();
  // A malformed message is a bug in the producer: throwing sends it to the DLQ after the retries.
  const work = WorkMessage.parse(record.body);
  if (work.kind === 'extract') {
    await handleExtractWork(work, { api: d.flatfile.api, connection: connection(d), environmentId: d.flatfile.environmentId, manifest: d.manifest, ledger: d.ledger, telemetry, sqs: d.sqs, outboundQueueUrl: d.outboundQueueUrl });
    return;
  }
  if (work.kind === 'changes') {
    await deliverChanges({ api: d.flatfile.api, ledger: d.ledger, sqs: d.sqs, telemetry }, feedOf(d, work.feed), work.sheetId);
    return;
  }
  await validate(work, d);
});

function feedOf(d: Awaited<ReturnType<typeof setup>>, name: string) {
  const feed = d.manifest.feeds.find((f) => f.name === name);
  if (!feed) throw new Error(`feed ${name} is not in the manifest`);
  return feed;
}

const connection = ({ flatfile }: Awaited<ReturnType<typeof setup>>) => ({ token: flatfile.token, ...(flatfile.apiUrl ? { apiUrl: flatfile.apiUrl } : {}) });

async function validate(work: ValidateWork, d: Awaited<ReturnType<typeof setup>>): Promise<void> {
  const feed = feedOf(d, work.feed);
  const result = await validateCommit(d.flatfile.api, work, feed, {
    connection: connection(d),
    hooks: await loadFeedHooks(feed, d.manifestDir),
  });
  telemetry.logger.info('commit validated', { feed: feed.name, ...result });
}
