import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from 'fauxqs';
import type { FastifyRequest } from 'fastify';
import { LOOPBACK } from './loopback.js';

/** How an object came to exist, named after the S3 event that real S3 would send for it. */
export type CreateOperation = 'Put' | 'CompleteMultipartUpload' | 'Copy';

/** An object write fauxqs has committed, observed in-process (fauxqs has no bucket notifications). */
export interface ObjectWrite {
  bucket: string;
  key: string;
  operation: CreateOperation;
  time: Date;
  requestId: string;
  sourceIp: string;
}

export interface FauxqsServer {
  endpoint: string;
  port: number;
  /** Subscribes to committed object writes; returns the unsubscribe function. */
  onObjectWrite(listener: (write: ObjectWrite) => void): () => void;
  stop(): Promise<void>;
}

export interface FauxqsOptions {
  /**
   * Keeps S3 and SQS here across restarts: queues and their messages in SQLite (`sqs/fauxqs.db`), objects as plain
   * files (`s3/buckets/<bucket>/objects/<key>.data`, metadata beside each in `.meta.json`). Without it, queues live in
   * memory and objects in a temporary directory removed by stop().
   */
  dataDir?: string;
}

/**
 * Starts fauxqs (S3 + SQS) on loopback. fauxqs's own startFauxqs() hard-codes host 0.0.0.0, so we build its Fastify
 * app, wire its persistence as startFauxqs() does, and listen ourselves; that also lets us hook every response to see
 * object writes with their real S3 operation.
 * Object bodies are always files, never held in memory between requests (fauxqs keeps only their metadata once a
 * store has persistence; a GET still reads the one body it serves). Measured on Node 24 after a 512 MiB multipart
 * upload and a GC: bodies in memory, RSS 767 MB with 528 MB of buffers; bodies as files, RSS 184 MB with 16 MB.
 */
export async function startFauxqs(region: string, { dataDir }: FauxqsOptions = {}): Promise<FauxqsServer> {
  const scratch = dataDir ? undefined : await mkdtemp(join(tmpdir(), 'flatfeed-s3-'));
  const { stores, close } = await loadStores(dataDir ? { s3Dir: join(dataDir, 's3'), sqsDir: join(dataDir, 'sqs') } : { s3Dir: scratch! });
  const app = buildApp({ logger: false, defaultRegion: region, stores });
  const listeners = new Set<(write: ObjectWrite) => void>();

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 200 || listeners.size === 0) return;
    const write = classify(request);
    if (!write) return;
    const event: ObjectWrite = {
      ...write,
      time: new Date(),
      requestId: String(reply.getHeader('x-amz-request-id') ?? ''),
      sourceIp: request.ip,
    };
    for (const listener of listeners) listener(event);
  });

  let address: string;
  try {
    address = await app.listen({ host: LOOPBACK, port: 0 });
  } catch (err) {
    close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    throw err;
  }
  const port = Number(new URL(address).port);
  const endpoint = `http://${LOOPBACK}:${port}`;
  rehomeQueues(stores.sqsStore, endpoint);
  return {
    endpoint,
    port,
    onObjectWrite(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      await app.close();
      close();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    },
  };
}

type Stores = NonNullable<NonNullable<Parameters<typeof buildApp>[0]>['stores']>;

/**
 * fauxqs's stores, with persistence wired in as its startFauxqs() does (load first, then attach, so loading writes
 * nothing back), and with queue URLs on the endpoint's own origin (http://127.0.0.1:<port>/...): its default,
 * sqs.<region>.localhost, does not resolve here, and the SQS client sends requests to the queue URL's host whenever
 * its endpoint comes from AWS_ENDPOINT_URL_SQS rather than code, so handler code would fail against it.
 * The store and persistence classes are not in fauxqs's exports map; they sit beside its entry point.
 */
async function loadStores({ s3Dir, sqsDir }: { s3Dir: string; sqsDir?: string }): Promise<{ stores: Stores; close: () => void }> {
  const entry = import.meta.resolve('fauxqs');
  const load = (path: string) => import(new URL(path, entry).href);
  const [{ SqsStore }, { SnsStore }, { S3Store }, { FileS3Persistence }, persistenceModule] = await Promise.all([
    load('./sqs/sqsStore.js'),
    load('./sns/snsStore.js'),
    load('./s3/s3Store.js'),
    load('./s3/fileS3Persistence.js'),
    sqsDir ? load('./persistence.js') : undefined,
  ]);
  const sqsStore = new SqsStore();
  sqsStore.host = undefined; // buildQueueUrl() then uses the request's Host header
  const snsStore = new SnsStore();
  const s3Store = new S3Store();
  // Without a data directory (s3Dir a scratch directory, removed on stop) no multipart part is written to a file:
  // fauxqs keeps every part in memory until CompleteMultipartUpload anyway (S3Store.uploadPart), and the part file is
  // there only for an upload to survive a restart, which nothing does in a scratch directory. Part files were ~8 % of
  // local AWS's CPU at 200k rows (bench e2e, --cpu-prof); 100 MB put by 8 MiB parts: 2.15 -> 1.92 CPU s.
  const Files = sqsDir ? FileS3Persistence : class extends FileS3Persistence { upsertMultipartPart(): void {} };
  const s3Files = new Files(s3Dir);
  s3Files.loadS3(s3Store);
  s3Store.persistence = s3Files;
  const sqlite = sqsDir ? new persistenceModule.PersistenceManager(sqsDir) : undefined;
  if (sqlite) {
    sqlite.loadSqsAndSns(sqsStore, snsStore);
    sqsStore.persistence = sqlite;
    snsStore.persistence = sqlite;
    for (const queue of sqsStore.allQueues()) queue.persistence = sqlite;
  }
  return {
    stores: { sqsStore, snsStore, s3Store },
    close: () => {
      s3Files.close();
      sqlite?.close();
    },
  };
}

/**
 * Queues loaded from the data directory keep the URL of the run that created them, with that run's port. fauxqs finds
 * a queue by its name whatever the host, but hands the stored URL out (CreateQueue, GetQueueUrl, ListQueues), and the
 * SQS client would send to the old port. So loaded queues get this run's origin, in memory only: rewriting the stored
 * row (INSERT OR REPLACE) would delete the queue's messages through the table's ON DELETE CASCADE.
 */
function rehomeQueues(sqsStore: Stores['sqsStore'], endpoint: string): void {
  const store = sqsStore as unknown as { queues: Map<string, { url: string }> };
  for (const [url, queue] of [...store.queues]) {
    const rehomed = new URL(new URL(url).pathname, endpoint).href;
    if (rehomed === url) continue;
    queue.url = rehomed;
    store.queues.delete(url);
    store.queues.set(rehomed, queue);
  }
}
/** Mirrors fauxqs's S3 routing (s3Router.js): which requests create an object, and as what. */
function classify(request: FastifyRequest): Pick<ObjectWrite, 'bucket' | 'key' | 'operation'> | undefined {
  const params = request.params as { bucket?: string; '*'?: string } | undefined;
  const bucket = params?.bucket;
  const key = params?.['*'];
  if (!bucket || !key) return undefined;
  const query = (request.query ?? {}) as Record<string, string | undefined>;
  // The SDK adds ?x-id=<Operation>; any other parameter names a sub-resource (?tagging, ?acl, a part upload), which
  // creates no object in S3. (fauxqs does route PutObjectTagging to putObject and overwrites the body: never tag.)
  const subresources = Object.keys(query).filter((k) => k !== 'x-id');
  if (request.method === 'PUT' && subresources.length === 0) {
    return { bucket, key, operation: request.headers['x-amz-copy-source'] ? 'Copy' : 'Put' };
  }
  if (request.method === 'POST' && subresources.length === 1 && query.uploadId) {
    return { bucket, key, operation: 'CompleteMultipartUpload' };
  }
  return undefined;
}
