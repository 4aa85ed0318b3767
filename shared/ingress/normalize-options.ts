import type { Feed } from '../manifest/index.js';
import type { NormalizeOptions } from '../normalize/index.js';

/** What a feed's manifest tells normalisation: its limits, and the encoding, delimiter or format it declares. */
export function normalizeOptionsFor(feed: Feed): NormalizeOptions {
  return {
    limits: feed.format.limits,
    ...(feed.format.encoding ? { encoding: feed.format.encoding } : {}),
    utf8InDeclared: feed.format.utf8InDeclared,
    ...(feed.format.delimiter ? { delimiter: feed.format.delimiter } : {}),
    ...(feed.format.fixedWidth && feed.format.accept.length === 1 ? { format: 'fixed' as const } : {}),
  };
}
