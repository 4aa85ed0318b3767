import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../../shared/normalize/delimiter.js';
import { LineEndings } from '../../../shared/normalize/line-endings.js';
import { DelimitedRecordCounter } from '../../../shared/normalize/rows.js';

describe('LineEndings', () => {
  it('handles CR at the end of one chunk and LF at the start of the next', () => {
    const eol = new LineEndings();
    const out = ['a\r', '\nb\r', '', 'c\r', '\r\n', 'd'].map((s) => eol.normalize(Buffer.from(s)).toString());
    expect(out.join('')).toBe('a\nb\nc\n\nd');
  });

  it.each([
    [['a,b\r\n1,2\n'], '\r\n'],
    [['a,b\n1,2\r\n'], '\n'],
    [['a,b\r1,2\r\n'], '\r'],
    // The first CR ends a chunk: the next chunk says whether it was CRLF.
    [['a,b', '\r', '\n1,2\n'], '\r\n'],
    [['a,b\r', '1,2\n'], '\r'],
    [['a,b'], undefined],
  ])('keeps the file\'s own line end, its first: %j → %j', (chunks, lineEnd) => {
    const eol = new LineEndings();
    for (const c of chunks) eol.normalize(Buffer.from(c));
    expect(eol.lineEnd()).toBe(lineEnd);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b\n"1,5";2\n', ';'],
    ['a\tb\n1\t2\n', '\t'],
    ['a|b\n1|2\n', '|'],
    ['only\none\n', undefined],
  ])('%j → %j', (sample, expected) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });
});

describe('DelimitedRecordCounter', () => {
  it('counts a quoted field split across chunks as one record', () => {
    const counter = new DelimitedRecordCounter(44);
    for (const s of ['id,note\n1,"a', '\n"', '"b"\n2,c']) counter.push(Buffer.from(s));
    expect(counter.records()).toBe(3);
  });
});
