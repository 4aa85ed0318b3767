import type { Run } from '../shared/ledger/index.js';
import { flatfileFromEnv } from './flatfile-target.js';

/**
 * Where a person opens the run's Space in real Flatfile: the Space's own `guestLink` (GET /v1/spaces/{id}), asked
 * for only when FLATFILE_API_KEY names real Flatfile. The emulator has no web app, so nothing is linked there.
 */
export async function flatfileLink(run: Run, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const flatfile = flatfileFromEnv(env);
  if (!flatfile || !run.spaceId) return undefined;
  const base = (flatfile.apiUrl ?? 'https://platform.flatfile.com/api').replace(/\/v1\/?$/, '').replace(/\/$/, '');
  try {
    const res = await fetch(`${base}/v1/spaces/${encodeURIComponent(run.spaceId)}`, {
      headers: { authorization: `Bearer ${flatfile.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { data?: { guestLink?: string } };
    return body.data?.guestLink;
  } catch {
    return undefined;
  }
}
