import type { FlatfileListener } from '@flatfile/listener';
import type { Harness } from './harness.js';

/**
 * Delivers events to a listener the way the pipeline's poller does: read `GET /events`, dispatch each new event in
 * order, and repeat until no new events arrive and the emulator's own jobs are idle.
 */
export async function deliver(h: Harness, listener: FlatfileListener, seen: Set<string>, spaceId?: string): Promise<string[]> {
  const topics: string[] = [];
  for (let quiet = 0; quiet < 2; ) {
    await h.emulator.services.jobs.idle();
    // Commits complete late (realism `commitLagMs`): their commit:completed is still to come.
    await h.emulator.services.writer.idle();
    const { data } = await h.api.events.list({ environmentId: h.environmentId, spaceId, includeAcknowledged: true, pageSize: 10_000 });
    const fresh = data.filter((e) => !seen.has(e.id));
    if (fresh.length === 0) {
      quiet++;
      continue;
    }
    quiet = 0;
    for (const e of fresh) {
      seen.add(e.id);
      topics.push(e.topic);
      // The SDK parsed dates into Date objects; listeners get the wire form, as from a poller's JSON.
      await listener.dispatchEvent(JSON.parse(JSON.stringify(e)));
    }
  }
  return topics;
}
