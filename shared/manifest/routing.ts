import type { Feed, Manifest } from './schema.js';

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
