import { describe, expect, it } from 'vitest';
import { sign as emulatorSign, SIGNATURE_HEADER as EMU_SIG, TIMESTAMP_HEADER as EMU_TS } from '../../../emulator/index.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, signRequest, verifySignature } from '../../../shared/events/signature.js';

const SECRET = 'whsec-test';
const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const body = JSON.stringify({ id: 'us_evt_1', topic: 'file:created', note: 'ünïcödé' });

describe('webhook signatures', () => {
  it('match the emulator push scheme and header names', () => {
    expect([TIMESTAMP_HEADER, SIGNATURE_HEADER]).toEqual([EMU_TS, EMU_SIG]);
    expect(sign(SECRET, '1735732800', body)).toBe(emulatorSign(SECRET, '1735732800', body));
    expect(sign(SECRET, '1735732800', Buffer.from(body))).toBe(sign(SECRET, '1735732800', body));
  });

  it('accepts what signRequest produced', () => {
    const h = signRequest(SECRET, body, NOW);
    expect(h[SIGNATURE_HEADER]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, { timestamp: h[TIMESTAMP_HEADER], signature: h[SIGNATURE_HEADER], body }, { nowMs: NOW })).toBe('valid');
  });

  it('rejects tampering, a wrong key, replays, future stamps and missing headers', () => {
    const h = signRequest(SECRET, body, NOW);
    const req = { timestamp: h[TIMESTAMP_HEADER], signature: h[SIGNATURE_HEADER], body };
    expect(verifySignature(SECRET, { ...req, body: body.replace('created', 'deleted') }, { nowMs: NOW })).toBe('bad-signature');
    expect(verifySignature('other', req, { nowMs: NOW })).toBe('bad-signature');
    expect(verifySignature(SECRET, { ...req, signature: 'sha256=00' }, { nowMs: NOW })).toBe('bad-signature');
    expect(verifySignature(SECRET, req, { nowMs: NOW + 301_000 })).toBe('expired');
    expect(verifySignature(SECRET, req, { nowMs: NOW + 299_000 })).toBe('valid');
    expect(verifySignature(SECRET, req, { nowMs: NOW - 301_000 })).toBe('future');
    expect(verifySignature(SECRET, { ...req, timestamp: '1e9' }, { nowMs: NOW })).toBe('malformed-timestamp');
    expect(verifySignature(SECRET, { ...req, signature: undefined }, { nowMs: NOW })).toBe('missing');
  });
});
