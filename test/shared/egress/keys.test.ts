import { describe, expect, it } from 'vitest';
import { egressKeys } from '../../../shared/egress/index.js';
import { Feed } from '../../../shared/manifest/schema.js';

const feed = (egress: Record<string, unknown> = {}, validation: Record<string, unknown> = {}) =>
  Feed.parse({
    name: 'contacts',
    source: { inboxPrefix: 'acme/contacts/' },
    format: { accept: ['csv'] },
    sheet: { slug: 'contacts', name: 'Contacts' },
    fields: [{ key: 'email', type: 'string' }],
    egress,
    validation,
  });

describe('egressKeys', () => {
  it('dates keys by the run (UTC), under the feed prefix, one per format, rejects beside them', () => {
    expect(egressKeys(feed(), 'run_abc', '2026-11-16T23:30:00.000Z', ['jsonl', 'csv'])).toEqual({
      outbox: { jsonl: 'contacts/2026/11/16/run_abc.jsonl', csv: 'contacts/2026/11/16/run_abc.csv' },
      rejects: 'contacts/2026/11/16/run_abc.rejects.csv',
    });
  });

  it('is the same for the same run whenever it is called', () => {
    const a = egressKeys(feed(), 'run_abc', '2026-01-02T00:00:00Z', ['jsonl']);
    const b = egressKeys(feed(), 'run_abc', '2026-01-02T00:00:00Z', ['jsonl']);
    expect(a).toEqual(b);
  });

  it('uses an explicit prefix and keeps ids from adding path segments', () => {
    const keys = egressKeys(feed({ prefix: 'out/crm/' }), 'a/b c', '2026-03-04T05:06:07Z', ['jsonl']);
    expect(keys.outbox.jsonl).toBe('out/crm/2026/03/04/a_b_c.jsonl');
  });

  it('has no rejects file when invalid records are held for review or rejects are off', () => {
    expect(egressKeys(feed({}, { invalid: 'review' }), 'r', '2026-01-01T00:00:00Z', ['jsonl']).rejects).toBeUndefined();
    expect(egressKeys(feed({ rejects: false }), 'r', '2026-01-01T00:00:00Z', ['jsonl']).rejects).toBeUndefined();
  });

  it('refuses an invalid date rather than inventing one', () => {
    expect(() => egressKeys(feed(), 'r', 'yesterday', ['jsonl'])).toThrow(/invalid creation time/);
  });
});
