import type { Json } from './types.js';

/**
 * Platform realism: behaviour of real Flatfile that a pipeline must survive, on by default so that every test meets
 * it (sources in docs/flatfile.md). Tests that need a simpler world switch parts off with `realism: { … }` or all of
 * it with `realism: false`; `FLATFEED_EMULATOR_REALISM=off` does the same for a whole process.
 */
export interface Realism {
  /**
   * Jobs the platform does not run itself (extractors', egress) are failed this long after their last ack or their
   * start (`job:failed`): "automatically fail jobs that are still executing but haven't been acknowledged", 5 min
   * (platform changelog 2023-11-28). 0: never.
   */
  jobAckTimeoutMs: number;
  /**
   * Record counts are cached: a sheet's counts are those of before its writes until this long after its last write,
   * then `sheet:counts-updated` (changelog 2023-09-01; the lag itself is undocumented — 2 s here). 0: always fresh.
   */
  countsLagMs: number;
  /**
   * The environment is not empty at start: another application's Space with a history of events (a finished
   * extraction among them), and a Space that has since been deleted (`space:deleted`, then 404).
   */
  history: boolean;
  /**
   * A commit completes this long after what completes it (the hook's write-back with `?commitId=`, `POST
   * /commits/{id}/complete`, or a write that runs no hooks): until then it is listed by `GET
   * /sheets/{id}/commits?completed=false`, and `commit:completed` comes after. Completion is asynchronous on the platform
   * (changelog 2024-01-18 describes it, not its timing: the delay is unverified, 1 s here). 0: at once.
   */
  commitLagMs: number;
  /**
   * `PUT`/`PATCH /jobs/{id}/plan` emits `job:updated` (the job is updated; whether the platform announces it is
   * undocumented and no Flatfile plugin calls these routes): a listener that plans on `job:updated` must not loop.
   */
  planUpdateEvents: boolean;
  /**
   * Requests per second (per emulator, a token bucket holding two seconds' worth) beyond which a request is answered
   * 429 with `Retry-After` (whole seconds until a token is free). Flatfile documents neither its limits nor its
   * headers (the SDK retries 429 and ignores Retry-After): the 200/s here is a guess, unverified. 0: unlimited.
   */
  requestsPerSecond: number;
  /**
   * `file:created` is sent when an upload begins ("Called when a file upload begins or a new file is created",
   * Guides `learning-center/concepts/events.mdx`): the file is listed and readable from then on, `bytesReceived`
   * counting the bytes stored so far and `size` 0 until the body has ended (what a streamed upload's size is while it
   * runs is unverified; the SDK's `File_` example shows a partial upload with `bytesReceived` below `size`), and a
   * download returns only what has arrived. Native extraction starts once the upload is complete (changelog
   * 2023-08-25: "As soon as the upload is complete, these files are instantly extracted"). An upload cut off
   * half-way leaves no file (`file:deleted`). false: `file:created` once the body is stored, as before.
   */
  fileCreatedAtUploadStart: boolean;
}

export const REAL_PLATFORM: Realism = { jobAckTimeoutMs: 300_000, countsLagMs: 2_000, history: true, commitLagMs: 1_000, planUpdateEvents: true, requestsPerSecond: 200, fileCreatedAtUploadStart: true };
export const NO_REALISM: Realism = { jobAckTimeoutMs: 0, countsLagMs: 0, history: false, commitLagMs: 0, planUpdateEvents: false, requestsPerSecond: 0, fileCreatedAtUploadStart: false };

export function resolveRealism(option: Partial<Realism> | false | undefined, env: NodeJS.ProcessEnv = process.env): Realism {
  if (option === false || (option === undefined && /^(off|0|false)$/i.test(env.FLATFEED_EMULATOR_REALISM ?? ''))) return NO_REALISM;
  return { ...REAL_PLATFORM, ...option };
}

type Counts = { total: number; valid: number; error: number };

/** Cached record counts: stale while a sheet was written within `lagMs`, refreshed (and announced) after. */
export class CountsCache {
  private readonly sheets = new Map<string, { timer?: NodeJS.Timeout; cache: Map<string, Counts>; published: boolean }>();

  constructor(
    private readonly lagMs: number,
    private readonly publish: (sheetId: string) => void,
  ) {}

  /** A write to the sheet: counts stay as they were until `lagMs` after the last one. */
  touch(sheetId: string): void {
    if (this.lagMs <= 0) return;
    let entry = this.sheets.get(sheetId);
    if (!entry) this.sheets.set(sheetId, (entry = { cache: new Map(), published: false }));
    clearTimeout(entry.timer);
    const e = entry;
    e.timer = setTimeout(() => {
      e.timer = undefined;
      e.cache.clear();
      e.published = true;
      this.publish(sheetId);
    }, this.lagMs);
    e.timer.unref();
  }

  read(sheetId: string, key: string, compute: () => Counts): Counts {
    const entry = this.sheets.get(sheetId);
    if (entry?.timer) return entry.cache.get(key) ?? (entry.published ? compute() : { total: 0, valid: 0, error: 0 });
    const counts = compute();
    if (this.lagMs > 0) {
      const e = entry ?? { cache: new Map<string, Counts>(), published: true };
      e.cache.set(key, counts);
      this.sheets.set(sheetId, e);
    }
    return counts;
  }

  stop(): void {
    for (const e of this.sheets.values()) clearTimeout(e.timer);
  }
}

/** A token bucket over all API requests: `take()` is 0 when a request may go, else the seconds to ask it to wait. */
export class RateLimiter {
  private tokens: number;
  private at: number;
  /** Requests answered 429 so far (tests read it). */
  limited = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perSecond * 2;
    this.at = now();
  }

  take(): number {
    if (this.perSecond <= 0) return 0;
    const t = this.now();
    this.tokens = Math.min(this.perSecond * 2, this.tokens + ((t - this.at) / 1000) * this.perSecond);
    this.at = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    this.limited++;
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
  }
}

/** Fails jobs nobody acknowledged in time, as the platform does. */
export class AckWatch {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly timeoutMs: number,
    private readonly expire: (jobId: string, message: string) => void,
  ) {}

  /** The job started or was acknowledged: its window starts again. */
  arm(jobId: string): void {
    if (this.timeoutMs <= 0) return;
    clearTimeout(this.timers.get(jobId));
    const timer = setTimeout(() => {
      this.timers.delete(jobId);
      this.expire(jobId, `Job was not acknowledged for ${Math.round(this.timeoutMs / 1000)} s and was failed by the platform`);
    }, this.timeoutMs);
    timer.unref();
    this.timers.set(jobId, timer);
  }

  disarm(jobId: string): void {
    clearTimeout(this.timers.get(jobId));
    this.timers.delete(jobId);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** What `history` seeds: a foreign application's Space with old events, and a deleted Space. */
export function seedHistory(emit: (topic: string, domain: string, context: Json & { environmentId: string }, payload?: Json) => void, environmentId: string, ids: { foreignSpace: string; deletedSpace: string; file: string; job: string; workbook: string }): void {
  const foreign = { environmentId, spaceId: ids.foreignSpace };
  emit('space:created', 'space', foreign);
  emit('file:created', 'file', { ...foreign, fileId: ids.file });
  emit('job:completed', 'job', { ...foreign, fileId: ids.file, jobId: ids.job }, { job: 'file:extract', operation: 'extract', status: 'complete' });
  emit('workbook:created', 'workbook', { ...foreign, workbookId: ids.workbook });
  emit('commit:created', 'workbook', { ...foreign, workbookId: ids.workbook, sheetId: `${ids.workbook}_sh` });
  const deleted = { environmentId, spaceId: ids.deletedSpace };
  emit('space:created', 'space', deleted);
  emit('file:created', 'file', { ...deleted, fileId: `${ids.file}d` });
  emit('space:deleted', 'space', deleted);
}
