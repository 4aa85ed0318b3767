import { randomUUID } from 'node:crypto';
import type { Ledger } from '../ledger/index.js';

// SQS FIFO drops a repeated deduplication id for 5 minutes only; a restarted poller, the webhook and the poller
// together, or a redelivery after a crash can bring an event back later. The ledger remembers each event for 7 days.

/** What processOnce did with an event. */
export type OnceOutcome<T> =
  | { ran: true; value: T }
  /** 'done': handled before, this is a duplicate. 'in-progress': another delivery holds it; its failure is retried there. */
  | { ran: false; reason: 'done' | 'in-progress' };

export interface OnceOptions {
  /** At least the listener's timeout (a live handler is never taken over), at most the queue's visibility timeout. */
  leaseSeconds?: number;
  /** How long a handled event id is remembered. */
  keepDays?: number;
}

export const DEFAULT_EVENT_LEASE_SECONDS = 120;

/**
 * Runs `fn` for an event id at most once to completion: claims the id with a lease, marks it done when `fn`
 * resolves, and gives the claim back when it throws (the error is rethrown, so SQS redelivers and the retry runs).
 */
export async function processOnce<T>(
  ledger: Ledger,
  eventId: string,
  fn: () => Promise<T>,
  { leaseSeconds = DEFAULT_EVENT_LEASE_SECONDS, keepDays = 7 }: OnceOptions = {},
): Promise<OnceOutcome<T>> {
  const pk = `EVENT#${eventId}`;
  const owner = randomUUID();
  const lease = await ledger.acquireLease(pk, 'ONCE', owner, leaseSeconds, keepDays);
  if (!lease.acquired) return { ran: false, reason: lease.state === 'done' ? 'done' : 'in-progress' };
  let value: T;
  try {
    value = await fn();
  } catch (e) {
    // If even the release fails, the lease simply runs out; the handler's error is the one worth reporting.
    await ledger.releaseLease(pk, 'ONCE', owner).catch(() => undefined);
    throw e;
  }
  await ledger.completeLease(pk, 'ONCE', owner);
  return { ran: true, value };
}
