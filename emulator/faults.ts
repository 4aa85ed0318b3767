/** Probabilities (0..1) of each fault for one route; `latencyMs` is the delay added when latency strikes. */
export interface RouteFaults {
  throttle?: number;
  error?: number;
  latency?: number;
  latencyMs?: number;
  drop?: number;
  /**
   * The request is carried out (committed) and then the connection is cut before the response: what a client sees
   * when a response is lost after the platform committed. Not idempotent writes must not be sent again blindly.
   */
  lose?: number;
  /** At most this many faults from this rule in all (e.g. `{ lose: 1, limit: 1 }`: exactly the first request). */
  limit?: number;
}

/**
 * Fault injection for reliability tests. Keys are route names as the router prints them
 * (`POST /sheets/:id/records`) or `*` for every route; a seed makes a run repeatable.
 */
export interface FaultOptions {
  seed?: number;
  routes: Record<string, RouteFaults>;
}

export type Fault = { kind: 'throttle' | 'error' | 'drop' | 'lose' } | { kind: 'latency'; ms: number };

/** mulberry32: a tiny seeded PRNG, so a given seed injects the same faults in the same order. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly random: () => number;
  private readonly struck = new Map<RouteFaults, number>();

  constructor(private readonly options: FaultOptions) {
    this.random = options.seed === undefined ? Math.random : prng(options.seed);
  }

  /** The faults to apply to one request, latency first. */
  draw(route: string): Fault[] {
    const rules = [this.options.routes[route], this.options.routes['*']].filter((r): r is RouteFaults => !!r);
    const out: Fault[] = [];
    for (const r of rules) {
      const before = out.length;
      if ((this.struck.get(r) ?? 0) >= (r.limit ?? Infinity)) continue;
      if (r.latency && this.random() < r.latency) out.push({ kind: 'latency', ms: r.latencyMs ?? 250 });
      if (r.drop && this.random() < r.drop) out.push({ kind: 'drop' });
      else if (r.throttle && this.random() < r.throttle) out.push({ kind: 'throttle' });
      else if (r.error && this.random() < r.error) out.push({ kind: 'error' });
      else if (r.lose && this.random() < r.lose) out.push({ kind: 'lose' });
      if (out.length > before) this.struck.set(r, (this.struck.get(r) ?? 0) + 1);
    }
    return out;
  }
}
