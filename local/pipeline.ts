import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildTopology, stageDeadlines, type FunctionId, type FunctionSpec, type Topology } from '../infra/topology.js';
import type { Manifest } from '../shared/manifest/index.js';
import { startEmulator } from '../emulator/index.js';
import { applyLocalEnv, startLocalAws, type LocalAws } from './aws.js';
import { functionEnv } from './function-env.js';
import { startS3Notifications, type S3NotificationBridge } from './s3-notifications.js';
import { startSqsTrigger, type SqsHandler, type SqsTrigger } from './sqs-trigger.js';
import { startSchedules, type ScheduleRunner } from './schedules.js';

/** The repository root: one up from local/ in the sources, two up from dist/cli/ in the built CLI (cli/build.mjs). */
const ROOT = [new URL('..', import.meta.url), new URL('../..', import.meta.url)].find((u) => existsSync(new URL('functions/', u))) ?? new URL('..', import.meta.url);

/** Real Flatfile (FLATFILE_API_KEY + FLATFILE_ENVIRONMENT_ID) or the emulator started here. */
export interface FlatfileTarget {
  apiUrl?: string;
  token: string;
  environmentId: string;
}

export interface PipelineOptions {
  manifest: Manifest;
  manifestPath: string;
  /** Use this Flatfile instead of starting the emulator. */
  flatfile?: FlatfileTarget;
  /** Only run these functions (default: every function whose handler exists). */
  functions?: FunctionId[];
  /** Handlers to use instead of functions/<dir>/handler.ts, e.g. a test double for one stage. */
  handlers?: Partial<Record<FunctionId, SqsHandler>>;
  /**
   * Wraps each queue-driven function's handler as its SQS trigger calls it: where a test plays SQS's at-least-once
   * delivery (every message twice, test/support/duplicate-delivery.ts) around the real handler.
   */
  deliverThrough?: (functionId: FunctionId, handler: SqsHandler) => SqsHandler;
  /** Shorter visibility timeouts locally, so redelivery and the DLQ show up in seconds, not minutes. */
  visibilityTimeoutSeconds?: number;
  /** Run schedules this often instead of their real cadence (local runs want events every second or so). */
  scheduleEverySeconds?: number;
  dataDir?: string;
  /**
   * Local AWS already running in another process (as it runs apart from the functions in AWS): used as it is, and
   * its owner plays the S3 notifications, so no bridge starts here. Stopping the pipeline leaves it running.
   */
  local?: LocalAws;
}

/** What the embedded runtime turned the topology into: compared with the CDK stack by the parity test. */
export interface Rendering {
  functions: FunctionId[];
  triggers: { functionId: FunctionId; queue: string; batchSize: number }[];
  schedules: { id: string; expression: string; timezone: string; target: FunctionId }[];
  notifications: { bucket: string; queue: string; prefix: string; suffix?: string }[];
}

export interface Pipeline {
  topology: Topology;
  local: LocalAws;
  flatfile: FlatfileTarget;
  rendering: Rendering;
  /** Resolves once every object write so far has become a notification. */
  notificationsIdle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The embedded default: the topology rendered on this machine. Local AWS (fauxqs + dynalite), the Flatfile emulator
 * (unless a real one is given), S3 notifications into the ingress queue, one SQS trigger per queue-driven function
 * and a runner for the schedules, all invoking the real handlers with the environment the topology gives them.
 */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const topology = buildTopology(options.manifest);
  const local = options.local ?? (await startLocalAws({ topology, ...(options.dataDir ? { dataDir: options.dataDir } : {}) }));
  const stops: (() => Promise<void> | void)[] = options.local ? [] : [() => local.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    let flatfile = options.flatfile;
    // The emulator serves the legacy Portal API too (flatfile-portal pulls); real Flatfile's is api.<region>.flatfile.io.
    let portalUrl: string | undefined;
    if (!flatfile) {
      const token = 'flatfeed-local';
      const emulator = await startEmulator({ token, port: 0, ...(options.dataDir ? { dataDir: join(options.dataDir, 'flatfile') } : {}) });
      stops.push(() => emulator.stop());
      flatfile = { apiUrl: emulator.url, token, environmentId: emulator.environmentId };
      portalUrl = emulator.url;
    }
    // In-process functions share process.env; every function resolves a variable name to the same value.
    // The events poller's first poll starts here, as a deployment's would: the environment's history is not ours.
    const deployedAt = new Date().toISOString();
    const env = pipelineEnv(topology, local, flatfile, options.manifestPath, portalUrl);
    if (options.visibilityTimeoutSeconds !== undefined) {
      // The watchdog's deadlines rest on the visibility timeouts: derive them from the ones this stack really uses.
      const queues = topology.queues.map((q) => ({ ...q, visibilityTimeoutSeconds: options.visibilityTimeoutSeconds! }));
      env.STAGE_DEADLINES = JSON.stringify(stageDeadlines(queues, topology.functions));
    }
    const restore = applyLocalEnv({ env: { ...env, EVENTS_START_AT: deployedAt } });
    stops.push(restore);

    const wanted = new Set(options.functions ?? topology.functions.map((f) => f.id));
    const functions = topology.functions.filter((f) => wanted.has(f.id));
    const handlers = new Map<FunctionId, SqsHandler>();
    for (const fn of functions) {
      const handler = options.handlers?.[fn.id] ?? (await importHandler(fn));
      if (handler) handlers.set(fn.id, handler);
    }

    const bridge: S3NotificationBridge | undefined = options.local ? undefined : await startS3Notifications({ local, topology });
    if (bridge) stops.push(() => bridge.stop());
    const queueDriven = functions.filter((fn) => fn.trigger.kind === 'sqs' && handlers.has(fn.id));
    const triggers: SqsTrigger[] = queueDriven.map((fn) =>
        startSqsTrigger({
          local,
          topology,
          functionId: fn.id,
          handler: options.deliverThrough ? options.deliverThrough(fn.id, handlers.get(fn.id)!) : handlers.get(fn.id)!,
          ...(options.visibilityTimeoutSeconds ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds } : {}),
        }),
      );
    stops.push(() => Promise.all(triggers.map((t) => t.stop())).then(() => undefined));
    const schedules: ScheduleRunner = startSchedules({
      topology,
      local,
      handlers: handlers as Map<FunctionId, (event: unknown, context: never) => Promise<unknown>>,
      ...(options.scheduleEverySeconds ? { everySeconds: options.scheduleEverySeconds } : {}),
    });
    stops.push(() => schedules.stop());

    const rendering: Rendering = {
      functions: [...handlers.keys()],
      triggers: queueDriven.flatMap((fn) =>
        fn.trigger.kind === 'sqs' ? [{ functionId: fn.id, queue: local.names.queues[fn.trigger.queue]!, batchSize: fn.trigger.batchSize }] : [],
      ),
      schedules: topology.schedules
        .filter((s) => handlers.has(s.target))
        .map(({ id, expression, timezone, target }) => ({ id, expression, timezone, target })),
      notifications: topology.buckets.flatMap((b) =>
        b.notifications.map((n) => ({
          bucket: b.name,
          queue: local.names.queues[n.queue]!,
          prefix: n.prefix,
          ...(n.suffix ? { suffix: n.suffix } : {}),
        })),
      ),
    };
    return { topology, local, flatfile, rendering, notificationsIdle: () => bridge?.idle() ?? Promise.resolve(), stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/** Every function's environment merged: names never clash, and each resolves to the same value for all. */
function pipelineEnv(
  topology: Topology,
  local: LocalAws,
  flatfile: FlatfileTarget,
  manifestPath: string,
  portalUrl: string | undefined,
): Record<string, string> {
  const caller = { ...process.env, FLATFILE_API_KEY: flatfile.token };
  const merged: Record<string, string> = {};
  for (const fn of topology.functions) Object.assign(merged, functionEnv(topology, fn.id, local, caller));
  return {
    ...merged,
    MANIFEST_PATH: manifestPath,
    FLATFILE_ENVIRONMENT_ID: flatfile.environmentId,
    ...(flatfile.apiUrl ? { FLATFILE_API_URL: flatfile.apiUrl } : {}),
    ...(portalUrl ? { FLATFILE_PORTAL_URL: portalUrl } : {}),
    POWERTOOLS_TRACE_ENABLED: 'false',
    // One minute per invocation suits Lambda; locally the schedule runner calls the poller back to back.
    EVENTS_POLL_SECONDS: '1',
    EVENTS_POLL_INTERVAL_MS: '200',
    EVENTS_POLL_RESERVE_MS: '0',
  };
}

async function importHandler(fn: FunctionSpec): Promise<SqsHandler | undefined> {
  const file = new URL(`functions/${fn.dir}/handler.ts`, ROOT);
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file.pathname).href)) as { handler?: SqsHandler };
  return mod.handler;
}
