import type { Ledger } from '../ledger/index.js';
import { doOnce } from '../run/step.js';

// SQS FIFO drops a repeated deduplication id for 5 minutes only; a restarted poller, the webhook and the poller
// together, or a redelivery after a crash can bring an event back later. The ledger remembers each event for 7 days.
// The same event re-sent under a new id is not caught here: every route checks its run's state before acting.

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

/** Handles an event id at most once to completion: the step primitive (shared/run/step.ts) keyed by the event id. */
export async function processOnce<T>(
  ledger: Ledger,
  eventId: string,
  fn: () => Promise<T>,
  { leaseSeconds = DEFAULT_EVENT_LEASE_SECONDS, keepDays = 7 }: OnceOptions = {},
): Promise<OnceOutcome<T>> {
  const outcome = await doOnce(ledger, { pk: `EVENT#${eventId}`, sk: 'ONCE' }, fn, { leaseSeconds, keepDays });
  if (outcome.ran) return outcome;
  return { ran: false, reason: outcome.state === 'done' ? 'done' : 'in-progress' };
}
