import { FlatfileClient } from '@flatfile/api';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../emulator/index.js';
import { ConformanceProxy } from './conformance.js';

export const TOKEN = 'sk_test_emulator';

export interface Harness {
  emulator: Emulator;
  proxy: ConformanceProxy;
  /** SDK client talking to the emulator through the conformance proxy. */
  api: FlatfileClient;
  url: string;
  environmentId: string;
}

/**
 * Starts an emulator and its conformance proxy for one test file, points the listener/plugins' environment
 * variables at it, fails any test whose responses do not match the client's schemas, and stops both afterwards.
 */
export function useEmulator(options: Partial<EmulatorOptions> = {}): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    h.emulator = await startEmulator({ token: TOKEN, ...options });
    h.proxy = await ConformanceProxy.start(h.emulator.url);
    h.url = h.proxy.url;
    h.environmentId = h.emulator.environmentId;
    h.api = new FlatfileClient({ token: TOKEN, apiUrl: h.url });
    process.env.AGENT_INTERNAL_URL = h.url;
    process.env.FLATFILE_BEARER_TOKEN = TOKEN;
  });
  afterEach(() => {
    const failures = h.proxy.failures.splice(0);
    expect(failures, 'responses that do not match @flatfile/api/serialization').toEqual([]);
  });
  afterAll(async () => {
    await h.proxy?.stop();
    await h.emulator?.stop();
  });
  return h;
}

/** Raw HTTP against the emulator (through the proxy), for requests the SDK would refuse to send. */
export async function raw(h: Harness, method: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.url}${path}`, {
    method,
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
