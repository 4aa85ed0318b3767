import { FlatfileClient } from '@flatfile/api';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { raw, useEmulator } from './support/harness.js';
import { contactsSheet } from './fixtures.js';

const h = useEmulator();
let sheetId: string;
let otherSheetId: string;

beforeAll(async () => {
  const space = (await h.api.spaces.create({ name: 'errors', environmentId: h.environmentId })).data;
  const a = await h.api.workbooks.create({ name: 'A', spaceId: space.id, sheets: [contactsSheet] });
  const b = await h.api.workbooks.create({ name: 'B', spaceId: space.id, sheets: [contactsSheet] });
  sheetId = a.data.sheets![0]!.id;
  otherSheetId = b.data.sheets![0]!.id;
});

describe('bad requests get Flatfile-shaped errors, never a crash', () => {
  it('404s unknown ids, which the SDK raises with the error body', async () => {
    const notFound = { statusCode: 404, body: { errors: [expect.objectContaining({ message: expect.stringMatching(/not found/) })] } };
    await expect(h.api.spaces.get('us_sp_missing0')).rejects.toMatchObject(notFound);
    await expect(h.api.sheets.get('us_sh_missing0')).rejects.toMatchObject(notFound);
    await expect(h.api.jobs.get('us_jb_missing0')).rejects.toMatchObject(notFound);
    await expect(h.api.records.get('us_sh_missing0')).rejects.toMatchObject(notFound);
    await expect(h.api.commits.get('us_vr_missing0')).rejects.toMatchObject(notFound);
    const res = await raw(h, 'GET', '/v1/files/us_fl_missing0');
    expect(res).toEqual({ status: 404, body: { errors: [{ key: 'fileId', message: 'File us_fl_missing0 not found' }] } });
  });

  it('400s malformed JSON, bad gzip and invalid bodies', async () => {
    const malformed = await raw(h, 'POST', '/v1/spaces', { body: '{"name":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].message).toMatch(/Malformed JSON/);
    const gz = await raw(h, 'POST', `/v1/sheets/${sheetId}/records`, { headers: { 'content-encoding': 'gzip' }, body: 'not gzip at all' });
    expect(gz.status).toBe(400);
    const truncated = gzipSync(JSON.stringify([{ email: { value: 'x' } }])).subarray(0, 12);
    expect((await raw(h, 'POST', `/v1/sheets/${sheetId}/records`, { headers: { 'content-encoding': 'gzip' }, body: truncated })).status).toBe(400);
    const notArray = await raw(h, 'POST', `/v1/sheets/${sheetId}/records`, { body: '{"email":{"value":"x"}}' });
    expect(notArray.status).toBe(400);
    const badJob = await raw(h, 'POST', '/v1/jobs', { body: JSON.stringify({ type: 'nonsense', operation: 'x' }) });
    expect(badJob.status).toBe(400);
    expect(badJob.body.errors[0].key).toBe('type');
    const noSpace = await raw(h, 'POST', '/v1/workbooks', { body: JSON.stringify({ name: 'x' }) });
    expect(noSpace.status).toBe(400);
  });

  it('400s wrong multipart uploads', async () => {
    const notMultipart = await raw(h, 'POST', '/v1/files', { body: '{}' });
    expect(notMultipart.status).toBe(400);
    const form = new FormData();
    form.set('spaceId', 'us_sp_whatever');
    const noFile = await fetch(`${h.url}/v1/files`, { method: 'POST', body: form, headers: { authorization: 'Bearer sk_test_emulator' } });
    expect(noFile.status).toBe(400);
    const broken = await fetch(`${h.url}/v1/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_emulator', 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nunterminated',
    });
    expect(broken.status).toBe(400);
    const withFile = new FormData();
    withFile.set('spaceId', 'us_sp_missing0');
    withFile.set('file', new File(['a,b\n'], 'a.csv'));
    const unknownSpace = await fetch(`${h.url}/v1/files`, { method: 'POST', body: withFile, headers: { authorization: 'Bearer sk_test_emulator' } });
    expect(unknownSpace.status).toBe(404);
  });

  it('400s pageSize and pageNumber out of range', async () => {
    for (const q of ['pageSize=0', 'pageSize=10001', 'pageSize=abc', 'pageNumber=0']) {
      const res = await raw(h, 'GET', `/v1/sheets/${sheetId}/records?${q}`);
      expect(res.status, q).toBe(400);
    }
    expect((await raw(h, 'GET', '/v1/events?pageSize=-1')).status).toBe(400);
    await expect(h.api.records.get(sheetId, { pageSize: 20_000 })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('400s a PUT of a record id from another sheet and changes nothing', async () => {
    const { data } = await h.api.records.insert(otherSheetId, [{ email: { value: 'other@x.io' } }]);
    const foreign = data.records![0]!.id;
    const mine = (await h.api.records.insert(sheetId, [{ email: { value: 'mine@x.io' } }])).data.records![0]!.id;
    await expect(
      h.api.records.update(sheetId, [
        { id: mine, values: { email: { value: 'changed@x.io' } } },
        { id: foreign, values: { email: { value: 'hijack@x.io' } } },
      ]),
    ).rejects.toMatchObject({ statusCode: 400 });
    const { data: still } = await h.api.records.get(sheetId, { ids: [mine] });
    expect(still.records[0]!.values.email!.value).toBe('mine@x.io');
    expect((await raw(h, 'DELETE', `/v1/sheets/${sheetId}/records?ids=${foreign}`)).status).toBe(400);
  });

  it('404s unknown routes and answers with JSON after all of that', async () => {
    expect((await raw(h, 'GET', '/v1/nothing-here')).status).toBe(404);
    expect((await raw(h, 'GET', '/v2/spaces')).status).toBe(404);
    const client = new FlatfileClient({ token: 'sk_test_emulator', apiUrl: h.url });
    expect((await client.environments.list()).data.length).toBeGreaterThan(0);
  });
});
