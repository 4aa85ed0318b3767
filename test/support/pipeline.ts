import { HeadObjectCommand, PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { FlatfileClient } from '@flatfile/api';
import { createDocumentClient } from '../../shared/aws/clients.js';
import { Ledger, type Run, type RunState } from '../../shared/ledger/index.js';
import { DEFAULT_MANIFEST_PATH, loadManifest, type Manifest } from '../../shared/manifest/index.js';
import type { FunctionId, QueueId } from '../../infra/topology.js';
import { startPipeline, type Pipeline, type PipelineOptions } from '../../local/pipeline.js';
import { waitFor } from './wait.js';

export interface TestPipeline extends Pipeline {
  manifest: Manifest;
  api: FlatfileClient;
  ledger: Ledger;
  drop(key: string, body: PutObjectCommandInput['Body']): Promise<void>;
  /** Waits until the run of a key (its first run, or the one matching `member`) reaches one of the states. */
  runOf(key: string, states: RunState[], member?: string): Promise<Run>;
  /** Every message currently on a queue (or its DLQ), received without deleting, bodies parsed. */
  peek(queue: QueueId, dlq?: boolean): Promise<unknown[]>;
}

/** The embedded pipeline with the example manifest, for integration tests: real handlers, real clients. */
export async function startTestPipeline(
  functions: FunctionId[],
  options: Partial<PipelineOptions> = {},
): Promise<TestPipeline> {
  const manifest = options.manifest ?? (await loadManifest(DEFAULT_MANIFEST_PATH));
  const pipeline = await startPipeline({
    manifest,
    manifestPath: DEFAULT_MANIFEST_PATH,
    functions,
    visibilityTimeoutSeconds: 2,
    scheduleEverySeconds: 1,
    ...options,
  });
  const api = new FlatfileClient({ token: pipeline.flatfile.token, ...(pipeline.flatfile.apiUrl ? { apiUrl: pipeline.flatfile.apiUrl } : {}) });
  const ledger = new Ledger(createDocumentClient(pipeline.local.clients.dynamodb), pipeline.local.names.tables.ledger);
  const inbox = pipeline.local.names.buckets.inbox;

  return {
    ...pipeline,
    manifest,
    api,
    ledger,
    async drop(key, body) {
      await pipeline.local.clients.s3.send(new PutObjectCommand({ Bucket: inbox, Key: key, Body: body }));
    },
    async runOf(key, states, member) {
      // Found by its object, as ingress names it: the run id is derived from bucket, key, ETag (and member).
      // 120 s: at a load of 15-20 (five engineers' tests on two cores) two small files took over 45 s to end.
      return waitFor(`a run of ${key}${member ? ` member ${member}` : ''} in state ${states.join('|')}`, async () => {
        const head = await pipeline.local.clients.s3.send(new HeadObjectCommand({ Bucket: inbox, Key: key }));
        const etag = head.ETag?.replaceAll('"', '') ?? '';
        const run = await ledger.getRun(Ledger.runIdOf({ bucket: inbox, key, etag, ...(member ? { member } : {}) }));
        return run && states.includes(run.state) ? run : undefined;
      }, 120_000);
    },
    async peek(queue, dlq = false) {
      const url = dlq ? pipeline.local.dlqUrls[queue] : pipeline.local.queueUrls[queue];
      const out: unknown[] = [];
      for (;;) {
        const r = await pipeline.local.clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }),
        );
        if (!r.Messages?.length) return out;
        out.push(...r.Messages.map((m) => JSON.parse(m.Body ?? 'null') as unknown));
      }
    },
  };
}
