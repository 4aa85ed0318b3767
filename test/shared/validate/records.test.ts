import { describe, expect, it } from 'vitest';
import { jsonlRecords, textOf } from '../../../shared/validate/records.js';

describe('jsonlRecords (a v2 page of a commit)', () => {
  it('reads each line as a record: its id, its values as written, other keys left where fields never are', () => {
    const page = '{"__k":"us_rc_1","__n":"people","a":"x \\"q\\"\\n","b":1.5,"c":null,"d":true}\r\n\n  \n{"__k":"us_rc_2"}';
    expect(jsonlRecords(Buffer.from(page), 'page 1')).toEqual([
      { id: 'us_rc_1', values: { __k: 'us_rc_1', __n: 'people', a: 'x "q"\n', b: 1.5, c: null, d: true } },
      { id: 'us_rc_2', values: { __k: 'us_rc_2' } },
    ]);
    expect(jsonlRecords(Buffer.alloc(0), 'page 1')).toEqual([]);
  });

  it('decodes its bytes as the whole body read as text would be: marks dropped, bad bytes replaced', async () => {
    const bodies = [
      Buffer.from('\uFEFF{"__k":"a","city":"München 😀"}\n{"__k":"b","city":"\uFEFFKöln"}\n'),
      Buffer.from('\uFEFF\uFEFF{"__k":"two marks"}'),
      // A bad byte, and a sequence cut short.
      Buffer.concat([Buffer.from('{"__k":"x","a":"M'), Buffer.from([0xff]), Buffer.from('x","b":"'), Buffer.from([0xe2, 0x82]), Buffer.from('"}\r\n\n{"__k":"y"}')]),
    ];
    for (const body of bodies) {
      const lines = (await new Response(body).text()).split('\n').filter((l) => l.trim() !== '');
      const expected = lines.map((l) => JSON.parse(l) as Record<string, unknown>).map((values) => ({ id: values.__k, values }));
      expect(jsonlRecords(body, 'p')).toEqual(expected);
    }
    expect(jsonlRecords(bodies[2]!, 'p')[0]!.values).toEqual({ __k: 'x', a: 'M\uFFFDx', b: '\uFFFD' });
    // Only two marks are dropped, as by Response.text(): a third is the line's, and no JSON.
    expect(() => jsonlRecords(Buffer.from('\uFEFF\uFEFF\uFEFF{"__k":"a"}'), 'p')).toThrow('p, line 1: not JSON');
  });

  it('refuses a line that is not a record with an id, naming the request and the line', () => {
    expect(() => jsonlRecords(Buffer.from('{"__k":"a"}\n{"__k":'), 'GET v2 records page 3')).toThrow(/^GET v2 records page 3, line 2: not JSON/);
    expect(() => jsonlRecords(Buffer.from('{"__k":1}'), 'p')).toThrow('p, line 1: not a record with a string __k id');
    expect(() => jsonlRecords(Buffer.from('["__k"]'), 'p')).toThrow('p, line 1: not a record with a string __k id');
  });
});

describe('textOf (a response body as text)', () => {
  it('decodes as Response.text() does: UTF-8, a byte-order mark dropped, bad bytes replaced', async () => {
    const bodies = [
      Buffer.from('\uFEFF{"__k":"a","city":"München 😀"}\n'),
      Buffer.from([0x7b, 0xff, 0xc3, 0x7d, 0xe2, 0x82]),
      Buffer.from('\uFEFF\uFEFFtwo marks'),
      Buffer.from('\uFEFF\uFEFF\uFEFFthree marks'),
      Buffer.alloc(0),
    ];
    for (const body of bodies) expect(await textOf(new Response(body))).toBe(await new Response(body).text());
  });
});
