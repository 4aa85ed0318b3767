import { describe, expect, it } from 'vitest';
import { reasonListOf, reasonsOf, splitReasons } from '../../../shared/egress/rows.js';

describe('reasons of a rejected record', () => {
  it("gives one reason per problem: our hook's message stands for the platform's on the same field, and a repeat is written once", () => {
    const record = {
      id: 'r1',
      values: {
        email: {
          value: '',
          messages: [
            { type: 'error', source: 'required-constraint', message: 'Email is required' },
            { type: 'error', source: 'custom-logic', message: 'Email is required, but the cell is empty' },
          ],
        },
        age: {
          value: 'x',
          messages: [
            { type: 'error', source: 'custom-logic', message: 'expected a number, got "x"' },
            { type: 'error', source: 'custom-logic', message: 'expected a number, got "x"' },
            { type: 'warn', source: 'custom-logic', message: 'a warning is no reason' },
          ],
        },
        name: { value: 'Ann', messages: [{ type: 'error', source: 'unique-constraint', message: 'Value is not unique' }] },
      },
    };
    expect(reasonListOf(record, ['name', 'email', 'age'])).toEqual([
      'name: Value is not unique',
      'email: Email is required, but the cell is empty',
      'age: expected a number, got "x"',
    ]);
    expect(reasonsOf({ id: 'r2', values: {} }, ['name'])).toBe('invalid record (no message given)');
  });
});

describe('a rejects file reasons cell read back (flatfeed run)', () => {
  it("splits at '; ' only where a named reason follows, so a message holding '; ' stays whole", () => {
    const numberFormat = 'Betrag: "x" is not a number in plain format (e.g. 1234.56); a feed writing decimal commas declares format.numberFormat';
    expect(splitReasons(`${numberFormat}; Order Date: expected a date; currency: Currency is required`, ['row', 'Betrag', 'Order Date', 'reasons'])).toEqual([
      numberFormat,
      'Order Date: expected a date',
      'currency: Currency is required',
    ]);
    expect(splitReasons('', ['row'])).toEqual([]);
  });
});
