import { newId } from './ids.js';
import type { FlatfileEvent, Json } from './types.js';

export interface EventQuery {
  environmentId?: string;
  spaceId?: string;
  domain?: string;
  topic?: string;
  since?: string;
  includeAcknowledged?: boolean;
  pageSize: number;
  pageNumber: number;
}

export type EventSink = (event: FlatfileEvent) => void;

/** Every event the platform emitted, oldest first, with subscribers for push delivery and persistence. */
export class EventLog {
  private events: FlatfileEvent[] = [];
  private byId = new Map<string, FlatfileEvent>();
  private sinks: EventSink[] = [];
  private watchers: EventSink[] = [];

  constructor(
    private readonly accountId: string,
    private readonly actorId: string,
  ) {}

  /** Called with every new event (push delivery). */
  subscribe(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /** Called with every new or changed (acknowledged) event (persistence). */
  watch(sink: EventSink): void {
    this.watchers.push(sink);
  }

  acknowledge(event: FlatfileEvent, by: string): void {
    if (event.acknowledgedAt && event.acknowledgedBy) return;
    event.acknowledgedAt ??= new Date().toISOString();
    event.acknowledgedBy ??= by;
    for (const w of this.watchers) w(event);
  }

  emit(topic: string, domain: string, context: Json & { environmentId: string }, payload: Json = {}, extra: Json = {}): FlatfileEvent {
    const event: FlatfileEvent = {
      id: newId('evt', 16),
      topic,
      domain,
      context: { accountId: this.accountId, actorId: this.actorId, ...context },
      payload,
      createdAt: new Date().toISOString(),
      callbackUrl: '',
      dataUrl: '',
      namespaces: [],
      ...extra,
    };
    this.add(event);
    for (const sink of this.sinks) sink(event);
    for (const w of this.watchers) w(event);
    return event;
  }

  /** Adds an event as given; a known id is updated in place (a restored log lists an event again once acknowledged). */
  add(event: FlatfileEvent): void {
    const known = this.byId.get(event.id);
    if (known) {
      Object.assign(known, event);
      return;
    }
    this.events.push(event);
    this.byId.set(event.id, event);
  }

  get(id: string): FlatfileEvent | undefined {
    return this.byId.get(id);
  }

  list(q: EventQuery): FlatfileEvent[] {
    let from = 0;
    if (q.since) from = lowerBound(this.events, q.since);
    const out: FlatfileEvent[] = [];
    const skip = (q.pageNumber - 1) * q.pageSize;
    let matched = 0;
    for (let i = from; i < this.events.length && out.length < q.pageSize; i++) {
      const e = this.events[i]!;
      if (!q.includeAcknowledged && e.acknowledgedAt) continue;
      if (q.topic && e.topic !== q.topic) continue;
      if (q.domain && e.domain !== q.domain) continue;
      if (q.spaceId && e.context.spaceId !== q.spaceId) continue;
      if (q.environmentId && e.context.environmentId !== q.environmentId) continue;
      if (matched++ >= skip) out.push(e);
    }
    return out;
  }
}

/** First index whose createdAt is at or after `since` (ISO strings sort chronologically). */
function lowerBound(events: FlatfileEvent[], since: string): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.createdAt < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
