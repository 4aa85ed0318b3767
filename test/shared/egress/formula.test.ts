import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../../../shared/egress/index.js';
import { CsvWriter } from '../../../shared/egress/writers.js';

describe('neutraliseFormula', () => {
  it.each(['=SUM(A1:A2)', '+49 30 1234567', '-2+3', '@cmd', '\t=1', '\r=1'])('prefixes %j with a quote', (cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it.each(['anna@example.de', 'Schmidt & Söhne', '', ' =1', "'=1", '1-2'])('leaves %j alone', (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });
});

describe('CSV rendering', () => {
  // render() is the pure part of the writer; the sink is never written here.
  const render = (escapeFormulas: boolean, rows: Record<string, unknown>[]) =>
    (new CsvWriter({ s3: {} as never, bucket: 'b', key: 'k', contentType: 'text/csv' }, { columns: ['a', 'b'], escapeFormulas }) as unknown as {
      render(r: unknown[]): string;
    }).render(rows);

  it('neutralises formulas when asked, quotes as RFC 4180 and writes booleans as words', () => {
    expect(render(true, [{ a: '=HYPERLINK("x")', b: true }, { a: 'x,y', b: null }])).toBe(
      'a,b\n"\'=HYPERLINK(""x"")",true\n"x,y",\n',
    );
  });

  it('leaves cells as they are when not asked (machine-read outbox CSV)', () => {
    expect(render(false, [{ a: '=1+1', b: 2 }])).toBe('a,b\n=1+1,2\n');
  });
});
