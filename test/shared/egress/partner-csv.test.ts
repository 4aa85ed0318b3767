import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PartnerCsvWriter, partnerReason, rejectsFileLayout } from '../../../shared/egress/partner-csv.js';
import type { Cell } from '../../../shared/egress/rows.js';

// The bytes rows add to the writer's current page; the sink is never written here.
const bytesOf = (w: PartnerCsvWriter, rows: Cell[][]): Buffer => {
  for (const row of rows) w.addCells(row);
  const out = (w as unknown as { out: { buf: Buffer; length: number } }).out;
  return Buffer.from(out.buf.subarray(0, out.length));
};
const writer = (layout: ConstructorParameters<typeof PartnerCsvWriter>[2]) =>
  new PartnerCsvWriter({ s3: {} as never, bucket: 'b', key: 'k', contentType: 'text/csv' }, ['row', 'Kunde', 'reasons'], layout);
// What S3 is sent for the object: content type and metadata say how the file was written.
const uploadParams = async (layout: ConstructorParameters<typeof PartnerCsvWriter>[2]) => {
  const sent: { ContentType: string; Metadata?: Record<string, string> }[] = [];
  const s3 = { send: async (command: { input: (typeof sent)[number] }) => (sent.push(command.input), {}) };
  const w = new PartnerCsvWriter({ s3: s3 as never, bucket: 'b', key: 'k', contentType: 'text/csv' }, ['row', 'Kunde', 'reasons'], layout);
  await w.end();
  expect(sent).toHaveLength(1);
  return sent[0]!;
};

describe('the rejects file in the partner layout', () => {
  it("writes the partner's headers, delimiter and encoding, quoting for their delimiter and neutralising formulas", () => {
    const w = writer({ delimiter: ';', encoding: 'windows-1252' });
    const bytes = bytesOf(w, [
      [3, 'Müller; Söhne', 'Kunde: zu lang'],
      [5, '=HYPERLINK("x")', 'Kunde: "€"'],
    ]);
    expect(bytes.equals(iconv.encode('row;Kunde;reasons\n3;"Müller; Söhne";Kunde: zu lang\n5;"\'=HYPERLINK(""x"")";"Kunde: ""€"""\n', 'windows-1252'))).toBe(true);
    expect(w.unencodable).toBe(0);
  });

  it('UTF-16 gets its BOM once, at the start', () => {
    const bytes = bytesOf(writer({ delimiter: '\t', encoding: 'utf-16le' }), [[2, 'Ørsted', 'x']]);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(iconv.decode(bytes, 'utf-16le')).toBe('row\tKunde\treasons\n2\tØrsted\tx\n');
  });

  it('counts the lines holding a character the encoding cannot write, rather than changing them silently', () => {
    const w = writer({ encoding: 'windows-1252' });
    bytesOf(w, [[2, 'Анна', 'x']]);
    expect(w.unencodable).toBe(1);
  });

  it("ends lines as the partner's file did (CRLF), a cell spanning lines kept quoted", () => {
    const bytes = bytesOf(writer({ delimiter: ';', lineEnd: '\r\n' }), [[4, 'Zwei\nZeilen', 'x'], [6, 'Cy', 'y']]);
    expect(bytes.toString('utf8')).toBe('row;Kunde;reasons\r\n4;"Zwei\nZeilen";x\r\n6;Cy;y\r\n');
  });

  it('says in its content type and metadata how it was written, and a reader gets that back', async () => {
    const params = await uploadParams({ delimiter: '\t', encoding: 'windows-1251' });
    expect(params.ContentType).toBe('text/csv; charset=windows-1251');
    expect(params.Metadata).toEqual({ layout: 'partner', delimiter: '%09' });
    expect(rejectsFileLayout(params.ContentType, params.Metadata)).toEqual({ encoding: 'windows-1251', delimiter: '\t' });
    // A file written before (or in our own layout): UTF-8 CSV.
    expect(rejectsFileLayout('text/csv; charset=utf-8', {})).toEqual({ encoding: 'utf-8', delimiter: ',' });
    expect(rejectsFileLayout(undefined, undefined)).toEqual({ encoding: 'utf-8', delimiter: ',' });
  });

  it("names each reason by the partner's header of its field", () => {
    expect(partnerReason('amount: "x" is not a number', { amount: 'Betrag' })).toBe('Betrag: "x" is not a number');
    expect(partnerReason('day: bad', { amount: 'Betrag' })).toBe('day: bad');
    expect(partnerReason('constructor: bad', {})).toBe('constructor: bad');
  });
});
