import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../shared/errors/index.js';
import { arrayElements } from '../../../shared/extract/json-array.js';
import { HEADER_SAMPLE } from '../../../shared/extract/json-records.js';
import { openJson } from '../../../shared/extract/json.js';
import { openJsonl } from '../../../shared/extract/jsonl.js';
import { readAll } from './support.js';

const bad = (message: string) => new BadInputError('malformed-content', message);

describe('openJson', () => {
  it('streams an array of objects: nested objects flattened to dotted columns, arrays kept as JSON text, numbers as numbers', async () => {
    const json = `\uFEFF[
      {"name": "Ada", "age": 36, "active": true, "address": {"city": "London", "geo": {"lat": 51.5}}, "tags": ["a", "b"]},
      {"name": "Grace, \\"Amazing\\"", "age": null, "address": {"city": "NYC ]}"}},
      {"name": "Linus", "email": "l@x.io"}
    ]\n`;
    expect(await readAll(openJson, json)).toEqual({
      sheetName: 'test',
      columns: ['name', 'age', 'active', 'address.city', 'address.geo.lat', 'tags', 'email'],
      rows: [
        ['Ada', 36, 'true', 'London', 51.5, '["a","b"]'],
        ['Grace, "Amazing"', '', '', 'NYC ]}', '', ''],
        ['Linus', '', '', '', '', '', 'l@x.io'],
      ],
    });
  });

  it('splits elements across arbitrary chunk boundaries', async () => {
    const json = JSON.stringify([{ a: 'x,y', b: { c: '[{' } }, { a: '\\"' }, { a: 'é' }]);
    for (const size of [1, 2, 3, 7]) {
      const chunks = json.match(new RegExp(`[^]{1,${size}}`, 'g'))!;
      const out: string[] = [];
      for await (const e of arrayElements(Readable.from(chunks))) out.push(e);
      expect(out.map((e) => JSON.parse(e))).toEqual(JSON.parse(json));
    }
  });

  it('adds keys first seen after the header sample as new columns', async () => {
    const records = Array.from({ length: HEADER_SAMPLE + 2 }, (_, i) => (i === HEADER_SAMPLE + 1 ? { id: i, late: 'yes' } : { id: i }));
    const out = await readAll(openJson, JSON.stringify(records));
    expect(out.columns).toEqual(['id', 'late']);
    expect(out.rows.at(-2)).toEqual([HEADER_SAMPLE]);
    expect(out.rows.at(-1)).toEqual([HEADER_SAMPLE + 1, 'yes']);
  });

  it('reads an empty array as no rows', async () => {
    expect(await readAll(openJson, ' [ ] ')).toEqual({ sheetName: 'test', columns: [], rows: [] });
  });

  it.each([
    ['{"a": 1}', 'expected a JSON array of objects ("[" first)'],
    ['', 'the file is empty'],
    ['[{"a": 1}, {"a": 2', 'the JSON array is not closed (truncated file?)'],
    ['[{"a": 1}] x', 'unexpected content after the end of the JSON array'],
    ['[{"a": 1},, {"a": 2}]', 'element 2 of the JSON array is missing'],
    ['[{"a": 1}, 42]', 'element 2 is not a JSON object'],
  ])('rejects %j: %s', async (json, message) => {
    await expect(readAll(openJson, json)).rejects.toThrow(bad(message));
  });

  it('names the element that is not valid JSON', async () => {
    const err = await readAll(openJson, '[{"a": 1}, {"a": tru}]').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toMatch(/^element 2 of the JSON array is not valid JSON: /);
  });
});

describe('openJsonl', () => {
  it('reads one object per line, skipping blank lines, with CRLF tolerated', async () => {
    const out = await readAll(openJsonl, '{"id":1,"user":{"name":"Ada"}}\r\n\n{"id":2,"note":"x"}\n');
    expect(out).toEqual({ sheetName: 'test', columns: ['id', 'user.name', 'note'], rows: [[1, 'Ada'], [2, '', 'x']] });
  });

  it('rejects the file at the first line that is not JSON, naming the line', async () => {
    const err = await readAll(openJsonl, '{"id":1}\n{"id":2}\n{"id":3,}\n{"id":4}\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).reason).toBe('malformed-content');
    expect((err as Error).message).toMatch(/^line 3 is not valid JSON: /);
  });

  it('rejects a line that is JSON but not an object', async () => {
    await expect(readAll(openJsonl, '{"id":1}\n[1,2]\n')).rejects.toThrow(bad('line 2 is not a JSON object'));
  });
});
