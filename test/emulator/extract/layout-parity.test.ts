// Delimited-text layout, read twice: by ingress (shared/normalize, which counts the rows it uploads) and by the
// platform's native extraction (emulator/extract/csv.ts, which creates the records). Both must find the same header
// and the same rows, or a run would end `mismatch`; each case also pins the exact outcome.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { extractDelimited } from '../../../emulator/extract/csv.js';
import type { CellIn } from '../../../emulator/store/records.js';
import { uploadBody } from '../../../shared/ingress/upload-form.js';
import { normalize, sourceRowOf, type NumberedRows, type SourceRows } from '../../../shared/normalize/index.js';
import { LIMITS } from '../../shared/normalize/helpers.js';

interface Read {
  rows: number | undefined;
  blankRows: number | undefined;
  warnings: string[] | undefined;
  header: string[];
  records: Record<string, string>[];
  sourceRows: SourceRows | undefined;
}

/** Ingress normalises and uploads; the emulator extracts what was uploaded. */
async function readBoth(text: string, name = 'f.csv'): Promise<Read & { created: number }> {
  const files = normalize(Readable.from([Buffer.from(text, 'utf8')]), name, { limits: LIMITS });
  const { value: file } = await files.next();
  if (!file) throw new Error('no file');
  const uploaded: Buffer[] = [];
  for await (const c of uploadBody(file)) uploaded.push(Buffer.from(c as Buffer));
  const stats = file.stats();
  let header: string[] = [];
  const records: Record<string, string>[] = [];
  const created = await extractDelimited(
    Readable.from([Buffer.concat(uploaded)]),
    ',',
    (fields) => (header = fields.map((f) => f.label ?? "")),
    (batch) => records.push(...batch.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String((v as CellIn & { value: unknown }).value)])))),
  );
  return { rows: stats.rows, blankRows: stats.blankRows, warnings: stats.warnings, header, records, created, sourceRows: stats.sourceRows };
}

const TABLE = 'id,name,amount\nA-1,Ann,1\nA-2,Bo,2\n';

describe('ingress and native extraction read the same layout', () => {
  it('a plain table: header on row 1, every row a record', async () => {
    const r = await readBoth(TABLE);
    expect(r).toMatchObject({ rows: 2, blankRows: undefined, warnings: undefined, header: ['id', 'name', 'amount'], created: 2 });
  });

  it('title lines above the header are passed over, and said so', async () => {
    const r = await readBoth(`Quarterly report\nGenerated 2026-11-20,,\n\n${TABLE}`);
    expect(r).toMatchObject({ rows: 2, header: ['id', 'name', 'amount'], created: 2 });
    expect(r.records).toEqual([{ id: 'A-1', name: 'Ann', amount: '1' }, { id: 'A-2', name: 'Bo', amount: '2' }]);
    expect(r.warnings).toEqual(['2 lines above the header row skipped (title lines)']);
  });

  it("Excel's sep=; line names the delimiter and is not a record", async () => {
    const r = await readBoth('sep=;\nid;name;amount\nA-1;Ann, Jr.;1,5\n', 'excel.csv');
    expect(r).toMatchObject({ rows: 1, header: ['id', 'name', 'amount'], created: 1 });
    expect(r.records).toEqual([{ id: 'A-1', name: 'Ann, Jr.', amount: '1,5' }]);
    expect(r.warnings).toEqual(['1 line above the header row skipped (an Excel "sep=;" line)']);
  });

  it('sep= and a title block together', async () => {
    const r = await readBoth('sep=;\nExport;;\nid;name;amount\nA-1;Ann;1\n', 'excel.csv');
    expect(r).toMatchObject({ rows: 1, header: ['id', 'name', 'amount'], created: 1 });
  });

  it('blank rows are skipped and counted apart, not records', async () => {
    const r = await readBoth('id,name,amount\nA-1,Ann,1\n,,\n , ,\n"",,\nA-2,Bo,2\n,,,,,,\n');
    expect(r).toMatchObject({ rows: 2, blankRows: 4, created: 2 });
    expect(r.records.map((x) => x.id)).toEqual(['A-1', 'A-2']);
  });

  it('a quoted delimiter or quote is content, not a blank row', async () => {
    const r = await readBoth('id,name,amount\n",",,\n"""",,\nA-1,Ann,1\n');
    expect(r).toMatchObject({ rows: 3, blankRows: undefined, created: 3 });
  });

  it('a header with gaps is still the header when half the width is filled', async () => {
    const r = await readBoth('id,,amount,\nA-1,x,1,y\n');
    expect(r).toMatchObject({ rows: 1, header: ['id', '', 'amount', ''], created: 1 });
  });

  it('a single-column file', async () => {
    const r = await readBoth('email\na@b.de\nc@d.de\n');
    expect(r).toMatchObject({ rows: 2, header: ['email'], created: 2 });
  });

  it('semicolon file with title lines: the delimiter is judged by the table, not the title', async () => {
    const r = await readBoth('Bestellungen November\n\nid;name;amount\nA-1;Ann;1,5\nA-2;Bo;2\n');
    expect(r).toMatchObject({ rows: 2, header: ['id', 'name', 'amount'], created: 2 });
    expect(r.records[0]).toEqual({ id: 'A-1', name: 'Ann', amount: '1,5' });
  });

  // The row a partner finds a record on when the file is opened in a spreadsheet: the records the platform created,
  // in order, numbered by the rows ingress saw.
  const rowsOf = (r: Read & { created: number }) => r.records.map((rec, i) => `${rec.id}@${sourceRowOf(r.sourceRows as NumberedRows, i)}`);

  it('each record carries the row a spreadsheet shows it on: title lines, empty lines, blank rows and a multi-line cell counted', async () => {
    const r = await readBoth('Customer export\nGenerated 2026-11-20,,\n\nid,name,amount\nA-1,Ann,1\n,,\n\nA-2,"two\nlines",2\nA-3,Cy,3\n');
    expect(r).toMatchObject({ created: 3, sourceRows: { header: 4, skipped: [[6, 2]] } });
    expect(rowsOf(r)).toEqual(['A-1@5', 'A-2@8', 'A-3@9']);
  });

  it("rows as Excel numbers them: the sep= line is a setting, not a row; CRLF, a ';' file rewritten as CSV, a last line without a newline", async () => {
    const r = await readBoth('sep=;\r\nid;name;amount\r\nA-1;Ann;1\r\n;;\r\n\r\nA-2;"B\r\no";2\r\nA-3;Cy;3', 'excel.csv');
    expect(rowsOf(r)).toEqual(['A-1@2', 'A-2@5', 'A-3@6']);
  });

  it('a plain table: the header on row 1, records from row 2', async () => {
    expect(rowsOf(await readBoth(TABLE))).toEqual(['A-1@2', 'A-2@3']);
  });
});
