import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApiError } from './errors.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import type { Reply } from './http.js';
import { newId } from './ids.js';
import { Jobs } from './jobs.js';
import { handleLegacy, isLegacyPath, LegacyPortal } from './legacy/index.js';
import { PlanMemory } from './mapping/memory.js';
import { Persistence } from './persistence.js';
import { AckWatch, CountsCache, RateLimiter, resolveRealism, seedHistory, type Realism } from './realism.js';
import { EventPush, type PushTarget } from './push.js';
import { Router } from './router.js';
import { commitRoutes } from './routes/commits.js';
import { environmentRoutes } from './routes/environments.js';
import { eventRoutes } from './routes/events.js';
import { fileRoutes } from './routes/files.js';
import { jobRoutes } from './routes/jobs.js';
import { miscRoutes } from './routes/misc.js';
import { recordRoutes } from './routes/records.js';
import { sheetRoutes } from './routes/sheets.js';
import { snapshotRoutes } from './routes/snapshots.js';
import { spaceRoutes } from './routes/spaces.js';
import { workbookRoutes } from './routes/workbooks.js';
import type { Services } from './services.js';
import { DiskBlobs, MemoryBlobs } from './store/blobs.js';
import { State } from './store/state.js';
import type { Environment, FileRecord, Space } from './types.js';
import { Workbooks } from './workbooks.js';
import type { MappingOrder } from './mapping/execute.js';
import { RecordWriter } from './writes.js';

export interface EmulatorOptions {
  /** Bearer token every request must carry. */
  token: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default; the emulator has no business on other interfaces. */
  host?: string;
  /** Keep state and file bytes here across restarts; memory only without it. */
  dataDir?: string;
  faults?: FaultOptions;
  /** Push every event, signed, to these URLs (see emulator/README.md). */
  push?: PushTarget[];
  /** Skip `commit:created` for writes sent with `X-Disable-Hooks: true` and no `X-Force-Hooks`. */
  honourDisableHooks?: boolean;
  /**
   * Platform realism (realism.ts), on by default: unacknowledged jobs fail, counts lag writes, the environment holds
   * history. `false` (or env FLATFEED_EMULATOR_REALISM=off) switches it all off; an object overrides parts.
   */
  realism?: Partial<Realism> | false;
  /** Where diagnostics go (push failures, 500s); stderr by default. */
  log?: (line: string) => void;
  /**
   * The order in which a mapping job writes the destination sheet: the source sheet's (default), or a shuffle of it
   * (seeded by the record count, so a resumed job writes the same order). Flatfile documents no order for mapping
   * (docs/flatfile.md), so a pipeline that numbers records by their place must be tested against a shuffle.
   */
  mappingOrder?: MappingOrder;
  /**
   * Tests: each upload waits for this after its first bytes are stored, with `file:created` sent (realism
   * `fileCreatedAtUploadStart`), so a test decides how long an upload stays in flight instead of racing it.
   */
  holdUpload?: (file: FileRecord) => Promise<void>;
}

const json = (res: ServerResponse, status: number, body: string, contentType = 'application/json'): void => {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

/** Byte ranges as one response: corked, so they leave in a single writev without being copied together first. */
const jsonParts = (res: ServerResponse, status: number, parts: Buffer[], contentType = 'application/json'): void => {
  let length = 0;
  for (const p of parts) length += p.length;
  res.writeHead(status, { 'content-type': contentType, 'content-length': length });
  res.cork();
  for (const p of parts) res.write(p);
  res.end(); // uncorks fully
};

const errorBody = (message: string, key?: string): string =>
  JSON.stringify({ errors: [key === undefined ? { message } : { key, message }] });

/** A Flatfile Platform API v1 emulator on one HTTP server. */
export class Emulator {
  private constructor(
    readonly url: string,
    readonly environmentId: string,
    readonly services: Services,
    private readonly server: Server,
    private readonly persistence: Persistence | undefined,
    private readonly push: EventPush | undefined,
    private readonly stopRealism: () => void,
    /** The legacy Portal API (/rest, /auth, /graphql) on the same server; seed its batches here. */
    readonly portal: LegacyPortal,
    /** The request-rate limit (realism `requestsPerSecond`); `limited` counts the 429s it answered. */
    readonly limiter: RateLimiter,
  ) {}

  static async start(options: EmulatorOptions): Promise<Emulator> {
    const log = options.log ?? ((line: string) => process.stderr.write(`flatfeed emulator: ${line}\n`));
    const restored = options.dataDir ? Persistence.load(options.dataDir) : undefined;
    const state = restored?.state ?? State.fresh(new PlanMemory());
    if (state.environments.size === 0) {
      const env: Environment = {
        id: newId('env'),
        accountId: state.accountId,
        name: 'emulator',
        isProd: false,
        guestAuthentication: ['magic_link'],
        features: {},
        metadata: {},
        namespaces: [],
      };
      state.environments.set(env.id, env);
    }
    const blobs = options.dataDir ? new DiskBlobs(join(options.dataDir, 'files')) : new MemoryBlobs();
    const realism = resolveRealism(options.realism);
    const writer = new RecordWriter(state, realism.commitLagMs);
    const workbooks = new Workbooks(state);
    const counts = new CountsCache(realism.countsLagMs, (sheetId) => {
      const sheet = state.sheets.get(sheetId);
      if (sheet) state.events.emit('sheet:counts-updated', 'sheet', state.sheetContext(sheet));
    });
    state.events.subscribe((e) => {
      if ((e.topic === 'commit:created' || e.topic === 'commit:completed') && typeof e.context.sheetId === 'string') counts.touch(e.context.sheetId);
    });
    let jobs: Jobs | undefined;
    const ackWatch = new AckWatch(realism.jobAckTimeoutMs, (jobId, message) => {
      const job = state.jobs.get(jobId);
      if (job && jobs?.isOpen(job)) jobs.fail(job, { info: 'Not acknowledged', outcome: { message } });
    });
    jobs = new Jobs(state, writer, workbooks, blobs, ackWatch, realism.planUpdateEvents, options.mappingOrder);
    if (restored) {
      const resumed = jobs.resume();
      if (resumed > 0) log(`resumed ${resumed} platform job(s) that were running when the emulator stopped`);
    }
    const services: Services = {
      state,
      writer,
      workbooks,
      jobs,
      blobs,
      counts,
      honourDisableHooks: !!options.honourDisableHooks,
      fileCreatedAtUploadStart: realism.fileCreatedAtUploadStart,
      ...(options.holdUpload ? { holdUpload: options.holdUpload } : {}),
    };
    if (realism.history && !restored) seedForeignHistory(state);
    const persistence = options.dataDir ? new Persistence(options.dataDir, state, restored?.entries) : undefined;
    const push = options.push?.length ? new EventPush(options.push, log) : undefined;
    if (push) state.events.subscribe((e) => push.push(e));

    const router = new Router();
    for (const register of [
      environmentRoutes,
      spaceRoutes,
      fileRoutes,
      workbookRoutes,
      sheetRoutes,
      recordRoutes,
      jobRoutes,
      eventRoutes,
      commitRoutes,
      snapshotRoutes,
      miscRoutes,
    ]) {
      register(router, services);
    }
    const faults = options.faults ? new FaultInjector(options.faults) : undefined;
    const portal = new LegacyPortal(options.dataDir ? join(options.dataDir, 'legacy.json') : undefined);
    const limiter = new RateLimiter(realism.requestsPerSecond);
    const handle = requestHandler(router, options.token, faults, persistence, log, portal, limiter);
    const server = createServer((req, res) => void handle(req, res));
    // Longer than clients' idle keep-alive, so a pooled socket is never closed under a request in flight.
    server.keepAliveTimeout = 65_000;
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    const environmentId = [...state.environments.keys()][0]!;
    persistence?.flush();
    return new Emulator(`http://${host}:${port}`, environmentId, services, server, persistence, push, () => {
      counts.stop();
      ackWatch.stop();
    }, portal, limiter);
  }

  /** Writes the state to the data directory now, jobs in flight as they are: what a crash at this moment leaves. */
  save(): void {
    this.services.writer.flush();
    this.persistence?.flush();
  }

  /** Stops accepting requests, lets platform jobs and pushes finish, and saves state. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    await this.services.jobs.idle();
    this.services.writer.flush();
    this.stopRealism();
    await this.push?.drain();
    this.persistence?.flush();
    this.portal.flush();
  }
}

/** Another application's Space with a day-old history, and a Space deleted since (its GET answers 404). */
function seedForeignHistory(state: State): void {
  const environmentId = [...state.environments.keys()][0]!;
  const dayAgo = Date.now() - 86_400_000;
  const foreign: Space = {
    id: newId('sp'),
    name: 'Another application',
    environmentId,
    guestAuthentication: ['magic_link'],
    labels: [],
    metadata: { app: 'not-flatfeed' },
    createdAt: new Date(dayAgo).toISOString(),
    updatedAt: new Date(dayAgo).toISOString(),
  };
  state.spaces.set(foreign.id, foreign);
  let at = dayAgo;
  seedHistory(
    (topic, domain, context, payload = {}) => void state.events.emit(topic, domain, context, payload, { createdAt: new Date((at += 1000)).toISOString() }),
    environmentId,
    { foreignSpace: foreign.id, deletedSpace: newId('sp'), file: newId('fl'), job: newId('jb'), workbook: newId('wb') },
  );
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  return Emulator.start(options);
}

function requestHandler(
  router: Router,
  token: string,
  faults: FaultInjector | undefined,
  persistence: Persistence | undefined,
  log: (line: string) => void,
  portal: LegacyPortal,
  limiter: RateLimiter,
) {
  const expected = `Bearer ${token}`;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      // Split by hand: `new URL("//v1/...")` would read `v1` as a host. `//v1/...` comes from clients given a base
      // with a trailing slash, or a dataUrl with a leading one.
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const pathname = q < 0 ? raw : raw.slice(0, q);
      const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
      const path = pathname.replace(/\/{2,}/g, '/');
      if (isLegacyPath(path)) return await handleLegacy(portal, req, res, path, query);
      // v1 routes are registered without their prefix; the v2-alpha records endpoint with its own.
      const v2 = path.startsWith('/v2-alpha/');
      if (!v2 && (!path.startsWith('/v1/') || path.startsWith('/v1/v2-alpha/'))) throw new ApiError(404, `No route for ${req.method} ${pathname}`);
      if (req.headers.authorization !== expected) throw new ApiError(401, 'Missing or invalid bearer token');
      const match = router.match(req.method ?? 'GET', v2 ? path : path.slice(3));
      if (match === undefined) throw new ApiError(404, `No route for ${req.method} ${pathname}`);
      if (match === 'method') throw new ApiError(405, `${req.method} is not supported on ${pathname}`);
      const waitSeconds = limiter.take();
      if (waitSeconds > 0) {
        res.setHeader('retry-after', String(waitSeconds));
        throw new ApiError(429, `Too many requests: more than the emulator's request rate; retry after ${waitSeconds} s`);
      }
      let lose = false;
      for (const fault of faults?.draw(match.route.name) ?? []) {
        if (fault.kind === 'lose') lose = true;
        else if (fault.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms));
        else if (fault.kind === 'drop') {
          req.socket.destroy();
          return;
        } else if (fault.kind === 'throttle') {
          res.setHeader('retry-after', '1');
          throw new ApiError(429, 'Too many requests (injected fault)');
        } else throw new ApiError(500, 'Internal server error (injected fault)');
      }
      const reply = await match.route.handler({ req, res, params: match.params, query });
      // 'close' comes after 'finish' (the last bytes written to the socket), or when the connection is cut.
      if ('release' in reply && reply.release) res.once('close', reply.release);
      if (lose) {
        // Committed, then the response is lost: the client sees a cut connection.
        if (req.method !== 'GET') persistence?.schedule();
        req.socket.destroy();
        return;
      }
      send(res, reply);
      if (req.method !== 'GET') persistence?.schedule();
    } catch (err) {
      req.resume();
      if (res.headersSent || res.destroyed) return;
      if (err instanceof ApiError) {
        json(res, err.status, errorBody(err.message, err.key));
      } else {
        log(`${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
        json(res, 500, errorBody(`Internal error: ${(err as Error)?.message ?? String(err)}`));
      }
    }
  };
}

function send(res: ServerResponse, reply: Reply): void {
  const status = reply.status ?? 200;
  if ('empty' in reply) {
    res.writeHead(status);
    res.end();
  } else if ('json' in reply) {
    if (typeof reply.json === 'string') json(res, status, reply.json, reply.contentType);
    else jsonParts(res, status, reply.json, reply.contentType);
  } else if ('stream' in reply) {
    res.writeHead(status, {
      'content-type': reply.contentType,
      ...(reply.length !== undefined ? { 'content-length': reply.length } : {}),
    });
    reply.stream.on('error', () => res.destroy());
    reply.stream.pipe(res);
  } else {
    json(res, status, JSON.stringify(reply.body));
  }
}
