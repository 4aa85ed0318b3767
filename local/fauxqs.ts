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

/**
 * Starts fauxqs (S3 + SQS) on loopback. fauxqs's own startFauxqs() hard-codes host 0.0.0.0, so we build its Fastify
 * app and listen ourselves; that also lets us hook every response to see object writes with their real S3 operation.
 */
export async function startFauxqs(region: string): Promise<FauxqsServer> {
  const app = buildApp({ logger: false, defaultRegion: region, stores: await loopbackStores() });
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

  const address = await app.listen({ host: LOOPBACK, port: 0 });
  const port = Number(new URL(address).port);
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    port,
    onObjectWrite(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => app.close(),
  };
}

type Stores = NonNullable<NonNullable<Parameters<typeof buildApp>[0]>['stores']>;

/**
 * fauxqs's stores, with queue URLs on the endpoint's own origin (http://127.0.0.1:<port>/...). Its default,
 * sqs.<region>.localhost, does not resolve here, and the SQS client sends requests to the queue URL's host whenever
 * its endpoint comes from AWS_ENDPOINT_URL_SQS rather than code, so handler code would fail against it.
 * The store classes are not in fauxqs's exports map; they sit beside its entry point.
 */
async function loopbackStores(): Promise<Stores> {
  const entry = import.meta.resolve('fauxqs');
  const load = (path: string) => import(new URL(path, entry).href);
  const [{ SqsStore }, { SnsStore }, { S3Store }] = await Promise.all([
    load('./sqs/sqsStore.js'),
    load('./sns/snsStore.js'),
    load('./s3/s3Store.js'),
  ]);
  const sqsStore = new SqsStore();
  sqsStore.host = undefined; // buildQueueUrl() then uses the request's Host header
  return { sqsStore, snsStore: new SnsStore(), s3Store: new S3Store() };
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
