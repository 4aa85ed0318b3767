import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../emulator/validation.js';

// The emulator types a number field's text only when it is a plain decimal; anything else stays as written and is
// flagged, so no comma is deleted and no German "1.000" becomes 1 behind the feed's back.
describe('emulator number fields', () => {
  const schema = compileSchema({ name: 's', slug: 's', fields: [{ key: 'price', type: 'number', label: 'Price' }] });
  const price = schema.byKey.get('price')!;

  it('types plain decimals', () => {
    expect(['42', ' -7.5 ', '1e3', '.5'].map((v) => price.coerce(v))).toEqual([42, -7.5, 1000, 0.5]);
  });

  it('keeps every other text as written, invalid with the value quoted', () => {
    for (const text of ['1.234,56', '49,90', '12,50', '1,000', '0x10', 'Infinity', '12 pcs']) {
      expect(price.coerce(text)).toBe(text);
      expect(price.check(price.coerce(text))).toEqual([{ type: 'error', message: `Invalid number: ${text}`, field: 'price' }]);
    }
  });
});
