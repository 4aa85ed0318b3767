import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../../../shared/egress/formula.js';
import { reasonsOf, rowOf, type Cell, type Row, type SheetRecord } from '../../../shared/egress/rows.js';
import { PageScanner } from '../../../shared/egress/scan.js';
import { csvCell, CsvWriter, JsonlWriter, type RowWriter } from '../../../shared/egress/writers.js';

// The page scanner and the copying writers against the object path they replace (JSON.parse of the page, rows as
// objects, JSON.stringify and csv-stringify): the same bytes for every kind of record and value.

const FIELDS = ['email', 'name', 'age', 'tags', 'note'];
const sink = (key: string) => ({ s3: {} as never, bucket: 'b', key, contentType: 'text/plain' });
const text = (w: RowWriter) => (w as unknown as { render(rows: Row[]): string }).render([]);

/** What the export wrote before the scanner: JSONL and outbox CSV of the exported rows, the rejects CSV. */
function reference(body: string, fields: string[], escapeFormulas: boolean, includeInvalid: boolean) {
  const records = (JSON.parse(body) as { data: { records: SheetRecord[] } }).data.records;
  const isValid = (r: SheetRecord) =>
    r.valid !== undefined ? r.valid : !Object.values(r.values).some((c) => c?.messages?.some((m) => (m.type ?? 'error') === 'error'));
  const textOf = (c: Cell) => (Array.isArray(c) ? c.join(', ') : c);
  const csv = (rows: Row[], columns: string[], escape: boolean) =>
    stringify(
      rows.map((r) => columns.map((c) => textOf(r[c] ?? null))),
      { header: true, columns, cast: { boolean: String, ...(escape ? { string: neutraliseFormula } : {}) } },
    );
  const out: Row[] = [];
  const rej: Row[] = [];
  for (const r of records) {
    const valid = isValid(r);
    if (valid || includeInvalid) out.push({ _id: r.id, ...rowOf(r, fields) });
    if (!valid) rej.push({ ...rowOf(r, fields), reasons: reasonsOf(r, fields) });
  }
  return {
    jsonl: out.map((r) => JSON.stringify(r) + '\n').join(''),
    csv: csv(out, ['_id', ...fields], escapeFormulas),
    rejects: csv(rej, [...fields, 'reasons'], true),
  };
}

/** The same through the scanner and writers, as stream-export drives them. */
function scanned(body: string | Buffer, fields: string[], escapeFormulas: boolean, includeInvalid: boolean) {
  const jsonl = new JsonlWriter(sink('j'), { fields });
  const csv = new CsvWriter(sink('c'), { columns: ['_id', ...fields], escapeFormulas });
  const rejects = new CsvWriter(sink('r'), { columns: [...fields, 'reasons'], escapeFormulas: true });
  let fast = 0;
  let objects = 0;
  const count = new PageScanner(fields).scan(typeof body === 'string' ? Buffer.from(body) : body, 'page', {
    scanned(record) {
      fast++;
      jsonl.addScanned(record);
      csv.addScanned(record);
    },
    object(r) {
      objects++;
      const valid = r.valid !== undefined ? r.valid : !Object.values(r.values).some((c) => c?.messages?.some((m) => (m.type ?? 'error') === 'error'));
      if (valid || includeInvalid) {
        const row = { _id: r.id, ...rowOf(r, fields) };
        jsonl.add(row);
        csv.add(row);
      }
      if (!valid) rejects.add({ ...rowOf(r, fields), reasons: reasonsOf(r, fields) });
    },
  });
  expect(count).toBe(fast + objects);
  return { out: { jsonl: text(jsonl), csv: text(csv), rejects: text(rejects) }, fast };
}

const clean = (value: unknown) => ({ value, valid: true, messages: [] });
const error = (value: unknown, message: string) => ({ value, valid: false, messages: [{ type: 'error', message }] });

const RECORDS: unknown[] = [
  { id: 'r1', values: { email: clean('a@example.com'), name: clean('Anna'), age: clean('31'), tags: clean('x'), note: clean('') }, valid: true, metadata: {}, config: {} },
  { id: 'r2', values: { email: clean('b@example.com'), name: clean('Müller, Jörg 🎉'), age: clean(42), tags: clean(['a', 'b']), note: clean({ k: [1, 'v'] }) }, valid: true, metadata: { m: 1 }, config: {} },
  { id: 'r3', values: { email: clean('say "hi"'), name: clean('line\nbreak'), age: clean(1.5), tags: clean(true), note: clean(null) }, valid: true },
  { id: 'r4', values: { email: clean('=SUM(A1)'), name: clean('+49 30'), age: clean('-2'), tags: clean('@cmd'), note: clean('\t=1') }, valid: true },
  { id: 'r5', values: { email: clean('=1,2'), name: clean('a/b\\c'), age: clean(-0), tags: clean(false), note: clean(1e21) }, valid: true },
  { id: 'r6', values: { email: error('bad', 'not an email'), name: clean('Bad, Row'), age: clean('=1') }, valid: false },
  // No record-level `valid`: judged by the messages.
  { id: 'r7', values: { email: clean('c@example.com'), name: { value: 'W', messages: [{ type: 'warn', message: 'odd' }] } } },
  { id: 'r8', values: { email: error('', 'required') } },
  // `valid` wins over messages; odd cells and extra fields.
  { id: 'r9', values: { email: error('d@example.com', 'ignored'), name: { messages: [] }, extra: clean('not a column') }, valid: true },
  { id: 'r10', values: { email: 'not a cell', name: clean('x') }, valid: true },
  { id: 'r\u000b11', values: { email: clean('\u2028sep'), name: clean('\u00e9') }, valid: true },
  { id: 'r12', values: {}, valid: true },
  { id: 'r13', values: { email: clean('e@example.com') }, valid: 'true' },
  { values: { email: clean('no id') }, valid: true },
  { id: 14, values: { email: clean('numeric id') }, valid: true },
  { id: 'r15', values: { note: clean('x'), email: clean('out of order'), age: clean(7) }, valid: true },
];
const page = (records: unknown[]) => JSON.stringify({ data: { records }, success: true });

describe('page scanner and copying writers', () => {
  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('write what the object path wrote (formulas escaped %s, invalid included %s)', (escapeFormulas, includeInvalid) => {
    const body = page(RECORDS);
    const { out, fast } = scanned(body, FIELDS, escapeFormulas, includeInvalid);
    expect(out).toEqual(reference(body, FIELDS, escapeFormulas, includeInvalid));
    expect(fast).toBeGreaterThanOrEqual(8);
  });

  it('reads escaped strings, whitespace, key order and repeated keys as JSON.parse does', () => {
    const body = [
      '{ "success": true, "data" : { "other": [1, {"records": 2}], "records" : [',
      '  { "valid" : true, "values" : { "email" : { "messages": [ ], "value" : "\\u0061\\/b\\"c" }, "name": {"value":"x","value":"y"} }, "id" : "r\\u0031" } ,',
      '  {"id":"r2","values":{"email":{"value":"first"}},"values":{"name":{"value":"second"}},"valid":true}',
      ' ] } }',
    ].join('\n');
    for (const escape of [false, true]) expect(scanned(body, FIELDS, escape, false).out).toEqual(reference(body, FIELDS, escape, false));
  });

  it('falls back to the object path for rows whose keys JavaScript would reorder or merge', () => {
    for (const fields of [['email', '_id'], ['email', '1'], ['email', 'email'], ['__proto__', 'email']]) {
      const body = page([{ id: 'r1', values: { email: clean('a'), 1: clean('b'), _id: clean('c') }, valid: true }]);
      const { out, fast } = scanned(body, fields, false, false);
      expect(fast).toBe(0);
      expect(out).toEqual(reference(body, fields, false, false));
    }
  });

  it('parses a page that is not UTF-8 as a whole, as before', () => {
    const body = Buffer.concat([Buffer.from('{"data":{"records":[{"id":"r1","values":{"email":{"value":"a'), Buffer.from([0xff]), Buffer.from('b"}},"valid":true}]}}')]);
    const { out, fast } = scanned(body, FIELDS, false, false);
    expect(fast).toBe(0);
    expect(out).toEqual(reference(body.toString('utf8'), FIELDS, false, false));
  });

  it('rejects a body without data.records, and malformed JSON', () => {
    expect(() => scanned('{"data":{}}', FIELDS, false, false)).toThrow('page: response without data.records');
    expect(() => scanned('{"data":{"records":{}}}', FIELDS, false, false)).toThrow('page: response without data.records');
    expect(() => scanned('{"data":{"records":[{"id":"r1","values":{}},', FIELDS, false, false)).toThrow(SyntaxError);
    expect(() => scanned('{"data":{"records":[{"id":"r1","values":{"email":{"value":nope}}}]}}', FIELDS, false, false)).toThrow(SyntaxError);
  });

  it('encodes CSV cells as csv-stringify did', () => {
    const cells = ['', 'a', 'a,b', 'say "hi"', 'x\ny', 'x\rz', '=1', '+1', '-1', '@a', '\t=1', '\r=1', "'=1", 'é,ü', 0, -1, 1.5, 1e21, true, false, null];
    for (const escape of [false, true]) {
      const expected = stringify([cells], { cast: { boolean: String, ...(escape ? { string: neutraliseFormula } : {}) } });
      expect(cells.map((c) => csvCell(c, escape)).join(',') + '\n').toBe(expected);
    }
  });
});
