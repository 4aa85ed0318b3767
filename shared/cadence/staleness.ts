import { occurrencesBefore } from './eventbridge-cron.js';

export interface Cadence {
  cron: string;
  timezone: string;
  graceMinutes: number;
}

export interface CadenceVerdict {
  stale: boolean;
  /** The latest deadline (expected arrival + grace) already passed; undefined before the schedule's first one. */
  deadline?: Date;
  /** A file after this instant counts for `deadline`: the deadline before it. */
  windowStart?: Date;
  minutesSinceLastFile?: number;
}

/**
 * Each file counts for the first deadline (expected arrival + grace) at or after it. A feed is stale when the latest
 * deadline has passed and no file arrived since the deadline before it; a late file clears it again.
 */
export function assessCadence(cadence: Cadence, now: Date, lastFileAt: Date | undefined): CadenceVerdict {
  const graceMs = cadence.graceMinutes * 60_000;
  // Occurrences whose deadline has passed are those before now - grace.
  const [due, previous] = occurrencesBefore(cadence.cron, cadence.timezone, new Date(now.getTime() - graceMs + 1), 2);
  const minutesSinceLastFile = lastFileAt ? Math.floor((now.getTime() - lastFileAt.getTime()) / 60_000) : undefined;
  const since = minutesSinceLastFile === undefined ? {} : { minutesSinceLastFile };
  if (!due) return { stale: false, ...since };
  const deadline = new Date(due.getTime() + graceMs);
  const windowStart = previous ? new Date(previous.getTime() + graceMs) : undefined;
  const arrived = lastFileAt !== undefined && (windowStart === undefined || lastFileAt.getTime() > windowStart.getTime());
  return { stale: !arrived, deadline, ...(windowStart ? { windowStart } : {}), ...since };
}
