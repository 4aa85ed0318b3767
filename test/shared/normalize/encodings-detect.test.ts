import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../shared/errors/index.js';
import { run } from './helpers.js';

const text = (out: { bytes: Buffer }[]) => out[0]!.bytes.toString('utf8');

// Short files like those partners send, with no declared encoding: each must come out as written.
const SAMPLES: [string, string][] = [
  ['windows-1251', 'name;city\nАнна Иванова;Москва\n'],
  ['windows-1251', 'Имя;Фамилия;Город\nАнна;Иванова;Москва\nПётр;Смирнов;Санкт-Петербург\n'],
  ['koi8-r', 'Имя;Фамилия;Город\nАнна;Иванова;Москва\nПётр;Смирнов;Санкт-Петербург\n'],
  ['iso-8859-5', 'Имя;Фамилия;Город\nАнна;Иванова;Москва\n'],
  ['windows-1253', 'Όνομα;Πόλη\nΓιώργος;Αθήνα\nΜαρία;Θεσσαλονίκη\n'],
  ['windows-1250', 'Imię;Nazwisko;Miasto\nŁukasz;Wiśniewski;Łódź\nZofia;Żółć;Kraków\n'],
  ['iso-8859-2', 'Imię;Nazwisko;Miasto\nŁukasz;Wiśniewski;Łódź\nZofia;Żółć;Kraków\n'],
  ['windows-1250', 'jméno;město\nJiří Dvořák;Brno\nPetr Černý;Plzeň\n'],
  ['windows-1254', 'Ad;Şehir\nAyşe;İstanbul\nMehmet Yılmaz;Çanakkale\nGül;Muğla\n'],
  ['windows-1252', 'Name;Ort\nJürgen Müller;Köln\nCafé „Spar“ – 5 €;Zürich\n'],
  ['windows-1252', 'navn;by\nSøren Kjær;Århus\nBjørn;Tromsø\n'],
];

describe('encoding detection with language evidence', () => {
  it.each(SAMPLES)('reads %s text as written', async (encoding, sample) => {
    expect(text(await run(iconv.encode(sample, encoding), 'f.csv'))).toBe(sample);
  });
});

describe('files that are not consistently one encoding', () => {
  const utf8Row = Buffer.from('Müller;Köln\n', 'utf8');
  const cp1252Row = iconv.encode('Groß;Düsseldorf\n', 'windows-1252');
  const filler = (n: number) => Buffer.from('plain;ascii\n'.repeat(n));

  it.each([
    ['a Windows-1252 row first, UTF-8 later', [Buffer.from('a;b\n'), cp1252Row, filler(10), utf8Row]],
    ['UTF-8 rows first, a Windows-1252 row after 200 KB', [Buffer.from('a;b\n'), utf8Row, filler(20_000), cp1252Row]],
    ['a Windows-1252 row first, UTF-8 after 200 KB', [Buffer.from('a;b\n'), cp1252Row, filler(20_000), utf8Row]],
  ])('refuses %s with the byte offset', async (_, parts) => {
    const bytes = Buffer.concat(parts as Buffer[]);
    const err = await run(bytes, 'f.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    const firstSingle = bytes.indexOf(cp1252Row);
    const firstUtf8 = bytes.indexOf(utf8Row) + 1; // ü follows the M
    expect((err as Error).message).toContain(`byte ${Math.max(firstSingle + 3, firstUtf8)}`);
  });

  it('warns when a declared windows-1252 file is valid UTF-8, or refuses when the feed says so', async () => {
    const bytes = Buffer.from('a;b\nMüller;Köln\n', 'utf8');
    const [out] = await run(bytes, 'f.csv', { encoding: 'windows-1252' });
    expect(out!.bytes.toString()).toBe('a;b\nMÃ¼ller;KÃ¶ln\n');
    expect(out!.stats.warnings).toEqual([
      'the feed declares windows-1252, but the text is valid UTF-8 (from byte 5, "ü"); it was decoded as windows-1252 as declared — check the values or re-export',
    ]);
    const err = await run(bytes, 'f.csv', { encoding: 'windows-1252', utf8InDeclared: 'refuse' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'encoding-mismatch' });
    expect((err as Error).message).toContain('byte 5 starts valid UTF-8 ("ü")');
  });

  it('does not warn about a declared windows-1252 file that is windows-1252', async () => {
    const [out] = await run(iconv.encode('a;b\nGroß;Düsseldorf\n', 'windows-1252'), 'f.csv', { encoding: 'windows-1252' });
    expect(out!.stats.warnings).toBeUndefined();
  });
});

describe('UTF-16 without a byte-order mark', () => {
  it.each(['utf-16le', 'utf-16be'])('is detected and transcoded (%s), not called binary', async (encoding) => {
    const sample = 'name,city\nJürgen,Köln\nАнна,Москва\n';
    const [out] = await run(iconv.encode(sample, encoding, { addBOM: false }), 'f.csv');
    expect(out!.sourceEncoding).toBe(encoding);
    expect(out!.bytes.toString()).toBe(sample);
  });
});
