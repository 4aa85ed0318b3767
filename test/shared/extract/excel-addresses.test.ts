import colCache from 'exceljs/lib/utils/col-cache.js';
import { describe, expect, it } from 'vitest';
import { fillAddressCache, type ColCache } from '../../../shared/extract/excel-addresses.js';

describe("exceljs's address cache filled ahead of reading", () => {
  it('holds exactly what decodeAddress caches of the top-left 100 × 100 cells, and reads back the same', () => {
    const own = colCache as ColCache;
    const saved = { hash: own._hash, filled: own.flatfeedFilled };
    try {
      own._hash = {};
      delete own.flatfeedFilled;
      const decode = (colCache as unknown as { decodeAddress(a: string): unknown }).decodeAddress.bind(colCache);
      for (let c = 1; c <= 101; c++) for (let r = 1; r <= 101; r++) decode(`${own.n2l(c)}${r}`);
      const decoded = own._hash;
      expect(Object.keys(decoded)).toHaveLength(2 * 100 * 100);

      own._hash = {};
      fillAddressCache(own);
      expect(own._hash).toStrictEqual(decoded);
      for (const [key, value] of Object.entries(own._hash)) expect(Object.keys(value), key).toEqual(Object.keys(decoded[key]!));
      expect(decode('CV100')).toBe(own._hash.CV100);
      expect(decode('$B$7')).toBe(own._hash.B7);
    } finally {
      own._hash = saved.hash;
      if (saved.filled) own.flatfeedFilled = saved.filled;
    }
  });
});
