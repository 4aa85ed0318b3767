import { describe, expect, it } from 'vitest';
import { normalizeKey, toFields } from '../../../shared/extract/keys.js';

describe('field keys', () => {
  it('normalises as Flatfile does', () => {
    expect(['First Name', 'firstName', 'HTTPStatus', 'Amount (%)', 'Price $', 'e-mail_address', '007', ' Straße '].map(normalizeKey)).toEqual([
      'first_name', 'first_name', 'http_status', 'amount_percent', 'price_dollar', 'e_mail_address', '7', 'straße',
    ]);
  });

  it('names blank columns by position, de-duplicates keys, keeps labels, and continues from existing fields', () => {
    const fields = toFields(['Name', '', 'Score', 'score', ' ']);
    expect(fields.map((f) => [f.key, f.label])).toEqual([
      ['name', 'Name'],
      ['column_2', 'column_2'],
      ['score', 'Score'],
      ['score_1', 'score'],
      ['column_5', 'column_5'],
    ]);
    expect(toFields(['Name', '', 'Score', 'score', ' ', 'Name', 'late'], fields).map((f) => f.key)).toEqual(['name_1', 'late']);
  });
});
