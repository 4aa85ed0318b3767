import type { Feed } from '../manifest/index.js';
import { destinationPrefix } from '../manifest/routing.js';

export type { OutboxFormat } from './formats.js';
import type { OutboxFormat } from './formats.js';

export interface EgressKeys {
  /** Outbox objects by format, under the feed's prefix. */
  outbox: Partial<Record<OutboxFormat, string>>;
  /** The rejects CSV in the rejects bucket, when the feed returns invalid records to the partner. */
  rejects?: string;
}

/**
 * Deterministic object keys of one export: `<prefix><yyyy>/<mm>/<dd>/<exportId>.<ext>`, dated by when the run was
 * created (UTC), never by "now", so a re-run of the same run overwrites its objects instead of adding new ones.
 */
export function egressKeys(feed: Feed, exportId: string, createdAt: string, formats: readonly OutboxFormat[]): EgressKeys {
  const at = new Date(createdAt);
  if (Number.isNaN(at.getTime())) throw new Error(`export ${exportId}: invalid creation time "${createdAt}"`);
  const day = `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}`;
  const base = `${destinationPrefix(feed)}${day}/${safeId(exportId)}`;
  return {
    outbox: Object.fromEntries(formats.map((f) => [f, `${base}.${f}`])),
    ...(rejectsInvalid(feed) ? { rejects: `${base}.rejects.csv` } : {}),
  };
}

/** Invalid records go back to the partner (rather than wait in Flatfile for review) and the feed wants the file. */
export function rejectsInvalid(feed: Feed): boolean {
  return feed.validation.invalid === 'reject' && feed.egress.rejects;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Run and job ids are already key-safe; anything else is replaced so a key never gains a path segment. */
const safeId = (id: string) => id.replace(/[^A-Za-z0-9_.-]/g, '_');
