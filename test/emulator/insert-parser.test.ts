import { describe, expect, it } from 'vitest';
import { InsertParser } from '../../emulator/store/insert-parser.js';

const KEYS = ['a', 'bb', 'c_c', 'email'];
const VALUES = ['"x"', '"hello world"', '1', '-2.5e3', '0', 'true', 'false', 'null', '"DE"', '"' + 'z'.repeat(40) + '"', '""'];
/** Values the fast path must leave to JSON.parse (escapes, non-ASCII, control characters, objects, bad numbers). */
const ODD = ['"é"', '"a\\"b"', '"\\u0041"', '"\t"', '01', '1.', '-', '{}', '[]', '"unterminated'];

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** What the table would take from JSON.parse's records: per key, `cell.value ?? undefined`. */
function columnsOf(records: Record<string, { value?: unknown }>[]): unknown[][] {
  return KEYS.map((k) => records.map((r) => (r[k] === undefined ? undefined : (r[k]!.value ?? undefined))));
}

describe('insert body fast path', () => {
  const parser = new InsertParser(KEYS);

  it('reads plain records column-wise exactly as JSON.parse would, and declines everything else', () => {
    const random = rng(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    let fast = 0;
    let declined = 0;
    for (let t = 0; t < 5000; t++) {
      const records: string[] = [];
      for (let r = Math.floor(random() * 4); r > 0; r--) {
        const cells: string[] = [];
        for (let c = Math.floor(random() * 6); c > 0; c--) {
          const key = random() < 0.03 ? 'other' : pick(KEYS);
          const value = random() < 0.05 ? pick(ODD) : pick(VALUES);
          const extra = random() < 0.03 ? ',"messages":[]' : '';
          const sp = random() < 0.2 ? ' \n' : '';
          cells.push(`${sp}"${key}"${sp}:${sp}{${sp}"value"${sp}:${sp}${value}${extra}${sp}}${sp}`);
        }
        records.push(`{${cells.join(',')}}`);
      }
      const text = `${random() < 0.1 ? ' ' : ''}[${records.join(',')}]${random() < 0.03 ? ',' : ''}`;
      const got = parser.parse(Buffer.from(text));
      if (!got) {
        declined++;
        continue;
      }
      fast++;
      const parsed = JSON.parse(text) as Record<string, { value?: unknown }>[];
      expect(parsed.every((r) => Object.keys(r).every((k) => KEYS.includes(k) && Object.keys(r[k]!).join() === 'value'))).toBe(true);
      expect(got.count).toBe(parsed.length);
      expect(got.columns).toEqual(columnsOf(parsed));
    }
    expect(fast).toBeGreaterThan(1000);
    expect(declined).toBeGreaterThan(1000);
  });

  it('shares equal strings of a column and keeps unequal ones apart', () => {
    const body = Buffer.from(JSON.stringify([{ a: { value: 'DE' } }, { a: { value: 'DE' } }, { a: { value: 'DF' } }, { bb: { value: 'DE' } }]));
    const got = parser.parse(body)!;
    expect(got.columns[0]).toEqual(['DE', 'DE', 'DF', undefined]);
    expect(got.columns[1]).toEqual([undefined, undefined, undefined, 'DE']);
  });

  it('leaves a sheet with non-ASCII keys to JSON.parse', () => {
    expect(new InsertParser(['größe']).parse(Buffer.from('[]'))).toBeUndefined();
  });
});
