import { setTimeout as sleep } from 'node:timers/promises';
import type { FlatfileApi } from '../flatfile/client.js';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Ledger } from '../ledger/index.js';
import { EventCursor } from './cursor.js';
import { enqueueEvents } from './enqueue.js';
import type { EventEnvelope } from './envelope.js';

export interface PollerDeps {
  api: Pick<FlatfileApi, 'events'>;
  environmentId: string;
  ledger: Ledger;
  sqs: SQSClient;
  queueUrl: string;
  log?: (message: string, details: Record<string, unknown>) => void;
}

export interface PollOptions {
  /** No request is started after this instant (epoch ms). */
  deadline: number;
  /** GET /events defaults to 10; ask for large pages. */
  pageSize?: number;
  /** Pause after a pass that found nothing new. */
  intervalMs?: number;
  /**
   * Each pass re-reads this far behind the cursor: events sharing the cursor's timestamp, or committed a little out
   * of order, are read again instead of lost. The repeats are dropped by this poller, by SQS deduplication (5 min)
   * and by the listener's processOnce.
   */
  overlapMs?: number;
  /**
   * Where to start when the environment has no cursor yet (ISO); absent: now, the first poll after deployment.
   * Never from the oldest event: the environment's history (other applications' Spaces, deleted Spaces, old
   * `job:completed` that would start new mappings) is not flatfeed's to replay.
   */
  startAt?: string;
  /** Return after the first pass that finds nothing new (draining, tests); the scheduled run polls to the deadline. */
  stopWhenIdle?: boolean;
  signal?: AbortSignal;
  now?: () => number;
}

export interface PollReport {
  passes: number;
  pages: number;
  enqueued: number;
  cursor: string | undefined;
  stoppedBy: 'deadline' | 'idle' | 'aborted';
}

type ListedEvent = Awaited<ReturnType<FlatfileApi['events']['list']>>['data'][number];

const millis = (d: Date | string): number => (d instanceof Date ? d.getTime() : Date.parse(d));

/**
 * Polls GET /events of one environment until the deadline and puts every event on the events FIFO queue. The cursor
 * in the ledger only moves after the events before it are enqueued (at-least-once), and only forward, so a crashed,
 * restarted or overlapping poller re-reads rather than skips.
 */
export async function pollEvents(deps: PollerDeps, options: PollOptions): Promise<PollReport> {
  const { pageSize = 1000, intervalMs = 2000, overlapMs = 5000, now = Date.now } = options;
  const cursor = new EventCursor(deps.ledger, deps.environmentId);
  // Ids this invocation has enqueued, with their time, so the overlap is not re-sent on every pass.
  const sent = new Map<string, number>();
  const report: PollReport = { passes: 0, pages: 0, enqueued: 0, cursor: undefined, stoppedBy: 'deadline' };
  const stopReason = (): PollReport['stoppedBy'] | undefined =>
    options.signal?.aborted ? 'aborted' : now() >= options.deadline ? 'deadline' : undefined;

  // The first poll stores where it starts, so an invocation that finds nothing does not move the start forward.
  let position: string | undefined = (await cursor.read()) ?? (await cursor.advance(options.startAt ?? new Date(now()).toISOString()));
  for (;;) {
    const stop = stopReason();
    if (stop) return { ...report, stoppedBy: stop, cursor: position };
    const since = position === undefined ? undefined : new Date(millis(position) - overlapMs);
    const pass = await pollPass(since);
    report.passes++;
    position = pass.cursor ?? position;
    if (since) for (const [id, at] of sent) if (at < since.getTime()) sent.delete(id);
    deps.log?.('events pass', { since: since?.toISOString(), pages: pass.pages, enqueued: pass.fresh, cursor: position });
    if (pass.fresh === 0) {
      if (options.stopWhenIdle) return { ...report, stoppedBy: 'idle', cursor: position };
      const wait = Math.min(intervalMs, options.deadline - now());
      if (wait > 0) await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
    }
  }

  /** Reads every page from `since`; the cursor advances page by page while the pages come oldest first. */
  async function pollPass(since: Date | undefined): Promise<{ fresh: number; pages: number; cursor?: string }> {
    let fresh = 0;
    let ascending = true;
    let last = -Infinity;
    let newest = -Infinity;
    let moved: string | undefined;
    for (let pageNumber = 1; ; pageNumber++) {
      const { data: page } = await deps.api.events.list({
        environmentId: deps.environmentId,
        ...(since ? { since } : {}),
        pageSize,
        pageNumber,
        // Acknowledged events stay in the listing, so another consumer's acks cannot shift the pages under us.
        includeAcknowledged: true,
      });
      report.pages++;
      const unsent = page.filter((e: ListedEvent) => !sent.has(e.id));
      await enqueueEvents(deps.sqs, deps.queueUrl, unsent as unknown as EventEnvelope[]);
      for (const e of unsent) sent.set(e.id, millis(e.createdAt));
      fresh += unsent.length;
      report.enqueued += unsent.length;
      for (const e of page) {
        const at = millis(e.createdAt);
        if (at < last) ascending = false;
        last = at;
        newest = Math.max(newest, at);
      }
      // Oldest first: everything before the last event read is enqueued; its own timestamp is re-read next time.
      if (ascending && page.length > 0) moved = await cursor.advance(new Date(last).toISOString());
      if (page.length < pageSize) {
        // Any other order: only a complete pass proves that nothing older is still unread.
        if (!ascending) moved = await cursor.advance(new Date(newest).toISOString());
        return { fresh, pages: pageNumber, ...(moved ? { cursor: moved } : {}) };
      }
      if (stopReason()) return { fresh, pages: pageNumber, ...(moved ? { cursor: moved } : {}) };
    }
  }
}
