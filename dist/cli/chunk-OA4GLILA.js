import {
  startEmulator
} from "./chunk-EVFQIUKD.js";
import {
  destinationPrefix
} from "./chunk-MNF22CDU.js";

// local/pipeline.ts
import { existsSync } from "node:fs";
import { join as join2 } from "node:path";
import { pathToFileURL } from "node:url";

// infra/topology.ts
var VISIBILITY_FACTOR = 6;
var MAX_RECEIVE_COUNT = 5;
function buildTopology(manifest, options = {}) {
  const p = options.prefix ?? "flatfeed";
  const functions = functionSpecs(manifest);
  const visibilityOf = (queue2) => Math.max(
    30 * VISIBILITY_FACTOR,
    ...functions.flatMap(
      (f) => f.trigger.kind === "sqs" && f.trigger.queue === queue2 ? [f.timeoutSeconds * VISIBILITY_FACTOR + f.trigger.maxBatchingWindowSeconds] : []
    )
  );
  const queue = (id, fifo = false) => {
    const suffix = fifo ? ".fifo" : "";
    return {
      id,
      name: `${p}-${id}${suffix}`,
      fifo,
      visibilityTimeoutSeconds: visibilityOf(id),
      retentionDays: 4,
      dlq: { name: `${p}-${id}-dlq${suffix}`, maxReceiveCount: MAX_RECEIVE_COUNT, retentionDays: 14 }
    };
  };
  return {
    buckets: [
      {
        id: "inbox",
        name: `${p}-inbox`,
        versioned: true,
        expiry: manifest.feeds.map((f) => ({ prefix: f.source.inboxPrefix, days: f.source.retainDays })),
        notifications: manifest.feeds.flatMap(
          (f) => (f.source.suffixes ?? [void 0]).map((suffix) => ({
            queue: "ingress",
            events: "s3:ObjectCreated:*",
            prefix: f.source.inboxPrefix,
            ...suffix ? { suffix } : {}
          }))
        )
      },
      { id: "outbox", name: `${p}-outbox`, versioned: false, expiry: [], notifications: [] },
      { id: "rejects", name: `${p}-rejects`, versioned: false, expiry: [], notifications: [] }
    ],
    queues: [queue("ingress"), queue("events", true), queue("work"), queue("egress"), queue("outbound")],
    tables: [
      {
        id: "ledger",
        name: `${p}-ledger`,
        partitionKey: "pk",
        sortKey: "sk",
        ttlAttribute: "expiresAt",
        indexes: [{ name: "byFeed", partitionKey: "feed", sortKey: "createdAt" }]
      }
    ],
    secrets: [
      { id: "flatfileApiKey", name: `${p}/flatfile-api-key`, description: "Flatfile secret key (sk_...)" },
      { id: "webhookSecret", name: `${p}/webhook-secret`, description: "HMAC key shared with the forwarder agent" }
    ],
    functions,
    schedules: [
      { id: "events-poller", expression: "rate(1 minute)", timezone: "UTC", target: "eventsPoller", input: {} },
      { id: "feed-cadence", expression: "rate(15 minutes)", timezone: "UTC", target: "cronFeed", input: { action: "check-cadence" } },
      ...manifest.feeds.flatMap(
        (f) => f.source.pull ? [
          {
            id: `pull-${f.name}`,
            expression: `cron(${f.source.pull.schedule.cron})`,
            timezone: f.source.pull.schedule.timezone,
            target: "cronFeed",
            input: { action: "pull", feed: f.name }
          }
        ] : []
      )
    ]
  };
}
var flatfileEnv = { FLATFILE_API_KEY_SECRET: { secretName: "flatfileApiKey" } };
var ledgerEnv = { LEDGER_TABLE: { table: "ledger" } };
var ledgerGrant = { table: "ledger", access: "readWrite" };
var flatfileGrant = { secret: "flatfileApiKey", access: "read" };
function functionSpecs(manifest) {
  const inboxPrefixes = manifest.feeds.map((f) => f.source.inboxPrefix);
  const pulledPrefixes = manifest.feeds.filter((f) => f.source.pull).map((f) => f.source.inboxPrefix);
  return [
    {
      id: "ingress",
      dir: "ingress",
      memoryMb: 1024,
      timeoutSeconds: 300,
      // Flatfile rate-limits uploads per environment; a handful of parallel ingress runs stays well below it.
      reservedConcurrency: 10,
      trigger: { kind: "sqs", queue: "ingress", batchSize: 5, maxBatchingWindowSeconds: 1 },
      env: { ...flatfileEnv, ...ledgerEnv, OUTBOUND_QUEUE_URL: { queueUrl: "outbound" } },
      grants: [
        { bucket: "inbox", access: "read", prefixes: inboxPrefixes },
        ledgerGrant,
        flatfileGrant,
        { queue: "outbound", access: "send" }
      ]
    },
    {
      id: "eventsPoller",
      dir: "events-poller",
      memoryMb: 256,
      timeoutSeconds: 60,
      // One poller at a time owns the cursor; overlapping runs are still safe (seen-ids guard), just wasteful.
      reservedConcurrency: 1,
      trigger: { kind: "schedule" },
      env: { ...flatfileEnv, ...ledgerEnv, EVENTS_QUEUE_URL: { queueUrl: "events" } },
      grants: [ledgerGrant, flatfileGrant, { queue: "events", access: "send" }]
    },
    {
      id: "webhook",
      dir: "webhook",
      memoryMb: 256,
      timeoutSeconds: 10,
      // The Function URL's throttle: at ~100 ms per signed event, 5 concurrent executions serve about 50 requests/s.
      reservedConcurrency: 5,
      trigger: { kind: "url", maxRequestsPerSecond: 50 },
      env: { WEBHOOK_SECRET_NAME: { secretName: "webhookSecret" }, EVENTS_QUEUE_URL: { queueUrl: "events" } },
      grants: [{ secret: "webhookSecret", access: "read" }, { queue: "events", access: "send" }]
    },
    {
      id: "listener",
      dir: "listener",
      memoryMb: 512,
      timeoutSeconds: 60,
      trigger: { kind: "sqs", queue: "events", batchSize: 10, maxBatchingWindowSeconds: 0 },
      env: {
        ...flatfileEnv,
        ...ledgerEnv,
        WORK_QUEUE_URL: { queueUrl: "work" },
        EGRESS_QUEUE_URL: { queueUrl: "egress" },
        OUTBOUND_QUEUE_URL: { queueUrl: "outbound" }
      },
      grants: [
        ledgerGrant,
        flatfileGrant,
        { queue: "work", access: "send" },
        { queue: "egress", access: "send" },
        { queue: "outbound", access: "send" }
      ]
    },
    {
      id: "worker",
      dir: "worker",
      memoryMb: 1024,
      // Extraction streams (measured ~250 MB RSS for a 200,000-row workbook); validation's unique index is the
      // largest resident structure (~150-200 MB at 1M rows).
      heapMb: 384,
      timeoutSeconds: 600,
      reservedConcurrency: 5,
      trigger: { kind: "sqs", queue: "work", batchSize: 1, maxBatchingWindowSeconds: 0 },
      env: { ...flatfileEnv, ...ledgerEnv, OUTBOUND_QUEUE_URL: { queueUrl: "outbound" } },
      grants: [ledgerGrant, flatfileGrant, { queue: "outbound", access: "send" }]
    },
    {
      id: "egress",
      dir: "egress",
      memoryMb: 1024,
      timeoutSeconds: 600,
      reservedConcurrency: 5,
      trigger: { kind: "sqs", queue: "egress", batchSize: 1, maxBatchingWindowSeconds: 0 },
      env: {
        ...flatfileEnv,
        ...ledgerEnv,
        OUTBOX_BUCKET: { bucket: "outbox" },
        REJECTS_BUCKET: { bucket: "rejects" },
        OUTBOUND_QUEUE_URL: { queueUrl: "outbound" }
      },
      grants: [
        ledgerGrant,
        flatfileGrant,
        // Outbox and rejects objects share the feed's destination prefix (shared/egress/keys.ts).
        { bucket: "outbox", access: "write", prefixes: manifest.feeds.map(destinationPrefix) },
        { bucket: "rejects", access: "write", prefixes: manifest.feeds.map(destinationPrefix) },
        { queue: "outbound", access: "send" }
      ]
    },
    {
      id: "cronFeed",
      dir: "cron-feed",
      memoryMb: 512,
      timeoutSeconds: 300,
      trigger: { kind: "schedule" },
      env: { ...ledgerEnv, INBOX_BUCKET: { bucket: "inbox" } },
      grants: [ledgerGrant, { bucket: "inbox", access: "write", prefixes: pulledPrefixes }, ...pullGrants(manifest)]
    }
  ];
}
function pullGrants(manifest) {
  return manifest.feeds.flatMap((f) => {
    const pull = f.source.pull;
    switch (pull?.type) {
      case void 0:
        return [];
      case "s3":
        return pull.roleArn ? [{ assumeRole: pull.roleArn }] : [{ externalBucket: pull.bucket, prefix: pull.prefix, access: "read" }];
      case "https":
        return pull.headersSecret ? [{ externalSecret: pull.headersSecret, access: "read" }] : [];
      case "sftp":
        return [{ externalSecret: pull.credentialsSecret, access: "read" }];
    }
  });
}

// local/aws.ts
import { join } from "node:path";
import { mkdir } from "node:fs/promises";
import { S3Client, CreateBucketCommand } from "@aws-sdk/client-s3";
import { SQSClient, CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { DynamoDBClient, CreateTableCommand, ResourceInUseException } from "@aws-sdk/client-dynamodb";

// local/fauxqs.ts
import { buildApp } from "fauxqs";

// local/loopback.ts
var LOOPBACK = "127.0.0.1";
function listenOnLoopback(server) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => {
      server.off("error", reject);
      resolve(server.address().port);
    });
  });
}

// local/fauxqs.ts
async function startFauxqs(region) {
  const app = buildApp({ logger: false, defaultRegion: region, stores: await loopbackStores() });
  const listeners = /* @__PURE__ */ new Set();
  app.addHook("onResponse", async (request, reply) => {
    if (reply.statusCode !== 200 || listeners.size === 0) return;
    const write = classify(request);
    if (!write) return;
    const event = {
      ...write,
      time: /* @__PURE__ */ new Date(),
      requestId: String(reply.getHeader("x-amz-request-id") ?? ""),
      sourceIp: request.ip
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
    stop: () => app.close()
  };
}
async function loopbackStores() {
  const entry = import.meta.resolve("fauxqs");
  const load = (path) => import(new URL(path, entry).href);
  const [{ SqsStore }, { SnsStore }, { S3Store }] = await Promise.all([
    load("./sqs/sqsStore.js"),
    load("./sns/snsStore.js"),
    load("./s3/s3Store.js")
  ]);
  const sqsStore = new SqsStore();
  sqsStore.host = void 0;
  return { sqsStore, snsStore: new SnsStore(), s3Store: new S3Store() };
}
function classify(request) {
  const params = request.params;
  const bucket = params?.bucket;
  const key = params?.["*"];
  if (!bucket || !key) return void 0;
  const query = request.query ?? {};
  const subresources = Object.keys(query).filter((k) => k !== "x-id");
  if (request.method === "PUT" && subresources.length === 0) {
    return { bucket, key, operation: request.headers["x-amz-copy-source"] ? "Copy" : "Put" };
  }
  if (request.method === "POST" && subresources.length === 1 && query.uploadId) {
    return { bucket, key, operation: "CompleteMultipartUpload" };
  }
  return void 0;
}

// local/dynamodb.ts
import dynalite from "dynalite";
async function startDynalite(dataDir) {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...dataDir ? { path: dataDir } : {} });
  const port = await listenOnLoopback(server);
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    port,
    stop: () => new Promise((resolve, reject) => {
      server.close((err) => err ? reject(err) : resolve());
      server.closeAllConnections();
    })
  };
}

// local/aws.ts
var LOCAL_REGION = "us-east-1";
var LOCAL_CREDENTIALS = { accessKeyId: "flatfeed-local", secretAccessKey: "flatfeed-local" };
async function startLocalAws({ topology, dataDir }) {
  const fauxqs = await startFauxqs(LOCAL_REGION);
  let dynalitePath;
  if (dataDir) {
    dynalitePath = join(dataDir, "dynamodb");
    await mkdir(dynalitePath, { recursive: true });
  }
  const dynamo = await startDynalite(dynalitePath).catch(async (err) => {
    await fauxqs.stop();
    throw err;
  });
  const endpoints = { s3: fauxqs.endpoint, sqs: fauxqs.endpoint, dynamodb: dynamo.endpoint };
  const base = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const clients = {
    s3: new S3Client({ ...base, endpoint: endpoints.s3, forcePathStyle: true }),
    sqs: new SQSClient({ ...base, endpoint: endpoints.sqs }),
    dynamodb: new DynamoDBClient({ ...base, endpoint: endpoints.dynamodb })
  };
  const stop = async () => {
    for (const client of Object.values(clients)) client.destroy();
    await Promise.all([fauxqs.stop(), dynamo.stop()]);
  };
  try {
    for (const bucket of topology.buckets) await clients.s3.send(new CreateBucketCommand({ Bucket: bucket.name }));
    const queues = await Promise.all(topology.queues.map((q) => createQueueWithDlq(clients.sqs, q)));
    for (const table of topology.tables) {
      await clients.dynamodb.send(createTable(table)).catch((err) => {
        if (!(err instanceof ResourceInUseException)) throw err;
      });
    }
    const byQueue = (pick) => Object.fromEntries(queues.map((q) => [q.id, pick(q)]));
    return {
      region: LOCAL_REGION,
      endpoints,
      env: {
        AWS_REGION: LOCAL_REGION,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_S3: endpoints.s3,
        AWS_ENDPOINT_URL_SQS: endpoints.sqs,
        AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb
      },
      names: {
        buckets: Object.fromEntries(topology.buckets.map((b) => [b.id, b.name])),
        queues: byQueue((q) => q.name),
        tables: Object.fromEntries(topology.tables.map((t) => [t.id, t.name]))
      },
      queueUrls: byQueue((q) => q.url),
      queueArns: byQueue((q) => q.arn),
      dlqUrls: byQueue((q) => q.dlqUrl),
      clients,
      onObjectWrite: (listener) => fauxqs.onObjectWrite(listener),
      stop
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
function applyLocalEnv(local, target = process.env) {
  const previous = Object.fromEntries(Object.keys(local.env).map((k) => [k, target[k]]));
  Object.assign(target, local.env);
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === void 0) delete target[k];
      else target[k] = v;
    }
  };
}
async function createQueueWithDlq(sqs, spec) {
  const fifo = spec.fifo ? { FifoQueue: "true" } : {};
  const retention = (days) => String(days * 24 * 3600);
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: spec.dlq.name,
      Attributes: { ...fifo, MessageRetentionPeriod: retention(spec.dlq.retentionDays) }
    })
  );
  const dlqArn = await queueArn(sqs, dlq.QueueUrl);
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: spec.name,
      Attributes: {
        ...fifo,
        VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
        MessageRetentionPeriod: retention(spec.retentionDays),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.dlq.maxReceiveCount })
      }
    })
  );
  return { id: spec.id, name: spec.name, url: queue.QueueUrl, arn: await queueArn(sqs, queue.QueueUrl), dlqUrl: dlq.QueueUrl };
}
async function queueArn(sqs, url) {
  const res = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }));
  return res.Attributes.QueueArn;
}
function createTable(table) {
  const keys = (partitionKey, sortKey) => [
    { AttributeName: partitionKey, KeyType: "HASH" },
    { AttributeName: sortKey, KeyType: "RANGE" }
  ];
  const attributes = /* @__PURE__ */ new Set([table.partitionKey, table.sortKey, ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  return new CreateTableCommand({
    TableName: table.name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: keys(table.partitionKey, table.sortKey),
    ...table.indexes.length > 0 ? {
      GlobalSecondaryIndexes: table.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: keys(i.partitionKey, i.sortKey),
        Projection: { ProjectionType: "ALL" }
      }))
    } : {}
  });
}

// local/function-env.ts
function functionEnv(topology, fnId, local, callerEnv = process.env) {
  const fn = topology.functions.find((f) => f.id === fnId);
  if (!fn) throw new Error(`topology has no function "${fnId}"`);
  const resolve = (name, ref) => {
    if ("bucket" in ref) return [name, local.names.buckets[ref.bucket]];
    if ("queueUrl" in ref) return [name, local.queueUrls[ref.queueUrl]];
    if ("table" in ref) return [name, local.names.tables[ref.table]];
    if ("secretName" in ref) {
      if (!topology.secrets.some((s) => s.id === ref.secretName)) {
        throw new Error(`function "${fnId}" refers to unknown secret "${ref.secretName}"`);
      }
      const valueVar = secretValueVar(name);
      return [valueVar, callerEnv[valueVar]];
    }
    return [name, ref.value];
  };
  const resolved = Object.entries(fn.env).map(([name, ref]) => resolve(name, ref));
  return {
    ...local.env,
    ...Object.fromEntries(resolved.filter((entry) => entry[1] !== void 0))
  };
}
function secretValueVar(nameVar) {
  return nameVar.endsWith("_NAME") ? nameVar.slice(0, -"_NAME".length) : nameVar.replace(/(?<=.)_SECRET$/, "");
}

// local/s3-notifications.ts
import { randomBytes } from "node:crypto";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";

// local/s3-key.ts
function encodeS3EventKey(key) {
  return new URLSearchParams([["k", key]]).toString().slice("k=".length).replace(/%2F/g, "/");
}

// local/s3-notifications.ts
async function startS3Notifications({ local, topology, onError }) {
  const { s3, sqs } = local.clients;
  const configured = topology.buckets.filter((b) => b.notifications.length > 0);
  for (const bucket of configured) {
    for (const queue of new Set(bucket.notifications.map((n) => n.queue))) {
      await sqs.send(new SendMessageCommand({ QueueUrl: local.queueUrls[queue], MessageBody: JSON.stringify(testEvent(bucket.name)) }));
    }
  }
  const nextSequencer = sequencer();
  let chain = Promise.resolve();
  const deliver = async (write, seq, targets) => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: write.bucket, Key: write.key }));
    for (const { spec, id } of targets) {
      const record = s3Record(write, local.region, id, seq, head.ContentLength ?? 0, (head.ETag ?? "").replace(/"/g, ""));
      await sqs.send(new SendMessageCommand({ QueueUrl: local.queueUrls[spec.queue], MessageBody: JSON.stringify({ Records: [record] }) }));
    }
  };
  const unsubscribe = local.onObjectWrite((write) => {
    const bucket = configured.find((b) => b.name === write.bucket);
    const targets = bucket ? matching(bucket, write.key) : [];
    if (targets.length === 0) return;
    const seq = nextSequencer();
    chain = chain.then(
      () => deliver(write, seq, targets).catch(
        (err) => (onError ?? ((e) => console.error(`s3 notification for s3://${write.bucket}/${write.key} failed:`, e)))(err, write)
      )
    );
  });
  return {
    idle: () => chain,
    async stop() {
      unsubscribe();
      await chain;
    }
  };
}
function matching(bucket, key) {
  return bucket.notifications.map((spec, i) => ({ spec, id: `${bucket.id}-${spec.queue}-${i}` })).filter(({ spec }) => key.startsWith(spec.prefix) && (spec.suffix === void 0 || key.endsWith(spec.suffix)));
}
function s3Record(w, region, configurationId, seq, size, eTag) {
  const principalId = "AWS:FLATFEEDLOCAL";
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: region,
    eventTime: w.time.toISOString(),
    eventName: `ObjectCreated:${w.operation}`,
    userIdentity: { principalId },
    requestParameters: { sourceIPAddress: w.sourceIp },
    responseElements: { "x-amz-request-id": w.requestId, "x-amz-id-2": randomBytes(24).toString("base64") },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId,
      bucket: { name: w.bucket, ownerIdentity: { principalId }, arn: `arn:aws:s3:::${w.bucket}` },
      // No versionId: fauxqs 1.9.2 has no bucket versioning.
      object: { key: encodeS3EventKey(w.key), size, eTag, sequencer: seq }
    }
  };
}
function testEvent(bucket) {
  return {
    Service: "Amazon S3",
    Event: "s3:TestEvent",
    Time: (/* @__PURE__ */ new Date()).toISOString(),
    Bucket: bucket,
    RequestId: randomBytes(8).toString("hex").toUpperCase(),
    HostId: randomBytes(48).toString("base64")
  };
}
function sequencer() {
  let last = 0n;
  return () => {
    const now = BigInt(Date.now()) << 16n;
    last = now > last ? now : last + 1n;
    return last.toString(16).toUpperCase().padStart(16, "0");
  };
}

// local/sqs-trigger.ts
import { setTimeout as sleep } from "node:timers/promises";
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";

// local/lambda-context.ts
import { randomUUID } from "node:crypto";
function lambdaContext(fn, region, functionName = `flatfeed-${fn.id}`) {
  const deadline = Date.now() + fn.timeoutSeconds * 1e3;
  const unsupported = () => {
    throw new Error("callback-style completion (done/fail/succeed) is not supported: return a promise");
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replace(/-/g, "")}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported
  };
}

// local/sqs-trigger.ts
function startSqsTrigger(options) {
  const { local, topology, functionId, handler } = options;
  const fn = topology.functions.find((f) => f.id === functionId);
  if (!fn || fn.trigger.kind !== "sqs") throw new Error(`function "${functionId}" has no sqs trigger in the topology`);
  const { queue, batchSize } = fn.trigger;
  const queueUrl = local.queueUrls[queue];
  const queueArn2 = local.queueArns[queue];
  const sqs = local.clients.sqs;
  const onError = options.onError ?? ((err) => console.error(`[${functionId}] sqs trigger:`, err));
  let stopped = false;
  const pollOnce = async () => {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        // An event source mapping batch can exceed 10; one receive cannot, and the topology's never do.
        MaxNumberOfMessages: Math.min(batchSize, 10),
        WaitTimeSeconds: options.waitTimeSeconds ?? 1,
        ...options.visibilityTimeoutSeconds !== void 0 ? { VisibilityTimeout: options.visibilityTimeoutSeconds } : {},
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"]
      })
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return;
    const event = { Records: messages.map((m) => sqsRecord(m, queueArn2, local.region)) };
    const failed = await invoke(event, lambdaContext(fn, local.region));
    const done = messages.filter((m) => !failed.has(m.MessageId));
    if (done.length > 0) {
      const res = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle }))
        })
      );
      if (res.Failed?.length) onError(new Error(`could not delete ${res.Failed.length} processed message(s)`));
    }
  };
  const invoke = async (event, context) => {
    const all = new Set(event.Records.map((r) => r.messageId));
    let timer;
    try {
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${context.functionName} timed out after ${fn.timeoutSeconds} s`)), fn.timeoutSeconds * 1e3);
      });
      const result = await Promise.race([handler(event, context), timeout]);
      const ids = (result?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
      if (ids.some((id) => !all.has(id))) {
        onError(new Error(`batchItemFailures names unknown message ids: ${JSON.stringify(ids)}`));
        return all;
      }
      return new Set(ids);
    } catch (err) {
      onError(err);
      return all;
    } finally {
      clearTimeout(timer);
    }
  };
  const loop = (async () => {
    while (!stopped) {
      try {
        await pollOnce();
      } catch (err) {
        if (stopped) break;
        onError(err);
        await sleep(250);
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    }
  };
}
function sqsRecord(m, eventSourceARN, awsRegion) {
  return {
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body ?? "",
    attributes: m.Attributes ?? {},
    messageAttributes: Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([name, v]) => [
        name,
        {
          dataType: v.DataType ?? "String",
          ...v.StringValue !== void 0 ? { stringValue: v.StringValue } : {},
          ...v.BinaryValue !== void 0 ? { binaryValue: Buffer.from(v.BinaryValue).toString("base64") } : {},
          stringListValues: v.StringListValues ?? [],
          binaryListValues: (v.BinaryListValues ?? []).map((b) => Buffer.from(b).toString("base64"))
        }
      ])
    ),
    md5OfBody: m.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN,
    awsRegion
  };
}

// local/schedules.ts
import { setTimeout as sleep2 } from "node:timers/promises";
function startSchedules(options) {
  const { topology, handlers } = options;
  const onError = options.onError ?? ((err, s) => console.error(`[schedule ${s.id}]`, err));
  let stopped = false;
  const abort = new AbortController();
  const invoke = async (schedule) => {
    const fn = topology.functions.find((f) => f.id === schedule.target);
    const handler = handlers.get(schedule.target);
    if (!fn || !handler) throw new Error(`schedule ${schedule.id}: no handler for ${schedule.target}`);
    return handler(schedule.input, lambdaContext(fn, options.local.region));
  };
  const loops = topology.schedules.filter((s) => handlers.has(s.target)).map((schedule) => {
    const rate = rateSeconds(schedule.expression);
    if (rate === void 0) return Promise.resolve();
    const every = rate <= 60 ? Math.min(rate, options.everySeconds ?? rate) : rate;
    return (async () => {
      while (!stopped) {
        try {
          await invoke(schedule);
        } catch (err) {
          if (!stopped) onError(err, schedule);
        }
        await sleep2(every * 1e3, void 0, { signal: abort.signal }).catch(() => void 0);
      }
    })();
  });
  return {
    async runNow(scheduleId) {
      const schedule = topology.schedules.find((s) => s.id === scheduleId);
      if (!schedule) throw new Error(`no schedule "${scheduleId}"; known: ${topology.schedules.map((s) => s.id).join(", ")}`);
      return invoke(schedule);
    },
    async stop() {
      stopped = true;
      abort.abort();
      await Promise.all(loops);
    }
  };
}
function rateSeconds(expression) {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!m) return void 0;
  const unit = { minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86400, days: 86400 }[m[2]];
  return Number(m[1]) * unit;
}

// local/pipeline.ts
var ROOT = new URL("..", import.meta.url);
async function startPipeline(options) {
  const topology = buildTopology(options.manifest);
  const local = await startLocalAws({ topology, ...options.dataDir ? { dataDir: options.dataDir } : {} });
  const stops = [() => local.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    let flatfile = options.flatfile;
    if (!flatfile) {
      const token = "flatfeed-local";
      const emulator = await startEmulator({ token, port: 0, ...options.dataDir ? { dataDir: join2(options.dataDir, "flatfile") } : {} });
      stops.push(() => emulator.stop());
      flatfile = { apiUrl: emulator.url, token, environmentId: emulator.environmentId };
    }
    const restore = applyLocalEnv({ env: pipelineEnv(topology, local, flatfile, options.manifestPath) });
    stops.push(restore);
    const wanted = new Set(options.functions ?? topology.functions.map((f) => f.id));
    const functions = topology.functions.filter((f) => wanted.has(f.id));
    const handlers = /* @__PURE__ */ new Map();
    for (const fn of functions) {
      const handler = options.handlers?.[fn.id] ?? await importHandler(fn);
      if (handler) handlers.set(fn.id, handler);
    }
    const bridge = await startS3Notifications({ local, topology });
    stops.push(() => bridge.stop());
    const queueDriven = functions.filter((fn) => fn.trigger.kind === "sqs" && handlers.has(fn.id));
    const triggers = queueDriven.map(
      (fn) => startSqsTrigger({
        local,
        topology,
        functionId: fn.id,
        handler: handlers.get(fn.id),
        ...options.visibilityTimeoutSeconds ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds } : {}
      })
    );
    stops.push(() => Promise.all(triggers.map((t) => t.stop())).then(() => void 0));
    const schedules = startSchedules({
      topology,
      local,
      handlers,
      ...options.scheduleEverySeconds ? { everySeconds: options.scheduleEverySeconds } : {}
    });
    stops.push(() => schedules.stop());
    const rendering = {
      functions: [...handlers.keys()],
      triggers: queueDriven.flatMap(
        (fn) => fn.trigger.kind === "sqs" ? [{ functionId: fn.id, queue: local.names.queues[fn.trigger.queue], batchSize: fn.trigger.batchSize }] : []
      ),
      schedules: topology.schedules.filter((s) => handlers.has(s.target)).map(({ id, expression, timezone, target }) => ({ id, expression, timezone, target })),
      notifications: topology.buckets.flatMap(
        (b) => b.notifications.map((n) => ({
          bucket: b.name,
          queue: local.names.queues[n.queue],
          prefix: n.prefix,
          ...n.suffix ? { suffix: n.suffix } : {}
        }))
      )
    };
    return { topology, local, flatfile, rendering, notificationsIdle: () => bridge.idle(), stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
function pipelineEnv(topology, local, flatfile, manifestPath) {
  const caller = { ...process.env, FLATFILE_API_KEY: flatfile.token };
  const merged = {};
  for (const fn of topology.functions) Object.assign(merged, functionEnv(topology, fn.id, local, caller));
  return {
    ...merged,
    MANIFEST_PATH: manifestPath,
    FLATFILE_ENVIRONMENT_ID: flatfile.environmentId,
    ...flatfile.apiUrl ? { FLATFILE_API_URL: flatfile.apiUrl } : {},
    POWERTOOLS_TRACE_ENABLED: "false",
    // One minute per invocation suits Lambda; locally the schedule runner calls the poller back to back.
    EVENTS_POLL_SECONDS: "1",
    EVENTS_POLL_INTERVAL_MS: "200",
    EVENTS_POLL_RESERVE_MS: "0"
  };
}
async function importHandler(fn) {
  const file = new URL(`functions/${fn.dir}/handler.ts`, ROOT);
  if (!existsSync(file)) return void 0;
  const mod = await import(pathToFileURL(file.pathname).href);
  return mod.handler;
}

export {
  startPipeline
};
//# sourceMappingURL=chunk-OA4GLILA.js.map
