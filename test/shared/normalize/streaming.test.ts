// Behaviour that only shows on inputs larger than the 64 KB sniffing sample: chunk boundaries, late errors,
// back-pressure.
import { once } from 'node:events';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../../shared/normalize/index.js';
import { chunked, LIMITS, rejection, run } from './helpers.js';

const rows = (n: number, eol: string) => 'id,name\n'.replace('\n', eol) + Array.from({ length: n }, (_, i) => `${i},“n${i}” €${eol}`).join('');

describe('streams past the sample', () => {
  it('CRLF split across odd chunk boundaries becomes LF exactly', async () => {
    const crlf = rows(20_000, '\r\n');
    const [file] = await run(chunked(Buffer.from(crlf), 7), 'big.csv');
    expect(file?.bytes.toString('utf8')).toBe(rows(20_000, '\n'));
    expect(file?.stats.rows).toBe(20_000);
  });

  it('windows-1252 transcodes exactly across chunk boundaries', async () => {
    const lf = rows(20_000, '\n');
    const [file] = await run(chunked(iconv.encode(lf, 'windows-1252'), 1000), 'big.csv');
    expect(file?.sourceEncoding).toBe('windows-1252');
    expect(file?.bytes.toString('utf8')).toBe(lf);
  });

  it('UTF-16LE with multi-byte code units split across chunks', async () => {
    const lf = rows(10_000, '\n');
    const input = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(lf, 'utf-16le')]);
    const [file] = await run(chunked(input, 333), 'big.csv');
    expect(file?.bytes.toString('utf8')).toBe(lf);
  });

  it('UTF-8 multi-byte characters split across chunks pass through unchanged', async () => {
    const lf = Buffer.from(rows(20_000, '\n'));
    const [file] = await run(chunked(lf, 5), 'big.csv');
    expect(file?.bytes.equals(lf)).toBe(true);
  });

  it('invalid UTF-8 after a clean sample names its byte offset', async () => {
    const clean = Buffer.from('id,name\n' + '1,abc\n'.repeat(20_000));
    const input = Buffer.concat([clean, Buffer.from([0x93]), Buffer.from('x\n')]);
    const err = await rejection(input, 'late.csv');
    expect(err.reason).toBe('undecodable-text');
    expect(err.message).toContain(`invalid UTF-8 at byte ${clean.length}`);
  });

  it('a NUL byte after the sample is binary content, with its line', async () => {
    const input = Buffer.from('id,name\n' + '1,abc\n'.repeat(20_000) + '2,\0\n');
    const err = await rejection(input, 'late.csv');
    expect(err.reason).toBe('binary-content');
    expect(err.message).toContain('line 20002 contains a NUL byte');
  });

  it('a long line after the sample is caught before its end', async () => {
    const input = Buffer.concat([Buffer.from('id,name\n' + '1,abc\n'.repeat(20_000)), Buffer.alloc(3 << 20, 'z')]);
    const err = await rejection(input, 'late.csv');
    expect(err.reason).toBe('line-too-long');
    expect(err.message).toContain('line 20002 is longer than the limit of 1048576 bytes');
  });
});

describe('back-pressure', () => {
  it('reads from the source only as fast as the body is consumed', async () => {
    let produced = 0;
    const line = Buffer.from('12345,some text,more text,"quoted, field"\n');
    const source = new Readable({
      read() {
        // An endless CSV: only back-pressure keeps this test's memory bounded.
        produced += line.length * 1000;
        this.push(Buffer.concat(Array.from({ length: 1000 }, () => line)));
      },
    });
    const files = normalize(source, 'endless.csv', { limits: { ...LIMITS, maxBytes: Number.MAX_SAFE_INTEGER } });
    const first = await files.next();
    expect(first.done).toBe(false);
    const body = (first.value as { body: Readable }).body;
    let consumed = 0;
    for await (const chunk of body) {
      consumed += (chunk as Buffer).length;
      if (consumed > 8 << 20) break;
    }
    // Buffered ahead of the consumer: stream high-water marks and the sample, a few hundred KB — not the 1 GB+ an
    // unthrottled source would have pushed by now.
    expect(produced - consumed).toBeLessThan(2 << 20);
    // Stopping early releases the source (asynchronously, through the chain of streams).
    if (!source.destroyed) await once(source, 'close');
    expect(source.destroyed).toBe(true);
  });
});

describe('formats by content', () => {
  it.each([
    ['data.json', '[{"id":1}]\n', 'json'],
    ['data.json', '{"id":1}\n{"id":2}\n', 'jsonl'],
    ['data.ndjson', '{"id":1}\n', 'jsonl'],
    ['data.json', '{\n  "id": 1\n}\n', 'json'],
    ['data.xml', '<?xml version="1.0"?>\n<rows><row id="1"/></rows>\n', 'xml'],
    ['data.txt', 'a|b\n1|2\n', 'psv'],
    ['data.csv', '[id],[name]\n1,2\n', 'csv'],
  ])('%s %j is %s', async (name, text, format) => {
    const [file] = await run(Buffer.from(text), name);
    expect(file?.format).toBe(format);
    expect(file?.bytes.toString('utf8')).toBe(text);
  });

  it('fixed-width only when declared, counting lines as rows', async () => {
    const [file] = await run(Buffer.from('0001ANN  0350\n0002BO   0400\n'), 'data.dat', { format: 'fixed' });
    expect(file).toMatchObject({ format: 'fixed', stats: { rows: 2 } });
    expect(file?.delimiter).toBeUndefined();
  });

  it('declared delimiter wins over detection', async () => {
    const [file] = await run(Buffer.from('a,b;c\n1,2;3\n'), 'x.csv', { delimiter: ';' });
    expect(file).toMatchObject({ format: 'csv', delimiter: ';', stats: { rows: 1 } });
  });
});
