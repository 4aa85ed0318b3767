import type { Feed, Manifest } from './schema.js';

/** The feed name of runs whose object no feed claims (state `unrouted`), and the dimension of their metric. */
export const UNROUTED_FEED = '(unrouted)';

/** The feed that claims an inbox key, by prefix (and suffix filter, if the feed has one). Prefixes never overlap. */
export function feedForKey(manifest: Manifest, key: string): Feed | undefined {
  return manifest.feeds.find(
    (f) =>
      key.startsWith(f.source.inboxPrefix) &&
      (!f.source.suffixes || f.source.suffixes.some((s) => key.toLowerCase().endsWith(s.toLowerCase()))),
  );
}

/** Outbox prefix of a feed: explicit, or the feed's name. */
export function destinationPrefix(feed: Feed): string {
  return feed.egress.prefix ?? `${feed.name}/`;
}

/**
 * Why no feed claims a key, in words a partner can act on: the feed whose prefix matches but for letter case or a
 * suffix filter, else the prefixes that exist.
 */
export function unroutedReason(manifest: Manifest, key: string): string {
  const lower = key.toLowerCase();
  const byPrefix = manifest.feeds.find((f) => key.startsWith(f.source.inboxPrefix));
  if (byPrefix?.source.suffixes) {
    return `unrouted: "${key}" is under feed "${byPrefix.name}"'s prefix ${byPrefix.source.inboxPrefix}, but the feed only takes keys ending in ${byPrefix.source.suffixes.join(', ')}`;
  }
  const byCase = manifest.feeds.find((f) => lower.startsWith(f.source.inboxPrefix.toLowerCase()));
  if (byCase) {
    const meant = byCase.source.inboxPrefix + key.slice(byCase.source.inboxPrefix.length);
    return `unrouted: no feed claims "${key}"; keys are case-sensitive — did you mean ${meant} (feed "${byCase.name}")?`;
  }
  const prefixes = manifest.feeds.map((f) => f.source.inboxPrefix);
  const shown = prefixes.slice(0, 5).join(', ') + (prefixes.length > 5 ? `, … (${prefixes.length} feeds)` : '');
  return `unrouted: no feed claims "${key}"; feeds take keys under ${shown}`;
}
