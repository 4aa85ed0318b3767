import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PartnerCsvWriter, partnerReason } from '../../../shared/egress/partner-csv.js';

// render() is the pure part of a writer: the text (here, the bytes) rows add; the sink is never written here.
const bytesOf = (w: PartnerCsvWriter, rows: Record<string, unknown>[]): Buffer => {
  for (const row of rows) w.add(row as never);
  const out = (w as unknown as { out: { buf: Buffer; length: number } }).out;
  return Buffer.from(out.buf.subarray(0, out.length));
};
const writer = (layout: ConstructorParameters<typeof PartnerCsvWriter>[3]) =>
  new PartnerCsvWriter({ s3: {} as never, bucket: 'b', key: 'k', contentType: 'text/csv' }, ['row', 'name', 'reasons'], ['row', 'Kunde', 'reasons'], layout);

describe('the rejects file in the partner layout', () => {
  it("writes the partner's headers, delimiter and encoding, quoting for their delimiter and neutralising formulas", () => {
    const w = writer({ delimiter: ';', encoding: 'windows-1252' });
    const bytes = bytesOf(w, [
      { row: 3, name: 'Müller; Söhne', reasons: 'Kunde: zu lang' },
      { row: 5, name: '=HYPERLINK("x")', reasons: 'Kunde: "€"' },
    ]);
    expect(bytes.equals(iconv.encode('row;Kunde;reasons\n3;"Müller; Söhne";Kunde: zu lang\n5;"\'=HYPERLINK(""x"")";"Kunde: ""€"""\n', 'windows-1252'))).toBe(true);
    expect(w.unencodable).toBe(0);
  });

  it('UTF-16 gets its BOM once, at the start', () => {
    const bytes = bytesOf(writer({ delimiter: '\t', encoding: 'utf-16le' }), [{ row: 2, name: 'Ørsted', reasons: 'x' }]);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(iconv.decode(bytes, 'utf-16le')).toBe('row\tKunde\treasons\n2\tØrsted\tx\n');
  });

  it('counts the lines holding a character the encoding cannot write, rather than changing them silently', () => {
    const w = writer({ encoding: 'windows-1252' });
    bytesOf(w, [{ row: 2, name: 'Анна', reasons: 'x' }]);
    expect(w.unencodable).toBe(1);
  });

  it("names each reason by the partner's header of its field", () => {
    expect(partnerReason('amount: "x" is not a number', { amount: 'Betrag' })).toBe('Betrag: "x" is not a number');
    expect(partnerReason('day: bad', { amount: 'Betrag' })).toBe('day: bad');
    expect(partnerReason('constructor: bad', {})).toBe('constructor: bad');
  });
});
