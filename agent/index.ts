import type { FlatfileEvent, FlatfileListener } from '@flatfile/listener';
import { forwardEvent, type ForwardTarget } from './forward.js';

// A Flatfile-hosted agent (`npx flatfile deploy agent/index.ts`) that forwards every event of its environment to the
// flatfeed webhook, signed. Flatfile signs nothing itself. See agent/README.md.

export const URL_SECRET = 'FLATFEED_WEBHOOK_URL';
export const KEY_SECRET = 'FLATFEED_WEBHOOK_SECRET';

const CACHE_MS = 5 * 60_000;
const targets = new Map<string, { target: ForwardTarget; until: number }>();

/**
 * The webhook URL and HMAC key: from the process environment when set (`flatfile develop`, tests), else from the
 * environment's or space's Flatfile Secrets (hosted agents have no environment of their own). Cached 5 minutes.
 */
async function targetFor(event: FlatfileEvent): Promise<ForwardTarget> {
  const fromEnv = process.env[URL_SECRET] && process.env[KEY_SECRET];
  if (fromEnv) return { url: process.env[URL_SECRET]!, secret: process.env[KEY_SECRET]! };
  const key = `${event.context?.environmentId ?? ''}/${event.context?.spaceId ?? ''}`;
  const cached = targets.get(key);
  if (cached && cached.until > Date.now()) return cached.target;
  const target = { url: await event.secrets(URL_SECRET), secret: await event.secrets(KEY_SECRET) };
  targets.set(key, { target, until: Date.now() + CACHE_MS });
  return target;
}

export default function flatfeedForwarder(listener: FlatfileListener): void {
  listener.on('**', async (event: FlatfileEvent) => {
    // The raw event only: the FlatfileEvent object would also carry the agent's bearer token.
    await forwardEvent(await targetFor(event), JSON.stringify(event.src));
  });
}
