// The bad-input corpus (test/fixtures/bad): every file's exact outcome, bytes or reason.
import { describe, expect, it } from 'vitest';
import {
  fixture,
  GOOD_CSV,
  goodZip,
  gzipBomb,
  gzipOf,
  lyingZipBomb,
  ole2Header,
  encryptedXlsx,
  singleLine,
  tinyXlsx,
  truncatedGzip,
  zipBomb,
  zipInZip,
  zipOf,
} from '../../fixtures/bad/make.js';
import { LIMITS, rejection, run } from './helpers.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('rejected with a reason the partner can act on', () => {
  it('empty file', async () => {
    const err = await rejection(fixture('empty.csv'), 'empty.csv');
    expect(err.reason).toBe('empty-file');
    expect(err.message).toBe('file is empty (0 bytes)');
  });

  it('whitespace and blank lines only', async () => {
    const err = await rejection(fixture('whitespace-only.csv'), 'whitespace-only.csv');
    expect(err.reason).toBe('empty-file');
    expect(err.message).toContain('only whitespace');
  });

  it('header only', async () => {
    const err = await rejection(fixture('header-only.csv'), 'header-only.csv');
    expect(err.reason).toBe('header-only');
    expect(err.message).toBe('file has a header row but no data rows');
  });

  it('binary junk named .csv', async () => {
    const err = await rejection(fixture('binary-junk.csv'), 'binary-junk.csv');
    expect(err.reason).toBe('binary-content');
    expect(err.message).toContain('"binary-junk.csv" is not text: a NUL byte at offset 0');
  });

  it('a 5 MB single line', async () => {
    const err = await rejection(singleLine(), 'one-line.csv');
    expect(err.reason).toBe('line-too-long');
    expect(err.message).toContain(`line 2 is longer than the limit of ${LIMITS.maxLineBytes} bytes`);
  });

  it('a truncated gzip', async () => {
    const gz = truncatedGzip();
    const err = await rejection(gz, 'orders.csv.gz');
    expect(err.reason).toBe('truncated-archive');
    expect(err.message).toContain(`gzip stream truncated after ${gz.length} bytes`);
  });

  it('a zip nested three deep: that member refused alone, the members around it delivered', async () => {
    const deep = zipOf({ 'a.csv': GOOD_CSV, 'l2.zip': zipOf({ 'l3.zip': zipOf({ 'c.csv': GOOD_CSV }), 'b.csv': GOOD_CSV }), 'z.csv': GOOD_CSV });
    const out = await run(deep, 'outer.zip');
    expect(out.map((o) => [o.name, o.refused ?? 'delivered'])).toEqual([
      ['outer.zip/a.csv', 'delivered'],
      ['outer.zip/l2.zip/l3.zip', 'nested-archive: zip member "l2.zip/l3.zip" of "outer.zip" is an archive nested 3 deep; archives are opened at most 2 deep (a zip inside a zip) — send the files inside it directly'],
      ['outer.zip/l2.zip/b.csv', 'delivered'],
      ['outer.zip/z.csv', 'delivered'],
    ]);
    expect(out.find((o) => o.name === 'outer.zip/l2.zip/b.csv')!.bytes.toString()).toBe(GOOD_CSV);
  });

  it('a binary member is refused alone; the next member still arrives', async () => {
    const out = await run(zipOf({ 'junk.csv': fixture('binary-junk.csv'), 'b.csv': GOOD_CSV }), 'outer.zip');
    expect(out.map((o) => o.name)).toEqual(['outer.zip/junk.csv', 'outer.zip/b.csv']);
    expect(out[0]!.refused).toMatch(/^binary-content: "outer.zip\/junk.csv" is not text: a NUL byte at offset 0/);
    expect(out[1]).toMatchObject({ bytes: Buffer.from(GOOD_CSV), stats: { rows: 2 } });
    expect(out[1]!.refused).toBeUndefined();
  });

  it('a zip bomb (200 MB of zeros), caught from the central directory before inflating', async () => {
    const bomb = zipBomb(200);
    const err = await rejection(bomb, 'bomb.zip');
    expect(err.reason).toBe('zip-bomb');
    const ratio = Math.round((200 << 20) / bomb.length);
    expect(ratio).toBeGreaterThan(1000);
    expect(err.message).toBe(`zip "bomb.zip": expansion ratio ${ratio}:1 exceeds the limit of 100:1`);
  });

  it('a zip bomb whose directory lies about its size, caught while inflating (that member refused)', async () => {
    const err = await rejection(lyingZipBomb(), 'liar.zip');
    expect(err.reason).toBe('zip-bomb');
    expect(err.message).toContain('zip "liar.zip" member "zeros.csv" expands beyond the size its header declares');
  });

  it('a gzip bomb, caught while inflating', async () => {
    const err = await rejection(gzipBomb(), 'bomb.csv.gz');
    expect(err.reason).toBe('zip-bomb');
    expect(err.message).toMatch(/^gzip stream: expansion ratio \d{3,4}:1 exceeds the limit of 100:1$/);
  });

  it('more members than allowed', async () => {
    const files = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`f${i}.csv`, GOOD_CSV]));
    const err = await rejection(zipOf(files), 'many.zip', { limits: { ...LIMITS, maxMembers: 3 } });
    expect(err.reason).toBe('too-many-members');
    expect(err.message).toBe('zip "many.zip" has 4 entries, more than the limit of 3');
  });

  it('a zip with only junk in it', async () => {
    const err = await rejection(zipOf({ '__MACOSX/._a.csv': 'x', '.DS_Store': 'y' }), 'junk.zip');
    expect(err.reason).toBe('empty-archive');
  });

  it('a file over maxBytes', async () => {
    const err = await rejection(Buffer.from(GOOD_CSV.repeat(10_000)), 'big.csv', { limits: { ...LIMITS, maxBytes: 100_000 } });
    expect(err.reason).toBe('too-large');
    expect(err.message).toBe('file is larger than the limit of 100000 bytes');
  });

  it('a password-protected XLSX: encrypted, not "xls"', async () => {
    const err = await rejection(encryptedXlsx(), 'prices.xlsx');
    expect(err.reason).toBe('encrypted-file');
    expect(err.message).toBe('"prices.xlsx" is a password-protected (encrypted) Office file, which cannot be read; remove the password and send it again');
  });

  it('an XLSX cut short: a truncated workbook, not an empty file', async () => {
    const whole = await tinyXlsx();
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    const err = await rejection(cut, 'prices.xlsx');
    expect(err.reason).toBe('truncated-archive');
    expect(err.message).toBe(`XLSX workbook "prices.xlsx" (a zip inside) is truncated or damaged: its central directory is missing (${cut.length} bytes received); send it again`);
  });

  it('a zip that is cut off (no central directory)', async () => {
    const zip = goodZip();
    const cut = zip.subarray(0, zip.length - 30);
    const err = await rejection(cut, 'cut.zip');
    expect(err.reason).toBe('truncated-archive');
    expect(err.message).toContain(`zip "cut.zip" is truncated or damaged: its central directory is missing (${cut.length} bytes received)`);
  });
});

describe('normalised to exact UTF-8', () => {
  it('UTF-16LE with BOM', async () => {
    const [file] = await run(fixture('utf16le-bom.csv'), 'utf16le-bom.csv');
    expect(file?.sourceEncoding).toBe('utf-16le');
    expect(file?.bytes.equals(utf8('id,name\n1,Zoë €\n'))).toBe(true);
  });

  it('UTF-16BE with BOM', async () => {
    const [file] = await run(fixture('utf16be-bom.csv'), 'utf16be-bom.csv');
    expect(file?.sourceEncoding).toBe('utf-16be');
    expect(file?.bytes.equals(utf8('id,name\n1,Zoë €\n'))).toBe(true);
  });

  it('UTF-8 with BOM loses the BOM', async () => {
    const [file] = await run(fixture('utf8-bom.csv'), 'utf8-bom.csv');
    expect(file?.bytes.equals(utf8('id,name\n1,Zoë\n'))).toBe(true);
  });

  it('Latin-1', async () => {
    const [file] = await run(fixture('latin1.csv'), 'latin1.csv');
    expect(file?.sourceEncoding).toBe('windows-1252');
    expect(file?.bytes.toString('utf8')).toBe('id,name,city\n1,José,Zürich\n2,Søren,Århus\n');
  });

  it('Windows-1252 smart quotes, dashes and €', async () => {
    const [file] = await run(fixture('windows-1252.csv'), 'windows-1252.csv');
    expect(file?.sourceEncoding).toBe('windows-1252');
    expect(file?.bytes.toString('utf8')).toBe('id,quote,price\n1,“Smart” ‘quotes’,€5\n2,dash – ok…,€10\n');
  });

  it('declared encoding overrides detection', async () => {
    const [file] = await run(fixture('latin1.csv'), 'latin1.csv', { encoding: 'iso-8859-1' });
    expect(file?.sourceEncoding).toBe('iso-8859-1');
    expect(file?.bytes.toString('utf8')).toBe('id,name,city\n1,José,Zürich\n2,Søren,Århus\n');
  });

  it('mixed CRLF, LF and CR', async () => {
    const [file] = await run(fixture('mixed-eol.csv'), 'mixed-eol.csv');
    expect(file?.bytes.toString('utf8')).toBe('id,name\n1,a\n2,b\n3,c\n');
    // The file's own line end is its first (the header's), for a rejects file written as the partner wrote theirs.
    expect(file?.stats).toEqual({ bytesIn: 22, bytesOut: 20, rows: 3, sourceRows: { header: 1, skipped: [] }, lineEnd: '\r\n' });
  });

  it('semicolon CSV with decimal commas', async () => {
    const [file] = await run(fixture('semicolon.csv'), 'semicolon.csv');
    expect(file).toMatchObject({ format: 'csv', delimiter: ';' });
    expect(file?.bytes.equals(fixture('semicolon.csv'))).toBe(true);
    expect(file?.stats.rows).toBe(2);
  });

  it('TSV', async () => {
    const [file] = await run(fixture('tabs.tsv'), 'tabs.tsv');
    expect(file).toMatchObject({ format: 'tsv', delimiter: '\t' });
    expect(file?.stats.rows).toBe(2);
  });

  it('quoted newlines and escaped quotes count as one record each', async () => {
    const [file] = await run(fixture('quoted-newlines.csv'), 'quoted-newlines.csv');
    expect(file?.bytes.equals(fixture('quoted-newlines.csv'))).toBe(true);
    expect(file?.stats.rows).toBe(3);
  });

  it('gzip of a CSV', async () => {
    const gz = gzipOf('id,name\r\n1,Ann\r\n');
    const [file] = await run(gz, 'orders.csv.gz');
    expect(file).toMatchObject({ name: 'orders.csv.gz', format: 'csv', delimiter: ',' });
    expect(file?.bytes.toString('utf8')).toBe('id,name\n1,Ann\n');
    expect(file?.stats).toEqual({ bytesIn: gz.length, bytesOut: 14, rows: 1, sourceRows: { header: 1, skipped: [] }, lineEnd: '\r\n' });
  });

  it('zip with two CSV members, skipping __MACOSX/ and dotfiles', async () => {
    const files = await run(goodZip(), 'batch.zip');
    expect(files.map((f) => [f.name, f.format, f.delimiter, f.bytes.toString('utf8')])).toEqual([
      ['batch.zip/a.csv', 'csv', ',', 'id,name\n1,Ann\n'],
      ['batch.zip/sub/b.csv', 'csv', ';', 'id;name\n2;Bo\n'],
    ]);
  });

  it('a zip inside a zip and a gzip inside a zip: opened, member by member', async () => {
    const files = await run(zipOf({ 'inner.zip': zipOf({ 'a.csv': GOOD_CSV }), 'b.csv.gz': gzipOf(GOOD_CSV), 'c.csv': GOOD_CSV }), 'outer.zip');
    expect(files.map((f) => [f.name, f.format, f.bytes.toString('utf8'), f.refused])).toEqual([
      ['outer.zip/inner.zip/a.csv', 'csv', GOOD_CSV, undefined],
      ['outer.zip/b.csv.gz', 'csv', GOOD_CSV, undefined],
      ['outer.zip/c.csv', 'csv', GOOD_CSV, undefined],
    ]);
    expect(zipInZip().length).toBeGreaterThan(0);
  });
});

describe('spreadsheets pass through untouched', () => {
  it('XLSX renamed .csv is an xlsx, byte for byte', async () => {
    const xlsx = await tinyXlsx();
    const [file, more] = await run(xlsx, 'orders.csv');
    expect(more).toBeUndefined();
    expect(file).toMatchObject({ name: 'orders.csv', format: 'xlsx' });
    expect(file?.bytes.equals(xlsx)).toBe(true);
    expect(file?.stats).toEqual({ bytesIn: xlsx.length, bytesOut: xlsx.length });
  });

  it('an XLSX inside a zip is a member, not a nested archive', async () => {
    const xlsx = await tinyXlsx();
    const files = await run(zipOf({ 'report.xlsx': xlsx, 'notes.csv': GOOD_CSV }), 'drop.zip');
    expect(files.map((f) => [f.name, f.format])).toEqual([
      ['drop.zip/report.xlsx', 'xlsx'],
      ['drop.zip/notes.csv', 'csv'],
    ]);
    expect(files[0]?.bytes.equals(xlsx)).toBe(true);
  });

  it('OLE2 (legacy .xls) named .csv is an xls, byte for byte', async () => {
    const xls = ole2Header();
    const [file] = await run(xls, 'legacy.csv');
    expect(file?.format).toBe('xls');
    expect(file?.bytes.equals(xls)).toBe(true);
  });
});
