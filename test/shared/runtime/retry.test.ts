import { describe, expect, it } from 'vitest';
import { FlatfileApiError, parseRetryAfter } from '../../../shared/flatfile/errors.js';
import { retryDelay, withRetry } from '../../../shared/runtime/retry.js';

/** A fake clock: waits advance it instead of sleeping. */
function clock() {
  let t = 0;
  const waits: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (waits.push(ms), (t += ms)), waits };
}

const http = (status: number, retryAfterMs?: number) =>
  new FlatfileApiError(`HTTP ${status}`, status, retryAfterMs === undefined ? {} : { retryAfterMs });

describe('withRetry, the one retry policy', () => {
  it('retries transient failures (429, 408, 5xx, network) until one succeeds', async () => {
    const c = clock();
    const failures = [http(429), http(408), http(503), new FlatfileApiError('socket hang up', undefined, { code: 'network' })];
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        const f = failures.shift();
        if (f) throw f;
        return 'ok';
      },
      { attempts: 5, baseDelayMs: 100, ...c },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(5);
  });

  it('never retries 401, 403 or another 4xx', async () => {
    for (const status of [401, 403, 400, 404]) {
      let calls = 0;
      await expect(withRetry(async () => { calls++; throw http(status); }, { attempts: 5, baseDelayMs: 1, ...clock() })).rejects.toMatchObject({ status });
      expect(calls).toBe(1);
    }
  });

  it('stops after the attempts it is given and throws the last failure', async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw http(500); }, { attempts: 4, baseDelayMs: 1, ...clock() })).rejects.toMatchObject({ status: 500 });
    expect(calls).toBe(4);
  });

  it('stops when the next wait would pass the total time allowed', async () => {
    const c = clock();
    let calls = 0;
    await expect(
      withRetry(async () => { calls++; throw http(429, 4_000); }, { attempts: 100, baseDelayMs: 1, maxDelayMs: 10_000, maxElapsedMs: 10_000, ...c }),
    ).rejects.toMatchObject({ status: 429 });
    // Retry-After 4 s: waits at 0→4 s, 4→8 s; a third would end at 12 s > 10 s.
    expect(c.waits).toEqual([4_000, 4_000]);
    expect(calls).toBe(3);
  });

  it('waits at least what Retry-After asks, capped by the longest wait', () => {
    expect(retryDelay(http(429, 3_000), 1, 100, 20_000, () => 0)).toBe(3_000);
    expect(retryDelay(http(429, 60_000), 1, 100, 20_000, () => 0)).toBe(20_000);
    expect(retryDelay(http(503), 1, 100, 20_000, () => 0.999)).toBe(100);
  });

  it('draws each wait uniformly below the exponential cap (full jitter)', () => {
    expect(retryDelay(http(503), 1, 100, 20_000, () => 0)).toBe(0);
    expect(retryDelay(http(503), 3, 100, 20_000, () => 0.5)).toBe(200);
    expect(retryDelay(http(503), 4, 100, 20_000, () => 1)).toBe(800);
    expect(retryDelay(http(503), 20, 100, 20_000, () => 1)).toBe(20_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 0, 5)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(5_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
