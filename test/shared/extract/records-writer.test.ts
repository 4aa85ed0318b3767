import { describe, expect, it } from 'vitest';
import { RecordsWriter } from '../../../shared/extract/insert-rows.js';
import type { SourceCell } from '../../../shared/extract/types.js';

const field = (key: string) => ({ key, label: key });

describe('records written as the insert JSON', () => {
  it('is what JSON.stringify writes of one { key: { value } } object per record, empty cells left out', () => {
    const fields = [field('name'), field('say "hi"'), field('n'), field('ünï\n')];
    const rows: SourceCell[][] = [
      ['Ada', 'quote " and \\ back', 1.5, '€ \u2028 \t'],
      ['', '', 0, ''],
      ['only'],
      ['', '', '', ''],
    ];
    const chunk = new RecordsWriter().chunk(rows, fields);
    expect(chunk.count).toBe(4);
    expect(JSON.parse(chunk.json)).toEqual([
      { name: { value: 'Ada' }, 'say "hi"': { value: 'quote " and \\ back' }, n: { value: 1.5 }, 'ünï\n': { value: '€ \u2028 \t' } },
      { n: { value: 0 } },
      { name: { value: 'only' } },
      {},
    ]);
  });

  it('writes a column first seen in a later chunk under its own key', () => {
    const writer = new RecordsWriter();
    const fields = [field('a')];
    expect(JSON.parse(writer.chunk([['1']], fields).json)).toEqual([{ a: { value: '1' } }]);
    fields.push(field('b'));
    expect(JSON.parse(writer.chunk([['2', '3']], fields).json)).toEqual([{ a: { value: '2' }, b: { value: '3' } }]);
  });
});
