import type { Manifest } from '../manifest/index.js';

export type ProxyRule = NonNullable<Manifest['proxy']>['allow'][number];

/**
 * Whether a rule lets `method path` through. Patterns match segment by segment: `*` is one segment (an id), a final
 * `**` any rest; everything else is literal. The query string is not part of the match.
 */
export function allowed(rules: readonly ProxyRule[], method: string, path: string): boolean {
  const segs = path.split('?', 1)[0]!.split('/').filter(Boolean);
  return rules.some((r) => r.methods.includes(method as ProxyRule['methods'][number]) && matches(r.path.split('/').filter(Boolean), segs));
}

function matches(pattern: string[], segs: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '**' && i === pattern.length - 1) return segs.length > i;
    if (i >= segs.length) return false;
    if (p !== '*' && p !== segs[i]) return false;
  }
  return pattern.length === segs.length;
}
