// The pipeline's resources as plain data. The CDK stack (infra/stack.ts) and the embedded runtime (local/) both render
// this, so what runs on one machine is what deploys. No CDK import here, on purpose.
import type { Manifest } from '../shared/manifest/index.js';
import { destinationPrefix } from '../shared/manifest/routing.js';
import { STAGES, type Stage } from '../shared/run/states.js';
import { changesQueueEnv, changesQueueId } from '../shared/subscribe/queues.js';

export type BucketId = 'inbox' | 'outbox' | 'rejects';
/** `changes` (shared) and `changes-<feed>` (a feed's own) carry change subscriptions' events, FIFO. */
export type QueueId = 'ingress' | 'events' | 'work' | 'egress' | 'outbound' | 'changes' | `changes-${string}`;
export type TableId = 'ledger';
export type SecretId = 'flatfileApiKey' | 'webhookSecret' | 'writeSecret';
export type FunctionId = 'ingress' | 'eventsPoller' | 'webhook' | 'listener' | 'worker' | 'egress' | 'cronFeed' | 'proxy' | 'recordWrite' | 'watchdog';

export interface BucketSpec {
  id: BucketId;
  name: string;
  versioned: boolean;
  /** Per-feed expiry of objects under a prefix (inbox retention); prefix `''` is the whole bucket. */
  expiry: { prefix: string; days: number }[];
  notifications: NotificationSpec[];
}

export interface NotificationSpec {
  queue: QueueId;
  events: 's3:ObjectCreated:*';
  prefix: string;
  suffix?: string;
}

export interface QueueSpec {
  id: QueueId;
  name: string;
  fifo: boolean;
  visibilityTimeoutSeconds: number;
  retentionDays: number;
  dlq: { name: string; maxReceiveCount: number; retentionDays: number };
}

export interface TableSpec {
  id: TableId;
  name: string;
  partitionKey: string;
  sortKey: string;
  ttlAttribute: string;
  /** Global secondary indexes (string keys), e.g. runs by feed and time for `flatfeed runs --feed`. */
  indexes: { name: string; partitionKey: string; sortKey: string }[];
}

export interface SecretSpec {
  id: SecretId;
  name: string;
  description: string;
}

export type Trigger =
  | { kind: 'sqs'; queue: QueueId; batchSize: number; maxBatchingWindowSeconds: number; maxConcurrency?: number }
  | { kind: 'schedule' }
  /** `auth: 'iam'`: callers sign with SigV4 and need lambda:InvokeFunctionUrl; absent: open, the handler verifies. */
  | { kind: 'url'; maxRequestsPerSecond: number; auth?: 'iam' };

/** A resource reference a function receives as an environment variable. */
export type EnvRef =
  | { bucket: BucketId }
  | { queueUrl: QueueId }
  | { table: TableId }
  | { secretName: SecretId }
  | { value: string };

export type Grant =
  /** `prefixes` limits the grant to those key prefixes; absent means the whole bucket. */
  | { bucket: BucketId; access: 'read' | 'write' | 'readWrite'; prefixes?: string[] }
  | { queue: QueueId; access: 'send' | 'consume' }
  | { table: TableId; access: 'readWrite' }
  | { secret: SecretId; access: 'read' }
  // Scheduled pulls (cron-feed) reach outside the stack: a partner's bucket or role, a secret the operator made.
  | { externalBucket: string; prefix: string; access: 'read' }
  | { assumeRole: string }
  | { externalSecret: string; access: 'read' };

export interface FunctionSpec {
  id: FunctionId;
  /** Folder under functions/ holding handler.ts. */
  dir: string;
  memoryMb: number;
  /**
   * V8 old-space cap (--max-old-space-size). Without it V8 lets the heap grow toward the function's whole memory
   * before collecting; streaming stages need a fraction of that, and the cap keeps them honest.
   */
  heapMb?: number;
  /**
   * V8 semi-space cap (--max-semi-space-size; the young generation is two of them). V8 sizes it from the machine's
   * memory: Node 24 in 1 GiB (a memory cgroup of 1,024 MiB) picks 16 MiB, on this 24 GiB machine 64 MiB. Set
   * explicitly, a process hosting the function elsewhere (bench e2e) sizes its heap as the Lambda does.
   */
  semiSpaceMb?: number;
  timeoutSeconds: number;
  /** Lambda's /tmp, when the function needs more than the 512 MiB it has by default. */
  ephemeralStorageMb?: number;
  reservedConcurrency?: number;
  trigger: Trigger;
  env: Record<string, EnvRef>;
  grants: Grant[];
}

export interface ScheduleSpec {
  id: string;
  /** EventBridge Scheduler expression: rate(...) or cron(...). */
  expression: string;
  timezone: string;
  target: FunctionId;
  input: Record<string, unknown>;
}

export interface Topology {
  buckets: BucketSpec[];
  queues: QueueSpec[];
  tables: TableSpec[];
  secrets: SecretSpec[];
  functions: FunctionSpec[];
  schedules: ScheduleSpec[];
}

/** Lambda's SQS guidance: visibility timeout at least six times the consumer's timeout. */
export const VISIBILITY_FACTOR = 6;
export const MAX_RECEIVE_COUNT = 5;

export interface TopologyOptions {
  /** Prefix of physical names (local runs; CDK lets CloudFormation name things). */
  prefix?: string;
}

/**
 * The queue whose consumer moves a run out of each stage. Where the platform does the stage's work (its own
 * extraction of CSV in `uploaded`, the mapping job), the stage gets the allowance of our worker's queue: the platform
 * streams the same file our worker would.
 */
export const STAGE_QUEUE: Readonly<Record<Stage, QueueId>> = {
  received: 'ingress',
  uploaded: 'work',
  extracting: 'work',
  mapping: 'work',
  validating: 'work',
  egressing: 'egress',
};

/**
 * How long a run may stay in each stage without progress before the watchdog acts (seconds): the stage queue's
 * visibility timeout (by then SQS has handed a dead holder's message to another consumer) plus the consumer's own
 * timeout (the time that consumer may take). Derived, so it follows any change of the timeouts it rests on.
 */
export function stageDeadlines(queues: readonly Pick<QueueSpec, 'id' | 'visibilityTimeoutSeconds'>[], functions: readonly FunctionSpec[]): Record<Stage, number> {
  const deadline = (stage: Stage): number => {
    const queue = queues.find((q) => q.id === STAGE_QUEUE[stage]);
    const consumer = functions.find((f) => f.trigger.kind === 'sqs' && f.trigger.queue === STAGE_QUEUE[stage]);
    if (!queue || !consumer) throw new Error(`stage ${stage}: no queue ${STAGE_QUEUE[stage]} with a consumer in the topology`);
    return queue.visibilityTimeoutSeconds + consumer.timeoutSeconds;
  };
  return Object.fromEntries(STAGES.map((s) => [s, deadline(s)])) as Record<Stage, number>;
}

/** A function's V8 flags, from its spec: rendered into NODE_OPTIONS by the stack, passed as node arguments locally. */
export function v8Flags(spec: Pick<FunctionSpec, 'heapMb' | 'semiSpaceMb'>): string[] {
  return [
    ...(spec.heapMb ? [`--max-old-space-size=${spec.heapMb}`] : []),
    ...(spec.semiSpaceMb ? [`--max-semi-space-size=${spec.semiSpaceMb}`] : []),
  ];
}

/**
 * The V8 flags of one process that hosts several functions (the end-to-end bench's functions process): each cap at
 * the tightest any of them has, so no function gets more heap than it has in its own Lambda.
 */
export function hostV8Flags(specs: readonly Pick<FunctionSpec, 'heapMb' | 'semiSpaceMb'>[]): string[] {
  const tightest = (pick: (s: Pick<FunctionSpec, 'heapMb' | 'semiSpaceMb'>) => number | undefined) => {
    const caps = specs.map(pick).filter((n): n is number => n !== undefined);
    return caps.length > 0 ? Math.min(...caps) : undefined;
  };
  const heapMb = tightest((s) => s.heapMb);
  const semiSpaceMb = tightest((s) => s.semiSpaceMb);
  return v8Flags({ ...(heapMb ? { heapMb } : {}), ...(semiSpaceMb ? { semiSpaceMb } : {}) });
}

export function buildTopology(manifest: Manifest, options: TopologyOptions = {}): Topology {
  const p = options.prefix ?? 'flatfeed';
  const pipeline = functionSpecs(manifest);
  // Lambda's SQS guidance: six times the consumer's timeout, plus its batching window (records wait in the batch).
  const visibilityOf = (queue: QueueId) =>
    Math.max(
      30 * VISIBILITY_FACTOR,
      ...pipeline.flatMap((f) =>
        f.trigger.kind === 'sqs' && f.trigger.queue === queue
          ? [f.timeoutSeconds * VISIBILITY_FACTOR + f.trigger.maxBatchingWindowSeconds]
          : [],
      ),
    );

  const queue = (id: QueueId, fifo = false): QueueSpec => {
    const suffix = fifo ? '.fifo' : '';
    return {
      id,
      name: `${p}-${id}${suffix}`,
      fifo,
      visibilityTimeoutSeconds: visibilityOf(id),
      retentionDays: 4,
      dlq: { name: `${p}-${id}-dlq${suffix}`, maxReceiveCount: MAX_RECEIVE_COUNT, retentionDays: 14 },
    };
  };
  const queues = [
    queue('ingress'),
    queue('events', true),
    queue('work'),
    queue('egress'),
    queue('outbound'),
    // FIFO: a record's changes stay in order (message group = record id) and a repeat is dropped (deduplication id).
    ...[...new Set(manifest.feeds.filter((f) => f.subscribe).map(changesQueueId))].map((id) => queue(id, true)),
  ];
  const functions = [...pipeline, watchdogSpec(stageDeadlines(queues, pipeline))];

  return {
    buckets: [
      {
        id: 'inbox',
        name: `${p}-inbox`,
        versioned: true,
        expiry: [
          ...manifest.feeds.map((f) => ({ prefix: f.source.inboxPrefix, days: f.source.retainDays })),
          // Objects no feed claims (ingress ends them `unrouted`, with a notice) expire too. S3 lifecycle rules cannot
          // say "no feed's prefix", so this rule spans the bucket with the longest retention any feed has: where two
          // rules overlap the shorter wins, so it never cuts a feed's own retention short.
          { prefix: '', days: unroutedRetainDays(manifest) },
        ],
        // Every object is seen: one notification for the whole bucket, and ingress routes by the manifest. Per-feed
        // prefix filters would leave a key no feed claims (`acme/Contacts/` for `acme/contacts/`) unnoticed forever.
        notifications: [{ queue: 'ingress' as const, events: 's3:ObjectCreated:*' as const, prefix: '' }],
      },
      { id: 'outbox', name: `${p}-outbox`, versioned: false, expiry: [], notifications: [] },
      { id: 'rejects', name: `${p}-rejects`, versioned: false, expiry: [], notifications: [] },
    ],
    queues,
    tables: [
      {
        id: 'ledger',
        name: `${p}-ledger`,
        partitionKey: 'pk',
        sortKey: 'sk',
        ttlAttribute: 'expiresAt',
        indexes: [
          { name: 'byFeed', partitionKey: 'feed', sortKey: 'createdAt' },
          // Sparse: only runs in a stage carry activeStage, so the watchdog reads stuck runs, never the whole table.
          { name: 'byStage', partitionKey: 'activeStage', sortKey: 'progressAt' },
        ],
      },
    ],
    secrets: [
      { id: 'flatfileApiKey', name: `${p}/flatfile-api-key`, description: 'Flatfile secret key (sk_...)' },
      { id: 'webhookSecret', name: `${p}/webhook-secret`, description: 'HMAC key shared with the forwarder agent' },
      ...(manifest.feeds.some((f) => f.source.write)
        ? [{ id: 'writeSecret' as const, name: `${p}/write-secret`, description: 'HMAC key of clients writing records to feeds' }]
        : []),
    ],
    functions,
    schedules: [
      { id: 'events-poller', expression: 'rate(1 minute)', timezone: 'UTC', target: 'eventsPoller', input: {} },
      { id: 'feed-cadence', expression: 'rate(15 minutes)', timezone: 'UTC', target: 'cronFeed', input: { action: 'check-cadence' } },
      // Every minute: the shortest deadline is minutes long, and a pass reads only runs in a stage (sparse index).
      { id: 'watchdog', expression: 'rate(1 minute)', timezone: 'UTC', target: 'watchdog', input: {} },
      ...manifest.feeds.flatMap((f) =>
        f.source.pull
          ? [
              {
                id: `pull-${f.name}`,
                expression: `cron(${f.source.pull.schedule.cron})`,
                timezone: f.source.pull.schedule.timezone,
                target: 'cronFeed' as const,
                input: { action: 'pull', feed: f.name },
              },
            ]
          : [],
      ),
      // A rate, so the local runtime plays it as EventBridge would (local/schedules.ts runs cron() only on demand).
      ...manifest.feeds.flatMap((f) =>
        f.egress.resync
          ? [
              {
                id: `resync-${f.name}`,
                expression: `rate(${f.egress.resync.every})`,
                timezone: 'UTC',
                target: 'cronFeed' as const,
                input: { action: 'resync', feed: f.name },
              },
            ]
          : [],
      ),
    ],
  };
}

/** Days an object no feed claims stays in the inbox: the longest feed retention, at least the default 30. */
export function unroutedRetainDays(manifest: Manifest): number {
  return Math.max(30, ...manifest.feeds.map((f) => f.source.retainDays));
}

/**
 * V8 caps of the functions that stream a partner's file (ingress, the worker, egress), rendered into NODE_OPTIONS.
 * Their live heap stays under ~120 MiB at 1M rows (bench e2e, memoryUsage every 500 ms); without caps V8 let the heap
 * grow to 428 MiB, mostly garbage, before collecting, and kept those pages resident for the rest of the process
 * (functions' peak RSS 699–726 MiB at 1M XLSX, 423 with the caps). 16 MiB semi-spaces are what Node 24 picks for itself
 * with 1 GiB of memory (measured under a 1 GiB memory cgroup); set here, any process that hosts the function sizes
 * its young generation the same.
 */
const STREAMING_HEAP = { heapMb: 384, semiSpaceMb: 16 } as const;
const flatfileEnv: Record<string, EnvRef> = { FLATFILE_API_KEY_SECRET: { secretName: 'flatfileApiKey' } };
const ledgerEnv: Record<string, EnvRef> = { LEDGER_TABLE: { table: 'ledger' } };
const ledgerGrant: Grant = { table: 'ledger', access: 'readWrite' };
const flatfileGrant: Grant = { secret: 'flatfileApiKey', access: 'read' };

function functionSpecs(manifest: Manifest): FunctionSpec[] {
  const inboxPrefixes = manifest.feeds.map((f) => f.source.inboxPrefix);
  const pulledPrefixes = manifest.feeds.filter((f) => f.source.pull).map((f) => f.source.inboxPrefix);
  const writePrefixes = manifest.feeds.filter((f) => f.source.write).map((f) => `${f.source.inboxPrefix}records/`);
  const subscribed = manifest.feeds.filter((f) => f.subscribe);
  const resyncs = manifest.feeds.some((f) => f.egress.resync);
  return [
    {
      id: 'ingress',
      dir: 'ingress',
      memoryMb: 1024,
      ...STREAMING_HEAP,
      timeoutSeconds: 300,
      // Flatfile rate-limits uploads per environment; a handful of parallel ingress runs stays well below it.
      reservedConcurrency: 10,
      trigger: { kind: 'sqs', queue: 'ingress', batchSize: 5, maxBatchingWindowSeconds: 1 },
      // The events queue: an upload's file:created, handed to the listener once the upload is complete and linked.
      env: { ...flatfileEnv, ...ledgerEnv, OUTBOUND_QUEUE_URL: { queueUrl: 'outbound' }, EVENTS_QUEUE_URL: { queueUrl: 'events' } },
      grants: [
        { bucket: 'inbox', access: 'read', prefixes: inboxPrefixes },
        ledgerGrant,
        flatfileGrant,
        { queue: 'outbound', access: 'send' },
        { queue: 'events', access: 'send' },
      ],
    },
    {
      id: 'eventsPoller',
      dir: 'events-poller',
      memoryMb: 256,
      timeoutSeconds: 60,
      // One poller at a time owns the cursor; overlapping runs are still safe (seen-ids guard), just wasteful.
      reservedConcurrency: 1,
      trigger: { kind: 'schedule' },
      env: { ...flatfileEnv, ...ledgerEnv, EVENTS_QUEUE_URL: { queueUrl: 'events' } },
      grants: [ledgerGrant, flatfileGrant, { queue: 'events', access: 'send' }],
    },
    {
      id: 'webhook',
      dir: 'webhook',
      memoryMb: 256,
      timeoutSeconds: 10,
      // The Function URL's throttle: at ~100 ms per signed event, 5 concurrent executions serve about 50 requests/s.
      reservedConcurrency: 5,
      trigger: { kind: 'url', maxRequestsPerSecond: 50 },
      env: { WEBHOOK_SECRET_NAME: { secretName: 'webhookSecret' }, EVENTS_QUEUE_URL: { queueUrl: 'events' } },
      grants: [{ secret: 'webhookSecret', access: 'read' }, { queue: 'events', access: 'send' }],
    },
    {
      id: 'listener',
      dir: 'listener',
      memoryMb: 512,
      timeoutSeconds: 60,
      trigger: { kind: 'sqs', queue: 'events', batchSize: 10, maxBatchingWindowSeconds: 0 },
      env: {
        ...flatfileEnv,
        ...ledgerEnv,
        WORK_QUEUE_URL: { queueUrl: 'work' },
        EGRESS_QUEUE_URL: { queueUrl: 'egress' },
        OUTBOUND_QUEUE_URL: { queueUrl: 'outbound' },
      },
      grants: [
        ledgerGrant,
        flatfileGrant,
        { queue: 'work', access: 'send' },
        { queue: 'egress', access: 'send' },
        { queue: 'outbound', access: 'send' },
      ],
    },
    {
      id: 'worker',
      dir: 'worker',
      memoryMb: 1024,
      ...STREAMING_HEAP,
      timeoutSeconds: 600,
      // exceljs spools every worksheet that comes before sharedStrings.xml (Excel's own order) to a temp file,
      // uncompressed: 560 MB for the bench's 1M-row sheet, about 7× the XLSX, more than the default 512 MiB /tmp.
      // Lambda's largest /tmp, so any XLSX a partner sends that fits in the worker's 10 minutes fits on disk too.
      ephemeralStorageMb: 10_240,
      reservedConcurrency: 5,
      trigger: { kind: 'sqs', queue: 'work', batchSize: 1, maxBatchingWindowSeconds: 0 },
      env: {
        ...flatfileEnv,
        ...ledgerEnv,
        OUTBOUND_QUEUE_URL: { queueUrl: 'outbound' },
        ...Object.fromEntries(subscribed.map((f) => [changesQueueEnv(f), { queueUrl: changesQueueId(f) }])),
      },
      grants: [
        ledgerGrant,
        flatfileGrant,
        { queue: 'outbound', access: 'send' },
        ...[...new Set(subscribed.map(changesQueueId))].map((queue) => ({ queue, access: 'send' as const })),
      ],
    },
    {
      id: 'egress',
      dir: 'egress',
      memoryMb: 1024,
      ...STREAMING_HEAP,
      timeoutSeconds: 600,
      reservedConcurrency: 5,
      trigger: { kind: 'sqs', queue: 'egress', batchSize: 1, maxBatchingWindowSeconds: 0 },
      env: {
        ...flatfileEnv,
        ...ledgerEnv,
        OUTBOX_BUCKET: { bucket: 'outbox' },
        REJECTS_BUCKET: { bucket: 'rejects' },
        OUTBOUND_QUEUE_URL: { queueUrl: 'outbound' },
      },
      grants: [
        ledgerGrant,
        flatfileGrant,
        // Outbox and rejects objects share the feed's destination prefix (shared/egress/keys.ts).
        { bucket: 'outbox', access: 'write', prefixes: manifest.feeds.map(destinationPrefix) },
        { bucket: 'rejects', access: 'write', prefixes: manifest.feeds.map(destinationPrefix) },
        { queue: 'outbound', access: 'send' },
      ],
    },
    {
      id: 'cronFeed',
      dir: 'cron-feed',
      memoryMb: 512,
      timeoutSeconds: 300,
      trigger: { kind: 'schedule' },
      // Re-syncs (egress.resync) create egress jobs in Flatfile: only then does cron-feed read the Flatfile key.
      env: { ...ledgerEnv, INBOX_BUCKET: { bucket: 'inbox' }, ...(resyncs ? flatfileEnv : {}) },
      grants: [
        ledgerGrant,
        { bucket: 'inbox', access: 'write', prefixes: pulledPrefixes },
        ...pullGrants(manifest),
        ...(resyncs ? [flatfileGrant] : []),
      ],
    },
    ...(writePrefixes.length > 0
      ? [
          {
            id: 'recordWrite' as const,
            dir: 'record-write',
            memoryMb: 512,
            timeoutSeconds: 30,
            reservedConcurrency: 5,
            // Clients sign with the write secret (HMAC, verified by the handler) rather than SigV4: partners have no IAM.
            trigger: { kind: 'url' as const, maxRequestsPerSecond: 20 },
            env: { ...ledgerEnv, INBOX_BUCKET: { bucket: 'inbox' as const }, WRITE_SECRET_NAME: { secretName: 'writeSecret' as const } },
            grants: [
              ledgerGrant,
              { bucket: 'inbox' as const, access: 'write' as const, prefixes: writePrefixes },
              { secret: 'writeSecret' as const, access: 'read' as const },
            ],
          },
        ]
      : []),
    ...(manifest.proxy
      ? [
          {
            id: 'proxy' as const,
            dir: 'proxy',
            memoryMb: 256,
            timeoutSeconds: 30,
            reservedConcurrency: 5,
            // Internal callers sign with SigV4 (AWS_IAM); the allow-list in the manifest bounds what they reach.
            trigger: { kind: 'url' as const, maxRequestsPerSecond: 20, auth: 'iam' as const },
            env: { ...flatfileEnv },
            grants: [flatfileGrant],
          },
        ]
      : []),
  ];
}

/**
 * The watchdog: runs with no progress past their stage's deadline are re-driven once (an S3 notification again for
 * `received`, the run's Flatfile events again under new ids for the later stages), else ended `stalled`.
 */
function watchdogSpec(deadlines: Record<Stage, number>): FunctionSpec {
  return {
    id: 'watchdog',
    dir: 'watchdog',
    memoryMb: 256,
    timeoutSeconds: 60,
    // One pass at a time; an overlapping one would still re-drive each run once (a ledger step), just wastefully.
    reservedConcurrency: 1,
    trigger: { kind: 'schedule' },
    env: {
      ...flatfileEnv,
      ...ledgerEnv,
      INGRESS_QUEUE_URL: { queueUrl: 'ingress' },
      EVENTS_QUEUE_URL: { queueUrl: 'events' },
      OUTBOUND_QUEUE_URL: { queueUrl: 'outbound' },
      STAGE_DEADLINES: { value: JSON.stringify(deadlines) },
    },
    grants: [
      ledgerGrant,
      flatfileGrant,
      { queue: 'ingress', access: 'send' },
      { queue: 'events', access: 'send' },
      { queue: 'outbound', access: 'send' },
    ],
  };
}

/** What cron-feed needs to read each pulled feed's source. */
function pullGrants(manifest: Manifest): Grant[] {
  return manifest.feeds.flatMap((f): Grant[] => {
    const pull = f.source.pull;
    switch (pull?.type) {
      case undefined:
        return [];
      case 's3':
        return pull.roleArn
          ? [{ assumeRole: pull.roleArn }]
          : [{ externalBucket: pull.bucket, prefix: pull.prefix, access: 'read' }];
      case 'https':
        return pull.headersSecret ? [{ externalSecret: pull.headersSecret, access: 'read' }] : [];
      case 'sftp':
      case 'flatfile-portal':
        return [{ externalSecret: pull.credentialsSecret, access: 'read' }];
    }
  });
}
