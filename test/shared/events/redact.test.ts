import { describe, expect, it } from 'vitest';
import { REDACTED, stripSecrets } from '../../../shared/events/redact.js';

describe('stripSecrets', () => {
  it('drops credential keys at any depth and keeps everything else', () => {
    const forwarded = {
      _accessToken: 'sk_live_0123456789abcdef',
      _apiUrl: 'https://platform.flatfile.com/api',
      src: {
        id: 'us_evt_1',
        context: { spaceId: 'us_sp_1', token: 'x', accessToken: 'y', apiKey: 'z', secret: 's', 'x-api-key': 'k', sheetSlug: 'contacts' },
        payload: { list: [{ clientSecret: 'c', keep: 1 }] },
      },
    };
    expect(stripSecrets(forwarded)).toEqual({
      _apiUrl: 'https://platform.flatfile.com/api',
      src: { id: 'us_evt_1', context: { spaceId: 'us_sp_1', sheetSlug: 'contacts' }, payload: { list: [{ keep: 1 }] } },
    });
  });

  it('redacts credential-looking strings under innocent keys, not Flatfile ids', () => {
    const out = stripSecrets({
      a: 'key sk_test_abcdefgh123 here',
      b: 'Authorization: Bearer abc.def-ghi',
      c: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      d: 'us_sp_abcdefghij',
      e: 'pk_0123456789',
    });
    expect(out).toEqual({ a: `key ${REDACTED} here`, b: `Authorization: ${REDACTED}`, c: REDACTED, d: 'us_sp_abcdefghij', e: REDACTED });
  });
});
