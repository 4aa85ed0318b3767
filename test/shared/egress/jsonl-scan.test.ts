import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../../../shared/egress/formula.js';
import { canonicalNumberEnd, JsonlScanner } from '../../../shared/egress/jsonl-scan.js';
import { rowOf, type Cell, type Row } from '../../../shared/egress/rows.js';
import { csvCell, CsvWriter, JsonlWriter, type RowWriter } from '../../../shared/egress/writers.js';

// The JSON Lines scanner and the copying writers against the object path they replace (JSON.parse of each line,
// rows as objects, JSON.stringify and csv-stringify): the same bytes for every kind of record and value.

const FIELDS = ['email', 'name', 'age', 'tags', 'note'];
const sink = (key: string) => ({ s3: {} as never, bucket: 'b', key, contentType: 'text/plain' });
const text = (w: RowWriter) => (w as unknown as { render(rows: Row[]): string }).render([]);
const RESERVED = /^__(k|nk|v|s|n|c|m|i|d|e|l|u|x)$/;

/** What the object path writes: JSONL and outbox CSV of the rows, each line parsed as a whole. */
function reference(body: string, fields: string[], escapeFormulas: boolean) {
  const textOf = (c: Cell) => (Array.isArray(c) ? c.join(', ') : c);
  const rows = body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const flat = JSON.parse(l) as Record<string, unknown>;
      const values = Object.fromEntries(Object.entries(flat).filter(([k]) => !RESERVED.test(k)).map(([k, v]) => [k, { value: v }]));
      const row: Row = { _id: flat.__k as string, ...rowOf({ id: flat.__k as string, values }, fields) };
      return row;
    });
  return {
    jsonl: rows.map((r) => JSON.stringify(r) + '\n').join(''),
    csv: stringify(
      rows.map((r) => ['_id', ...fields].map((c) => textOf(r[c] ?? null))),
      { header: true, columns: ['_id', ...fields], cast: { boolean: String, ...(escapeFormulas ? { string: neutraliseFormula } : {}) } },
    ),
  };
}

/** The same through the scanner and writers, as stream-export drives them. */
function scanned(body: string | Buffer, fields: string[], escapeFormulas: boolean) {
  const jsonl = new JsonlWriter(sink('j'), { fields });
  const csv = new CsvWriter(sink('c'), { columns: ['_id', ...fields], escapeFormulas });
  let fast = 0;
  let runs = 0;
  let objects = 0;
  const count = new JsonlScanner(fields).scan(typeof body === 'string' ? Buffer.from(body) : body, 'page', {
    scanned(record) {
      fast++;
      if (record.runStart >= 0) runs++;
      jsonl.addScanned(record);
      csv.addScanned(record);
    },
    object(r) {
      objects++;
      expect(r.valid).toBe(true);
      const row = { _id: r.id, ...rowOf(r, fields) };
      jsonl.add(row);
      csv.add(row);
    },
  });
  expect(count).toBe(fast + objects);
  return { out: { jsonl: text(jsonl), csv: text(csv) }, fast, runs };
}

const LINES: unknown[] = [
  { __k: 'r1', __s: 'us_sh_1', email: 'a@example.com', name: 'Anna', age: '31', tags: 'x', note: '' },
  { __k: 'r2', email: 'b@example.com', name: 'Müller, Jörg 🎉', age: 42, tags: ['a', 'b'], note: { k: [1, 'v'] }, __m: { m: 1 } },
  { __k: 'r3', email: 'say "hi"', name: 'line\nbreak', age: 1.5, tags: true, note: null },
  { __k: 'r4', email: '=SUM(A1)', name: '+49 30', age: '-2', tags: '@cmd', note: '\t=1' },
  { __k: 'r5', email: '=1,2', name: 'a/b\\c', age: -0, tags: false, note: 1e21 },
  // Missing fields, fields out of order, a field the feed does not export, metadata before the id.
  { __m: { a: 1 }, __v: 'v1', __k: 'r6', note: 'x', email: 'out of order', extra: 'not a column' },
  { __k: 'r7' },
  { __k: 'r\u000b8', email: '\u2028sep', name: '\u00e9' },
  { __k: 'r9', __c: { readonly: true }, __i: [{ x: 1 }], email: 'e@example.com', age: [1, [2, { a: '}' }]] },
  // Every field in column order, as Flatfile writes them: copied as one run (r10, r11, r13), unless a key breaks it.
  { __k: 'r10', __s: 'us_sh_1', email: 'f@example.com', name: 'Run', age: '1', tags: true, note: null },
  { __k: 'r11', email: 'g@example.com', name: 'Dup', age: '1', tags: 't', note: 'n', __m: {}, email2: 1, email_: 2, name_: 3 },
  { __k: 'r12', email: 'h@example.com', name: 'Meta', __m: { a: 1 }, age: '1', tags: 't', note: 'n' },
  { __s: 'us_sh_1', __k: 'r13', email: 'i@example.com', name: 'Last', age: '2', tags: 'u', note: 'o', __m: {} },
  { __k: 'r14', email: 'j@example.com', name: 'Number', age: 3, tags: 't', note: 'n' },
  // Exactly the common layout (read by matching bytes), and near misses of it.
  { __k: 'r15', email: 'k@example.com', name: 'Fast, lane', age: '5', tags: true, note: null },
  { __k: 'r15b', email: 'k@example.com', name: 'Say "hi"', age: '5', tags: true, note: null },
  { __k: 'r16', email: 'l@example.com', name: 'Tab\there', age: '5', tags: false, note: '' },
  { __k: 'r17', email: 'm@example.com', name: 'Last', age: '5', tags: 'x', note: 'ü' },
  // With the sheet's id and slug after the id, as Flatfile writes lines, and near misses of that.
  { __k: 'r18', __s: 'us_sh_1', __n: 'people', email: 'n@example.com', name: 'Context', age: 7, tags: true, note: 'n' },
  { __k: 'r19', __n: 'say "people"', email: 'o@example.com', name: 'Escaped slug', age: 7, tags: true, note: 'n' },
  { __k: 'r20', __n: 5, email: 'p@example.com', name: 'Number slug', age: 7, tags: true, note: 'n' },
  { __k: 'r21', __n: 'people', __s: 'us_sh_1', email: 'q@example.com', name: 'Slug first', age: 7, tags: true, note: 'n' },
];
const jsonl = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

describe('JSON Lines scanner and copying writers', () => {
  it.each([false, true])('write what the object path wrote (formulas escaped %s)', (escapeFormulas) => {
    const body = jsonl(LINES);
    const { out, fast, runs } = scanned(body, FIELDS, escapeFormulas);
    expect(out).toEqual(reference(body, FIELDS, escapeFormulas));
    // All but the line whose id has an escape; r1, r10, r11, r13, r14 (a number among them), r15, r17 and r18–r21 as
    // runs.
    expect(fast).toBe(LINES.length - 1);
    expect(runs).toBe(11);
  });

  it('reads whitespace, CRLF, escaped keys, repeated keys and a missing last newline as JSON.parse does', () => {
    const body = [
      '  { "__k" : "r1" , "email" : "\\u0061\\/b\\"c", "name":"x", "name":"y" }\r',
      '',
      '{"__k":"r2","em\\u0061il":"escaped key","age":7}',
      '{"email":"first","__k":"r3","email":"second"}',
      '{"__k":"r4","email":"a","name":"b","age":"c","tags":"d","note":"e","email":"repeated after the run"}',
      '{"__k":"r5","email":"a","name": "space","age":"c","tags":"d","note":"e"}',
      '{"__k":"r6","email":"a","name":"b","age":"c","tags":"d","note":"e"} ',
      '{"__k":"r7","email":"a","name":"b","age":"c","tags":"d","note":"e"}\r',
      '{"__k":"r8","email":"a","name":"b","age":"c","tags":"d","note":"e"}',
    ].join('\n');
    for (const escape of [false, true]) expect(scanned(body, FIELDS, escape).out).toEqual(reference(body, FIELDS, escape));
  });

  it('falls back to the object path for fields whose rows JavaScript would reorder or merge', () => {
    for (const fields of [['email', '_id'], ['email', '1'], ['email', 'email'], ['__proto__', 'email'], ['say "x"', 'email']]) {
      const body = jsonl([{ __k: 'r1', email: 'a', 1: 'b', _id: 'c', 'say "x"': 'd' }]);
      const { out, fast } = scanned(body, fields, false);
      expect(fast).toBe(0);
      expect(out).toEqual(reference(body, fields, false));
    }
  });

  it('reads a page that is not UTF-8 line by line', () => {
    const body = Buffer.concat([Buffer.from('{"__k":"r1","email":"a'), Buffer.from([0xff]), Buffer.from('b"}\n{"__k":"r2","email":"c"}\n')]);
    const { out, fast } = scanned(body, FIELDS, false);
    expect(fast).toBe(0);
    expect(out).toEqual(reference(body.toString('utf8'), FIELDS, false));
  });

  it('names the line that is not a record with an id', () => {
    expect(() => scanned('{"__k":"r1"}\n{"__k":"r2","email":nope}\n', FIELDS, false)).toThrow(/^page, line 2: not a JSON record/);
    expect(() => scanned('{"__k":"r1"}\n{"email":"no id"}', FIELDS, false)).toThrow('page, line 2: not a record with a string __k id');
    expect(() => scanned('[1]', FIELDS, false)).toThrow('page, line 1: not a record with a string __k id');
    expect(() => scanned('{"__k":7,"email":"x"}', FIELDS, false)).toThrow('page, line 1: not a record with a string __k id');
    expect(() => scanned('{"__k":"r1","email":"unterminated', FIELDS, false)).toThrow(/page, line 1: not a JSON record/);
  });

  it('copies numbers JavaScript writes back as written, and decodes every other number', () => {
    const tokens = ['0', '-1', '42', '1.5', '-0.25', '123.45', '0.000001', '999999999999999', '0.1', '9007199254740991', '-0', '-0.0', '1.50', '1.0', '1e5', '1E5', '1e-7', '0.0000001', '12345678901234567', '0.1000000000000000055', '1e21', '100000000000000000000000'];
    const lines = tokens.map((t, i) => `{"__k":"r${i}","email":"e","name":"n","age":${t},"tags":${t},"note":"x"}`);
    // The same numbers after other keys and out of order: the general reader, not the byte matcher.
    lines.push(...tokens.map((t, i) => `{"__k":"s${i}","__m":{},"age":${t},"email":"e","note":${t}}`));
    const body = lines.join('\n');
    for (const escape of [false, true]) expect(scanned(body, FIELDS, escape).out).toEqual(reference(body, FIELDS, escape));
  });

  it('calls a number token canonical only when JSON.stringify(JSON.parse(token)) gives it back', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const tokens: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const sign = random() < 0.3 ? '-' : '';
      const int = random() < 0.3 ? '0' : digits(1 + Math.floor(random() * 18));
      const frac = random() < 0.5 ? '' : `.${digits(1 + Math.floor(random() * 12))}`;
      const exp = random() < 0.1 ? `e${random() < 0.5 ? '-' : ''}${Math.floor(random() * 30)}` : '';
      tokens.push(`${sign}${int}${frac}${exp}`);
    }
    let canonical = 0;
    const wrong: string[] = [];
    for (const token of tokens) {
      const end = canonicalNumberEnd(Buffer.from(`${token},`), 0);
      if (end < 0) continue;
      canonical++;
      // Never copies a token JavaScript would write otherwise, and copies all of it.
      if (end !== token.length || JSON.stringify(JSON.parse(token)) !== token) wrong.push(token);
    }
    expect(wrong).toEqual([]);
    expect(canonical).toBeGreaterThan(2_000);
    for (const token of ['01', '-', '1.', '.5', '+1', '1e', 'x']) expect(canonicalNumberEnd(Buffer.from(`${token},`), 0)).toBe(-1);
  });

  it('encodes CSV cells as csv-stringify did', () => {
    const cells = ['', 'a', 'a,b', 'say "hi"', 'x\ny', 'x\rz', '=1', '+1', '-1', '@a', '\t=1', '\r=1', "'=1", 'é,ü', 0, -1, 1.5, 1e21, true, false, null];
    for (const escape of [false, true]) {
      const expected = stringify([cells], { cast: { boolean: String, ...(escape ? { string: neutraliseFormula } : {}) } });
      expect(cells.map((c) => csvCell(c, escape)).join(',') + '\n').toBe(expected);
    }
  });
});
