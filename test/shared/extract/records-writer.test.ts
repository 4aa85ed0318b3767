import { describe, expect, it } from 'vitest';
import { RecordsWriter } from '../../../shared/extract/insert-rows.js';
import type { RecordsChunk } from '../../../shared/extract/post-records.js';
import type { SourceCell } from '../../../shared/extract/types.js';

const field = (key: string) => ({ key, label: key });
const text = (chunk: RecordsChunk) => chunk.json.toString();
function chunk(writer: RecordsWriter, rows: SourceCell[][], fields: { key: string }[]): RecordsChunk {
  for (const row of rows) writer.add(row, fields);
  return writer.take();
}

describe('records written as the insert JSON', () => {
  it('is byte for byte what JSON.stringify writes of one { key: { value } } object per record, empty cells left out', () => {
    const fields = [field('name'), field('say "hi"'), field('n'), field('ünï\n')];
    const rows: SourceCell[][] = [
      ['Ada', 'quote " and \\ back', 1.5, '€ \u2028 \t \ud83d\ude00 lone \ud800'],
      ['', '', 0, ''],
      ['only'],
      ['', '', '', ''],
    ];
    const written = chunk(new RecordsWriter(), rows, fields);
    expect(written.count).toBe(4);
    const objects = [
      { name: { value: 'Ada' }, 'say "hi"': { value: 'quote " and \\ back' }, n: { value: 1.5 }, 'ünï\n': { value: '€ \u2028 \t \ud83d\ude00 lone \ud800' } },
      { n: { value: 0 } },
      { name: { value: 'only' } },
      {},
    ];
    expect(Buffer.compare(written.json as Buffer, Buffer.from(JSON.stringify(objects)))).toBe(0);
  });

  it('writes a column first seen in a later chunk under its own key', () => {
    const writer = new RecordsWriter();
    const fields = [field('a')];
    expect(JSON.parse(text(chunk(writer, [['1']], fields)))).toEqual([{ a: { value: '1' } }]);
    fields.push(field('b'));
    expect(JSON.parse(text(chunk(writer, [['2', '3']], fields)))).toEqual([{ a: { value: '2' }, b: { value: '3' } }]);
  });

  it('never writes over a chunk before it is released, and reuses its buffer after', () => {
    const writer = new RecordsWriter();
    const fields = [field('a')];
    const first = chunk(writer, [['first'], ['chunk']], fields);
    const second = chunk(writer, [['second']], fields);
    expect(JSON.parse(text(first))).toEqual([{ a: { value: 'first' } }, { a: { value: 'chunk' } }]);
    writer.release(first);
    const third = chunk(writer, [['3']], fields);
    expect((third.json as Buffer).buffer).toBe((first.json as Buffer).buffer);
    expect(JSON.parse(text(third))).toEqual([{ a: { value: '3' } }]);
    expect(JSON.parse(text(second))).toEqual([{ a: { value: 'second' } }]);
  });

  it('grows past its first buffer for a chunk larger than it', () => {
    const writer = new RecordsWriter();
    const big = 'x'.repeat(700_000);
    const written = chunk(writer, [[big], ['€'.repeat(300_000)], [7]], [field('a')]);
    expect(JSON.parse(text(written))).toEqual([{ a: { value: big } }, { a: { value: '€'.repeat(300_000) } }, { a: { value: 7 } }]);
  });
});
