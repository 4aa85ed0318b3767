import type { Ctx, Reply } from './http.js';

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

interface Route {
  method: string;
  parts: string[];
  /** Stable name for fault injection and logs, e.g. `GET /sheets/:sheetId/records`. */
  name: string;
  handler: Handler;
}

export interface Match {
  route: { name: string; handler: Handler };
  params: Record<string, string>;
}

/** Method + path-template routing; literal segments win over parameters (`/jobs/preview` before `/jobs/:id`). */
export class Router {
  private routes: Route[] = [];

  add(method: string, path: string, handler: Handler): this {
    this.routes.push({ method, parts: path.split('/').filter(Boolean), name: `${method} ${path}`, handler });
    this.routes.sort((a, b) => score(b) - score(a));
    return this;
  }

  match(method: string, path: string): Match | 'method' | undefined {
    const segs = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const r of this.routes) {
      if (r.parts.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segs.length && ok; i++) {
        const p = r.parts[i]!;
        if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(segs[i]!);
        else ok = p === segs[i];
      }
      if (!ok) continue;
      pathMatched = true;
      if (r.method === method) return { route: r, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

const score = (r: Route): number => r.parts.reduce((s, p, i) => s + (p.startsWith(':') ? 0 : 2 ** (10 - i)), 0);
