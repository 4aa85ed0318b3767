import type { Feed } from '../manifest/index.js';
import type { PullContext } from './types.js';

type Backfill = NonNullable<Feed['source']['pull']>['backfill'];

const DAY_MS = 86_400_000;

/**
 * The oldest moment a pull takes objects from, or undefined for the whole history. `{days: N}` is fixed on the feed's
 * first pull (N days before it) and kept in the ledger, so later pulls skip the same old objects rather than take
 * them once the first run is over. Overlapping first pulls agree on one cutoff: the first to write it.
 */
export async function backfillCutoff(ctx: PullContext, backfill: Backfill): Promise<Date | undefined> {
  if (backfill === 'all') return undefined;
  const id = `backfill#days=${backfill.days}`;
  const kept = (await ctx.memory.get<{ cutoff: string }>(id)) ?? (await ctx.memory.keep(id, { cutoff: new Date(ctx.now().getTime() - backfill.days * DAY_MS).toISOString() }));
  return new Date(kept.cutoff);
}

/** Older than the cutoff; an object without a date is taken (nothing says it is old). */
export function beforeCutoff(cutoff: Date | undefined, at: Date | string | undefined): boolean {
  if (!cutoff || at === undefined) return false;
  const t = (typeof at === 'string' ? new Date(at) : at).getTime();
  return !Number.isNaN(t) && t < cutoff.getTime();
}
