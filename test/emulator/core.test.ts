import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { raw, useEmulator } from './support/harness.js';
import { contactsSheet } from './fixtures.js';

const h = useEmulator();

async function newSpace(name = 'feed') {
  const { data } = await h.api.spaces.create({ name, environmentId: h.environmentId });
  return data;
}

async function topicsSince(since: number) {
  const { data } = await h.api.events.list({ environmentId: h.environmentId, includeAcknowledged: true, pageSize: 10_000 });
  return data.filter((e) => e.createdAt.getTime() >= since);
}

describe('environments and spaces', () => {
  it('lists the default environment and serves it by id', async () => {
    const { data } = await h.api.environments.list();
    expect(data.map((e) => e.id)).toContain(h.environmentId);
    expect(h.environmentId).toMatch(/^us_env_[A-Za-z0-9]{8}$/);
    const one = await h.api.environments.get(h.environmentId);
    expect(one.data.isProd).toBe(false);
  });

  it('creates, reads, updates, lists, archives and deletes spaces, emitting space events', async () => {
    const space = await newSpace('crud');
    expect(space.id).toMatch(/^us_sp_/);
    expect(space.createdAt).toBeInstanceOf(Date);
    const updated = await h.api.spaces.update(space.id, { metadata: { source: 's3://in/a.csv' }, name: 'renamed' });
    expect(updated.data.name).toBe('renamed');
    expect(updated.data.metadata).toEqual({ source: 's3://in/a.csv' });
    expect((await h.api.spaces.get(space.id)).data.name).toBe('renamed');
    const listed = await h.api.spaces.list({ environmentId: h.environmentId, pageSize: 100 });
    expect(listed.data.map((s) => s.id)).toContain(space.id);
    await h.api.spaces.archiveSpace(space.id);
    const active = await h.api.spaces.list({ environmentId: h.environmentId, pageSize: 100 });
    expect(active.data.map((s) => s.id)).not.toContain(space.id);
    await h.api.spaces.delete(space.id);
    const gone = await raw(h, 'GET', `/v1/spaces/${space.id}`);
    expect(gone.status).toBe(404);
    const events = await h.api.events.list({ spaceId: space.id, includeAcknowledged: true, pageSize: 50 });
    expect(events.data.map((e) => e.topic)).toEqual(['space:created', 'space:updated', 'space:archived', 'space:deleted']);
  });

  it('answers //v1 paths and rejects a wrong token with 401', async () => {
    const ok = await raw(h, 'GET', '//v1/environments');
    expect(ok.status).toBe(200);
    const denied = await fetch(`${h.url}/v1/spaces`, { headers: { authorization: 'Bearer wrong' } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('content-type')).toContain('application/json');
    expect(((await denied.json()) as { errors: unknown[] }).errors).toHaveLength(1);
  });
});

describe('files', () => {
  it('uploads multipart, lists, updates, downloads the same bytes and deletes', async () => {
    const space = await newSpace();
    const bytes = Buffer.from('{"not":"a native format"}');
    const { data: file } = await h.api.files.upload(new File([bytes], 'payload.json'), {
      spaceId: space.id,
      environmentId: h.environmentId,
    });
    expect(file).toMatchObject({ name: 'payload.json', ext: 'json', mimetype: 'application/json', status: 'partial', size: bytes.length, mode: 'import' });
    const listed = await h.api.files.list({ spaceId: space.id });
    expect(listed.data.map((f) => f.id)).toEqual([file.id]);
    const patched = await h.api.files.update(file.id, { name: 'renamed.json', status: 'failed' });
    expect(patched.data).toMatchObject({ name: 'renamed.json', status: 'failed' });
    const stream = await h.api.files.download(file.id);
    const chunks: Buffer[] = [];
    for await (const c of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    await h.api.files.delete(file.id);
    expect((await raw(h, 'GET', `/v1/files/${file.id}/download`)).status).toBe(404);
    const events = await h.api.events.list({ spaceId: space.id, domain: 'file', includeAcknowledged: true, pageSize: 50 });
    // A non-native format is only announced: no extraction job, no workbook.
    expect(events.data.map((e) => e.topic)).toEqual(['file:created', 'file:updated', 'file:deleted']);
  });

  it('extracts an uploaded CSV natively, with Flatfile event order, into a [file] workbook', async () => {
    const space = await newSpace();
    const csv = 'First Name,E-mail Address,Age\nAda,ada@x.io,36\nGrace,grace@x.io,45\n';
    const { data: file } = await h.api.files.upload(new File([csv], 'people.csv'), { spaceId: space.id, environmentId: h.environmentId });
    await h.emulator.services.jobs.idle();
    const { data: events } = await h.api.events.list({ spaceId: space.id, includeAcknowledged: true, pageSize: 100 });
    const topics: string[] = events.map((e) => e.topic).filter((t) => !t.startsWith('space:'));
    expect(topics[0]).toBe('file:created');
    const order = ['file:created', 'job:created', 'job:ready', 'workbook:created', 'commit:created', 'file:updated', 'job:completed'];
    const at = order.map((t) => topics.indexOf(t));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(topics.filter((t) => t === 'job:ready')).toHaveLength(1);
    const ready = events.find((e) => e.topic === 'job:ready')!;
    expect(ready.payload).toMatchObject({ job: 'file:extract', operation: 'extract', domain: 'file' });
    expect(ready.context.fileId).toBe(file.id);

    const { data: done } = await h.api.files.get(file.id);
    expect(done.status).toBe('complete');
    const { data: wb } = await h.api.workbooks.get(done.workbookId!);
    expect(wb.name).toBe('[file] people.csv');
    expect(wb.labels).toEqual(['file']);
    const sheet = wb.sheets![0]!;
    expect(sheet.config.fields.map((f) => [f.key, f.label])).toEqual([
      ['first_name', 'First Name'],
      ['e_mail_address', 'E-mail Address'],
      ['age', 'Age'],
    ]);
    const { data } = await h.api.records.get(sheet.id);
    expect(data.records.map((r) => r.values.first_name?.value)).toEqual(['Ada', 'Grace']);
    const commit = events.find((e) => e.topic === 'commit:created')!;
    expect(commit.dataUrl).toMatch(/^v1\/sheets\/us_sh_\w+\/records\?commitId=us_vr_\w+$/);
    expect(commit.context.sheetSlug).toBe(sheet.slug);
  });

  it('splits TSV and PSV on their delimiters', async () => {
    const space = await newSpace();
    for (const [name, body] of [
      ['a.tsv', 'x\ty\n1\t2\n'],
      ['b.psv', 'x|y\n1|2\n'],
    ] as const) {
      const { data: file } = await h.api.files.upload(new File([body], name), { spaceId: space.id, environmentId: h.environmentId });
      await h.emulator.services.jobs.idle();
      const { data: f } = await h.api.files.get(file.id);
      const { data: sheets } = await h.api.sheets.list({ workbookId: f.workbookId! });
      const { data } = await h.api.records.get(sheets[0]!.id);
      expect(data.records[0]!.values).toMatchObject({ x: { value: '1' }, y: { value: '2' } });
    }
  });
});

describe('workbooks and sheets', () => {
  it('creates with sheets, labels, settings and metadata; updates sheet config; lists with filters', async () => {
    const space = await newSpace();
    const { data: wb } = await h.api.workbooks.create({
      name: 'Contacts',
      spaceId: space.id,
      environmentId: h.environmentId,
      labels: ['primary'],
      settings: { trackChanges: true },
      metadata: { feed: 'acme' },
      sheets: [contactsSheet],
    });
    expect(wb.settings?.trackChanges).toBe(true);
    expect(wb.sheets![0]!.slug).toBe('contacts');
    const primary = await h.api.workbooks.list({ spaceId: space.id, label: 'primary' });
    expect(primary.data.map((w) => w.id)).toEqual([wb.id]);
    const notPrimary = await h.api.workbooks.list({ spaceId: space.id, label: '-primary' });
    expect(notPrimary.data).toEqual([]);
    const updated = await h.api.workbooks.update(wb.id, {
      metadata: { feed: 'acme', lastSyncedAt: 'now' },
      sheets: [{ ...contactsSheet, fields: [...contactsSheet.fields, { key: 'note', type: 'string' }] }],
    });
    expect(updated.data.metadata).toEqual({ feed: 'acme', lastSyncedAt: 'now' });
    const { data: sheet } = await h.api.sheets.get(wb.sheets![0]!.id);
    expect(sheet.config.fields.map((f) => f.key)).toContain('note');
    const renamed = await h.api.sheets.updateSheet(sheet.id, { metadata: { rowHeaders: [0] } });
    expect(renamed.data.metadata).toEqual({ rowHeaders: [0] });
    const { data: listed } = await h.api.sheets.list({ workbookId: wb.id });
    expect(listed.map((s) => s.id)).toEqual([sheet.id]);
    await h.api.workbooks.delete(wb.id);
    expect((await raw(h, 'GET', `/v1/sheets/${sheet.id}`)).status).toBe(404);
  });
});

describe('jobs', () => {
  it('runs a custom job through its lifecycle with exactly one job:ready', async () => {
    const space = await newSpace();
    const since = Date.now();
    const { data: job } = await h.api.jobs.create({ type: 'space', operation: 'submit', source: space.id });
    expect(job.status).toBe('created');
    await h.api.jobs.execute(job.id);
    await h.api.jobs.execute(job.id);
    const acked = await h.api.jobs.ack(job.id, { info: 'working', progress: 40 });
    expect(acked.data).toMatchObject({ status: 'executing', progress: 40, info: 'working' });
    const done = await h.api.jobs.complete(job.id, { outcome: { message: 'all good' } });
    expect(done.data).toMatchObject({ status: 'complete', progress: 100, outcome: { message: 'all good' } });
    const outcome = await h.api.jobs.ackOutcome(job.id);
    expect(outcome.data.outcomeAcknowledgedAt).toBeInstanceOf(Date);
    const again = await raw(h, 'POST', `/v1/jobs/${job.id}/complete`, { body: '{}' });
    expect(again.status).toBe(400);
    const events = (await topicsSince(since)).filter((e) => e.context.jobId === job.id);
    expect(events.map((e) => e.topic)).toEqual(['job:created', 'job:ready', 'job:updated', 'job:completed', 'job:outcome-acknowledged']);
    expect(events[1]!.payload).toMatchObject({ job: 'space:submit', operation: 'submit', status: 'ready' });
    const listed = await h.api.jobs.list({ spaceId: space.id });
    expect(listed.data.map((j) => j.id)).toContain(job.id);
  });

  it('starts immediate jobs at once, and fails and cancels jobs', async () => {
    const space = await newSpace();
    const { data: immediate } = await h.api.jobs.create({ type: 'space', operation: 'sync', source: space.id, trigger: 'immediate' });
    expect((await h.api.jobs.get(immediate.id)).data.status).toBe('ready');
    const failed = await h.api.jobs.fail(immediate.id, { info: 'boom', outcome: { message: 'broken' } });
    expect(failed.data.status).toBe('failed');
    const { data: other } = await h.api.jobs.create({ type: 'space', operation: 'sync', source: space.id });
    const canceled = await h.api.jobs.cancel(other.id, { info: 'not needed' });
    expect(canceled.data.status).toBe('canceled');
    const patched = await raw(h, 'PATCH', `/v1/jobs/${other.id}`, { body: JSON.stringify({ metadata: { a: 1 } }) });
    expect(patched.body.data.metadata).toEqual({ a: 1 });
    const topics = await h.api.events.list({ topic: 'job:failed', includeAcknowledged: true, pageSize: 100 });
    expect(topics.data.map((e) => e.context.jobId)).toContain(immediate.id);
  });

  it('creates a space:configure job on autoConfigure and delivers it as job:ready', async () => {
    const { data: space } = await h.api.spaces.create({ name: 'auto', environmentId: h.environmentId, autoConfigure: true });
    const { data } = await h.api.events.list({ spaceId: space.id, topic: 'job:ready', includeAcknowledged: true });
    expect(data).toHaveLength(1);
    expect(data[0]!.payload).toMatchObject({ job: 'space:configure' });
  });
});

describe('events', () => {
  it('filters by topic, domain, space and since; pages; acks; creates; gets', async () => {
    const space = await newSpace();
    // `since` is inclusive at millisecond resolution: step past the creation's millisecond first.
    await new Promise((r) => setTimeout(r, 5));
    const marker = new Date();
    await h.api.spaces.update(space.id, { name: 'x' });
    const page1 = await h.api.events.list({ spaceId: space.id, includeAcknowledged: true, pageSize: 1, pageNumber: 1 });
    const page2 = await h.api.events.list({ spaceId: space.id, includeAcknowledged: true, pageSize: 1, pageNumber: 2 });
    expect(page1.data.map((e) => e.topic)).toEqual(['space:created']);
    expect(page2.data.map((e) => e.topic)).toEqual(['space:updated']);
    const since = await h.api.events.list({ spaceId: space.id, since: marker, includeAcknowledged: true });
    expect(since.data.map((e) => e.topic)).toEqual(['space:updated']);
    const byDomain = await h.api.events.list({ spaceId: space.id, domain: 'space', topic: 'space:created' });
    expect(byDomain.data).toHaveLength(1);
    await h.api.events.ack(byDomain.data[0]!.id);
    const unacked = await h.api.events.list({ spaceId: space.id });
    expect(unacked.data.map((e) => e.topic)).toEqual(['space:updated']);
    const acked = await h.api.events.get(byDomain.data[0]!.id);
    expect(acked.data.acknowledgedAt).toBeInstanceOf(Date);
    const created = await h.api.events.create({
      domain: 'space',
      topic: 'space:updated',
      context: { accountId: 'us_acc_x', environmentId: h.environmentId, spaceId: space.id },
      payload: { by: 'test' },
    });
    expect((await h.api.events.get(created.data.id)).data.payload).toEqual({ by: 'test' });
  });
});

describe('secrets and entitlements', () => {
  it('stores secrets per environment and space (space wins) and lists entitlements', async () => {
    const space = await newSpace();
    await h.api.secrets.upsert({ name: 'API_KEY', value: 'env-value', environmentId: h.environmentId });
    await h.api.secrets.upsert({ name: 'API_KEY', value: 'space-value', environmentId: h.environmentId, spaceId: space.id });
    const env = await h.api.secrets.list({ environmentId: h.environmentId });
    expect(env.data.find((s) => s.name === 'API_KEY')?.value).toBe('env-value');
    const sp = await h.api.secrets.list({ environmentId: h.environmentId, spaceId: space.id });
    expect(sp.data.find((s) => s.name === 'API_KEY')?.value).toBe('space-value');
    const ent = await h.api.entitlements.list({ resourceId: space.id });
    expect(ent.data).toEqual([]);
  });
});

describe('gzip bodies', () => {
  it('accepts a gzip JSON insert', async () => {
    const space = await newSpace();
    const { data: wb } = await h.api.workbooks.create({ name: 'G', spaceId: space.id, sheets: [contactsSheet] });
    const sheetId = wb.sheets![0]!.id;
    const res = await raw(h, 'POST', `/v1/sheets/${sheetId}/records`, {
      headers: { 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify([{ email: { value: 'g@x.io' } }])),
    });
    expect(res.status).toBe(200);
    expect(res.body.data.records[0].values.email.value).toBe('g@x.io');
  });
});
