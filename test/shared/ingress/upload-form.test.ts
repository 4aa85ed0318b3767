import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { NormalizedFile } from '../../../shared/normalize/index.js';
import { uploadBody, uploadName } from '../../../shared/ingress/upload-form.js';

const file = (name: string, format: NormalizedFile['format'], body = '', delimiter?: string): NormalizedFile => ({
  name,
  format,
  ...(delimiter ? { delimiter } : {}),
  body: Readable.from([body]),
  stats: () => ({ bytesIn: 0, bytesOut: 0 }),
});

describe('uploadName', () => {
  it('flattens the inbox key so it stays traceable, with the extension of what is uploaded', () => {
    expect(uploadName(file('nordwind/orders/o 1.csv.gz', 'csv'))).toBe('nordwind__orders__o 1.csv');
    expect(uploadName(file('acme/contacts/x.txt', 'tsv'))).toBe('acme__contacts__x.tsv');
    expect(uploadName(file('acme/contacts/batch.zip/inner/a.csv', 'csv'))).toBe('acme__contacts__batch.zip__inner__a.csv');
    expect(uploadName(file('acme/contacts/book.XLSX', 'xlsx'))).toBe('acme__contacts__book.xlsx');
  });
});

describe('uploadBody', () => {
  it('passes comma CSV through untouched', async () => {
    const f = file('a.csv', 'csv', 'a,b\n"1,5",2\n', ',');
    expect(await text(uploadBody(f))).toBe('a,b\n"1,5",2\n');
  });

  it('rewrites semicolon CSV as comma CSV, quoting values that contain commas, quotes or newlines', async () => {
    const f = file('a.csv', 'csv', 'x;y;z\nBierkrug 0,5 l;"sagt ""hallo""";"zwei\nZeilen"\n', ';');
    expect(await text(uploadBody(f))).toBe('x,y,z\n"Bierkrug 0,5 l","sagt ""hallo""","zwei\nZeilen"\n');
  });
});
