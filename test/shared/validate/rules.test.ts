import { describe, expect, it } from 'vitest';
import { Feed, Field } from '../../../shared/manifest/index.js';
import { compileFeed, compileField } from '../../../shared/validate/index.js';
import { compileNumberFormat } from '../../../shared/validate/numbers.js';

const field = (spec: Record<string, unknown>) => compileField(Field.parse({ key: 'f', label: 'Thing', type: 'string', ...spec }));
const err = (message: string) => ({ type: 'error', message, source: 'custom-logic' });
const ok = (value: unknown) => ({ value, messages: [] });

describe('transforms', () => {
  it('trims by default and applies the listed transforms in order', () => {
    expect(field({}).check('  a  b ')).toEqual(ok('a  b'));
    expect(field({ transform: ['trim', 'lower'] }).check(' MARY@X.IO ')).toEqual(ok('mary@x.io'));
    expect(field({ transform: ['upper'] }).check(' kf-1 ')).toEqual(ok(' KF-1 '));
    expect(field({ transform: ['collapse-spaces', 'trim'] }).check('  Müller \t  AG ')).toEqual(ok('Müller AG'));
    expect(field({ transform: [] }).check('  as is ')).toEqual(ok('  as is '));
  });
});

describe('required and default', () => {
  it('is an error when empty after transforms', () => {
    const f = field({ required: true });
    for (const raw of [undefined, null, '', '   ']) {
      expect(f.check(raw).messages).toEqual([err('Thing is required, but the cell is empty')]);
    }
    expect(f.check('   ').value).toBe('');
  });
  it('leaves optional empty cells alone', () => {
    expect(field({}).check(undefined)).toEqual(ok(undefined));
    expect(field({}).check('  ')).toEqual(ok(''));
  });
  it('fills the default into an empty cell, which then satisfies required', () => {
    const f = field({ type: 'enum', required: true, default: 'lead', options: [{ value: 'lead' }, { value: 'active' }] });
    expect(f.check('')).toEqual(ok('lead'));
    expect(f.check(undefined)).toEqual(ok('lead'));
  });
});

describe('enum', () => {
  const country = field({
    type: 'enum',
    label: 'Country',
    options: [
      { value: 'DE', label: 'Germany', alternativeNames: ['Deutschland', 'GER'] },
      { value: 'FR', label: 'France' },
      { value: 'GB', label: 'United Kingdom', alternativeNames: ['UK'] },
    ],
  });
  it('maps values, labels and alternative names in any case to the canonical value', () => {
    for (const raw of ['DE', 'de', 'Germany', 'GERMANY', 'Deutschland', ' ger ']) expect(country.check(raw)).toEqual(ok('DE'));
    expect(country.check('uk')).toEqual(ok('GB'));
    expect(country.check('France')).toEqual(ok('FR'));
  });
  it('lists the allowed options for an unknown value', () => {
    expect(country.check('Italy')).toEqual({
      value: 'Italy',
      messages: [err('"Italy" is not a country; expected DE (Germany), FR (France) or GB (United Kingdom)')],
    });
  });
  it('names options without a distinct label by value only', () => {
    const status = field({
      type: 'enum',
      label: 'Status',
      options: [{ value: 'lead', label: 'Lead' }, { value: 'active', alternativeNames: ['customer'] }, { value: 'inactive' }],
    });
    expect(status.check('customer')).toEqual(ok('active'));
    expect(status.check('vip').messages).toEqual([err('"vip" is not a status; expected lead, active or inactive')]);
  });
  it('uses "an" before a vowel', () => {
    const f = field({ type: 'enum', label: 'Account type', options: [{ value: 'a' }, { value: 'b' }] });
    expect(f.check('c').messages).toEqual([err('"c" is not an account type; expected a or b')]);
  });
});

describe('pattern, email, url', () => {
  it('checks the pattern with the manifest message', () => {
    const f = field({ pattern: '^NW-[0-9]{6}$', patternMessage: 'expected an order number like NW-004711' });
    expect(f.check('NW-004711')).toEqual(ok('NW-004711'));
    expect(f.check('NW-4715').messages).toEqual([err('expected an order number like NW-004711, got "NW-4715"')]);
  });
  it('describes the pattern when there is no message', () => {
    expect(field({ pattern: '^[A-Z]{3}$' }).check('abcd').messages).toEqual([err('expected a value matching ^[A-Z]{3}$, got "abcd"')]);
  });
  it('accepts plausible email addresses and rejects the rest', () => {
    const f = field({ format: 'email' });
    for (const good of ['a@b.co', 'mary.smith+tag@example.co.uk', "o'brien@mail.example.ie", 'x_y-z@sub-domain.example.com']) {
      expect(f.check(good).messages, good).toEqual([]);
    }
    for (const bad of ['not-an-email', 'a@b', '@b.co', 'a@@b.co', 'a..b@x.io', '.a@x.io', 'a@-x.io', 'a b@x.io', 'a@x.123', 'a@x..io']) {
      expect(f.check(bad).messages, bad).toEqual([err(`expected an email address like name@example.com, got ${JSON.stringify(bad)}`)]);
    }
  });
  it('accepts http(s) URLs with a dotted host', () => {
    const f = field({ format: 'url' });
    expect(f.check('https://example.com/a?b=1').messages).toEqual([]);
    for (const bad of ['example.com', 'ftp://example.com', 'https://localhost', 'http://exa mple.com']) {
      expect(f.check(bad).messages, bad).toEqual([err(`expected a web address like https://example.com, got ${JSON.stringify(bad)}`)]);
    }
  });
  it('reports every failed check of a cell and shortens long values', () => {
    const f = field({ format: 'email', pattern: '^.{1,10}$', patternMessage: 'expected at most 10 characters' });
    const long = 'x'.repeat(100);
    expect(f.check(long).messages).toEqual([
      err(`expected at most 10 characters, got "${'x'.repeat(77)}..."`),
      err(`expected an email address like name@example.com, got "${'x'.repeat(77)}..."`),
    ]);
  });
});

describe('number', () => {
  const qty = field({ type: 'number', min: 1, max: 1000 });
  it('parses plain decimal numbers and keeps numbers', () => {
    expect(qty.check('12')).toEqual(ok(12));
    expect(qty.check(' 7.5 ')).toEqual(ok(7.5));
    expect(qty.check(3)).toEqual(ok(3));
    expect(field({ type: 'number' }).check('-1e3')).toEqual(ok(-1000));
  });
  it('rejects text, thousands separators and decimal commas when the feed declares no number format', () => {
    for (const bad of ['abc', '1,5', '1.000,00', '1,000', '12 pcs', 'NaN', 'Infinity', '0x10']) {
      expect(qty.check(bad)).toEqual({
        value: bad,
        messages: [
          err(
            `${JSON.stringify(bad)} is not a number in plain format (e.g. 1234.56); a feed writing decimal commas or thousands separators declares format.numberFormat`,
          ),
        ],
      });
    }
  });
  it('parses by the declared number format, never guessing', () => {
    const de = compileNumberFormat('de-DE');
    expect(['1.234,56', '49,90', '1.000', '1234,5', '-0,5', '12', ',5'].map((t) => de.parse(t))).toEqual([1234.56, 49.9, 1000, 1234.5, -0.5, 12, 0.5]);
    for (const bad of ['1.234.5', '1.23', '12.50', '1,234.56', '1.2345,6', '1e3', '']) expect(de.parse(bad)).toBeUndefined();
    expect(de.notANumber('"1.234.5"')).toBe('"1.234.5" is not a number in de-DE format (e.g. 1.234,56)');
    const us = compileNumberFormat('en-US');
    expect(['1,234,567.89', '1234.5', '12'].map((t) => us.parse(t))).toEqual([1234567.89, 1234.5, 12]);
    for (const bad of ['1,23', '12,50', '1.234,56', '1,2345']) expect(us.parse(bad)).toBeUndefined();
    const fr = compileNumberFormat('fr-FR');
    expect(['1 234,56', '1\u00a0234,56', '1\u202f234\u202f567,8'].map((t) => fr.parse(t))).toEqual([1234.56, 1234.56, 1234567.8]);
    const ch = compileNumberFormat({ decimal: '.', grouping: "'" });
    expect(["1'234.50", '1\u2019234'].map((t) => ch.parse(t))).toEqual([1234.5, 1234]);
    expect(ch.notANumber('"x"')).toBe(`"x" is not a number in decimal '.' grouping ''' format (e.g. 1'234.56)`);
    // Numbers the file typed itself (JSON numbers, numeric spreadsheet cells) are never re-read as text.
    expect(de.parse(1.234)).toBe(1.234);
  });
  it('a de-DE feed reads German numbers in a record, and quotes one that does not fit', () => {
    const v = compileFeed(
      Feed.parse({
        name: 'orders',
        source: { inboxPrefix: 'o/' },
        format: { accept: ['csv'], numberFormat: 'de-DE' },
        sheet: { slug: 'orders', name: 'Orders' },
        fields: [{ key: 'price', label: 'Price', type: 'number' }],
      }),
    );
    const cell = (value: string) => v.validate({ id: 'r', values: { price: value } }).cells.price;
    expect(cell('1.234,56')).toEqual(ok(1234.56));
    expect(cell('1.000')).toEqual(ok(1000));
    expect(cell('1.234.5')).toEqual({ value: '1.234.5', messages: [err('"1.234.5" is not a number in de-DE format (e.g. 1.234,56)')] });
  });
  it('checks min and max', () => {
    expect(qty.check('0')).toEqual({ value: 0, messages: [err('expected at least 1, got 0')] });
    expect(qty.check(1001)).toEqual({ value: 1001, messages: [err('expected at most 1000, got 1001')] });
  });
});

describe('date-time in a date field', () => {
  const at = (dateTime?: string) => field({ type: 'date', dateFormats: ['DD.MM.YYYY'], ...(dateTime ? { dateTime } : {}) });
  it('rejects a date-time by default, naming the setting', () => {
    expect(at().check('2026-11-17T09:30:00').messages).toEqual([
      err(`"2026-11-17T09:30:00" is a date and time; Thing takes a date (the feed's dateTime setting can keep the date part)`),
    ]);
  });
  it('keeps the date part or the whole date-time when the feed says so', () => {
    expect(at('date').check('2026-11-17T09:30:00')).toEqual(ok('2026-11-17'));
    expect(at('date').check('17.11.2026 09:30')).toEqual(ok('2026-11-17'));
    expect(at('keep').check('17.11.2026 09:30')).toEqual(ok('2026-11-17T09:30:00'));
    expect(at('keep').check('2026-11-17 09:30:15.250+01:00')).toEqual(ok('2026-11-17T09:30:15.250+01:00'));
    expect(at('date').check('31.02.2026 09:30').messages).toHaveLength(1);
    expect(at('date').check('2026-11-17T25:00').messages).toHaveLength(1);
  });
});

describe('boolean', () => {
  it('normalises yes/no, 1/0 and true/false', () => {
    const f = field({ type: 'boolean' });
    expect(f.check('Yes')).toEqual(ok(true));
    expect(f.check('0')).toEqual(ok(false));
    expect(f.check(true)).toEqual(ok(true));
    expect(f.check('maybe').messages).toEqual([err('expected true or false (or yes/no, 1/0), got "maybe"')]);
  });
});

describe('date', () => {
  const german = field({ type: 'date', dateFormats: ['DD.MM.YYYY'] });
  const us = field({ type: 'date', dateFormats: ['YYYY-MM-DD', 'MM/DD/YYYY'] });
  it('parses the declared formats into ISO 8601', () => {
    expect(german.check('17.11.2026')).toEqual(ok('2026-11-17'));
    expect(us.check('06/30/2026')).toEqual(ok('2026-06-30'));
    expect(us.check('2026-03-14')).toEqual(ok('2026-03-14'));
    expect(field({ type: 'date', dateFormats: ['D.M.YY'] }).check('1.2.26')).toEqual(ok('2026-02-01'));
    expect(field({ type: 'date', dateFormats: ['D.M.YYYY'] }).check('29.2.2028')).toEqual(ok('2028-02-29'));
  });
  it('accepts its own ISO output, so re-validation changes nothing', () => {
    expect(german.check('2026-11-17')).toEqual(ok('2026-11-17'));
  });
  it('rejects impossible dates and other formats, naming the expected ones', () => {
    expect(german.check('31.02.2026').messages).toEqual([err('expected a date like 17.11.2026 (DD.MM.YYYY), got "31.02.2026"')]);
    expect(us.check('13/45/2026').messages).toEqual([
      err('expected a date like 2026-11-17 (YYYY-MM-DD) or 11/17/2026 (MM/DD/YYYY), got "13/45/2026"'),
    ]);
    for (const bad of ['29.02.2026', '17.11.26', '17/11/2026', '2026-11-31', '2026-13-01', '1.11.2026', '17.11.2026 10:00']) {
      expect(german.check(bad).messages, bad).toHaveLength(1);
    }
    expect(field({ type: 'date', dateFormats: ['DD.MM.YYYY'] }).check('29.02.2100').messages).toHaveLength(1);
  });
  it('defaults to ISO when no formats are declared', () => {
    const f = field({ type: 'date' });
    expect(f.check('2026-01-09')).toEqual(ok('2026-01-09'));
    expect(f.check('09.01.2026').messages).toEqual([err('expected a date like 2026-11-17 (YYYY-MM-DD), got "09.01.2026"')]);
  });
});
