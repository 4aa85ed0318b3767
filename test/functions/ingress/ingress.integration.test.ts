import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { startTestPipeline, type TestPipeline } from '../../support/pipeline.js';
import { waitFor } from '../../support/wait.js';
import { s3Record } from '../../support/s3-notification.js';
import { fixture, GOOD_CSV, goodZip, singleLine, tinyXlsx, truncatedGzip, zipBomb, zipInZip, zipOf } from '../../fixtures/bad/make.js';

// Ingress end to end on the embedded stack: S3 PutObject → notification → SQS trigger → real handler → emulator.

let p: TestPipeline;

beforeAll(async () => {
  p = await startTestPipeline(['ingress']);
});
afterAll(async () => {
  await p?.stop();
});

const sample = (path: string) => readFileSync(new URL(`../../../samples/${path}`, import.meta.url));
const expected = (name: string) => readFileSync(new URL(`../../fixtures/expected/${name}`, import.meta.url), 'utf8');

async function uploadedBytes(fileId: string): Promise<Buffer> {
  const res = await fetch(`${p.flatfile.apiUrl}/v1/files/${fileId}/download`, {
    headers: { authorization: `Bearer ${p.flatfile.token}` },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function fileOf(fileId: string) {
  return (await p.api.files.get(fileId)).data;
}

describe('samples reach their feed Space, normalised', () => {
  it('contacts CSV arrives byte for byte in the contacts Space', async () => {
    await p.drop('acme/contacts/acme-contacts-2026-11-16.csv', sample('contacts/acme-contacts-2026-11-16.csv'));
    const run = await p.runOf('acme/contacts/acme-contacts-2026-11-16.csv', ['uploaded', 'rejected']);
    expect(run.state).toBe('uploaded');
    expect(run.counts.rowsRead).toBe(20);
    const file = await fileOf(run.fileId!);
    expect(file.name).toBe('acme__contacts__acme-contacts-2026-11-16.csv');
    expect(file.spaceId).toBe(run.spaceId);
    const space = (await p.api.spaces.get(run.spaceId!)).data;
    expect(space.metadata).toMatchObject({ flatfeed: { feed: 'contacts' } });
    expect((await uploadedBytes(run.fileId!)).toString('utf8')).toBe(sample('contacts/acme-contacts-2026-11-16.csv').toString('utf8'));
  });

  it('gzipped Windows-1252 semicolon orders arrive as UTF-8 comma CSV in the orders Space', async () => {
    const key = 'nordwind/orders/nordwind-orders-20261120.csv.gz';
    await p.drop(key, sample('orders/nordwind-orders-20261120.csv.gz'));
    const run = await p.runOf(key, ['uploaded', 'rejected']);
    expect(run.state).toBe('uploaded');
    const file = await fileOf(run.fileId!);
    expect(file.name).toBe('nordwind__orders__nordwind-orders-20261120.csv');
    const bytes = (await uploadedBytes(run.fileId!)).toString('utf8');
    expect(bytes).toBe(expected('nordwind__orders__nordwind-orders-20261120.csv'));
    // A different Space from contacts: one Space per feed, named in its metadata.
    const space = (await p.api.spaces.get(run.spaceId!)).data;
    expect(space.metadata).toMatchObject({ flatfeed: { feed: 'orders' } });
    const contacts = await p.runOf('acme/contacts/acme-contacts-2026-11-16.csv', ['uploaded']);
    expect(run.spaceId).not.toBe(contacts.spaceId);
  });

  it('reuses the feed Space for the next file', async () => {
    const first = await p.runOf('acme/contacts/acme-contacts-2026-11-16.csv', ['uploaded']);
    await p.drop('acme/contacts/second week.csv', 'Email Address,First Name\nx@example.com,X\n');
    const second = await p.runOf('acme/contacts/second week.csv', ['uploaded']);
    expect(second.spaceId).toBe(first.spaceId);
    const spaces = (await p.api.spaces.list({ environmentId: p.flatfile.environmentId, pageSize: 100 })).data;
    expect(spaces.filter((s) => (s.metadata as { flatfeed?: { feed?: string } })?.flatfeed?.feed === 'contacts')).toHaveLength(1);
  });
});

describe('keys the way partners write them', () => {
  it.each([
    ['spaces', 'acme/contacts/week 47 export.csv', 'acme__contacts__week 47 export.csv'],
    ['plus', 'acme/contacts/a+b=c.csv', 'acme__contacts__a+b=c.csv'],
    ['percent', 'acme/contacts/100% done.csv', 'acme__contacts__100% done.csv'],
    ['unicode', 'acme/contacts/Müller — Ωmega 東京.csv', 'acme__contacts__Müller — Ωmega 東京.csv'],
  ])('%s: %s', async (_, key, name) => {
    await p.drop(key, 'Email Address,First Name\nk@example.com,K\n');
    const run = await p.runOf(key, ['uploaded', 'rejected']);
    expect(run.state).toBe('uploaded');
    expect((await fileOf(run.fileId!)).name).toBe(name);
  });
});

describe('bad input ends in a terminal, reported state', () => {
  const bad: [string, () => Buffer | string, string][] = [
    ['empty file', () => fixture('empty.csv'), 'empty-file'],
    ['header only', () => fixture('header-only.csv'), 'header-only'],
    ['binary junk named .csv', () => fixture('binary-junk.csv'), 'binary-content'],
    ['a 5 MB single line', () => singleLine(), 'line-too-long'],
    ['a truncated gzip', () => truncatedGzip(), 'truncated-archive'],
    ['a zip bomb', () => zipBomb(), 'zip-bomb'],
  ];

  it.each(bad)('%s is rejected with its reason, noticed, and kept out of the DLQ', async (label, make, reason) => {
    const key = `acme/contacts/bad/${label.replaceAll(' ', '-')}.csv`;
    await p.drop(key, make());
    const run = await p.runOf(key, ['rejected', 'uploaded', 'expanded']);
    expect(run.state).toBe('rejected');
    expect(run.reason).toMatch(new RegExp(`^${reason}: `));
  });

  it('sent a rejection notice for each, naming feed, key and reason', async () => {
    type Notice = { status: string; sourceKey: string; reason: string; feed: string };
    const seen: Notice[] = [];
    const isBad = (n: Notice) => n.status === 'rejected' && n.sourceKey.startsWith('acme/contacts/bad/');
    // The ledger turns terminal just before the notice is sent; collect until all are in.
    const rejected = await waitFor('a rejection notice per bad file', async () => {
      seen.push(...((await p.peek('outbound')) as Notice[]).filter(isBad));
      return seen.length >= bad.length ? seen : undefined;
    });
    expect(rejected.map((n) => n.sourceKey).sort()).toEqual(bad.map(([l]) => `acme/contacts/bad/${l.replaceAll(' ', '-')}.csv`).sort());
    for (const n of rejected) {
      const reason = bad.find(([l]) => n.sourceKey.endsWith(`/${l.replaceAll(' ', '-')}.csv`))![2];
      expect(n).toMatchObject({ feed: 'contacts', reason: expect.stringMatching(new RegExp(`^${reason}: .{10,}`)) });
    }
  });

  it('a key no feed claims (acme/Contacts/ for acme/contacts/) ends unrouted, with a reason naming the feed and a notice', async () => {
    // Dropped as a partner would: S3 notifies for the whole inbox, so the object is seen although no prefix matches.
    const key = 'acme/Contacts/x.csv';
    await p.drop(key, Buffer.from('Email,Name\na@b.de,A\n'));
    const run = await waitFor('the unrouted run', async () => (await p.ledger.listRuns('(unrouted)')).find((r) => r.key === key && r.state === 'unrouted'));
    expect(run.reason).toBe('unrouted: no feed claims "acme/Contacts/x.csv"; keys are case-sensitive — did you mean acme/contacts/x.csv (feed "contacts")?');
    const notices: { status: string; sourceKey: string; reason: string; feed: string }[] = [];
    const notice = await waitFor('the unrouted notice', async () => {
      notices.push(...((await p.peek('outbound')) as typeof notices));
      return notices.find((n) => n.sourceKey === key);
    });
    expect(notice).toMatchObject({ feed: '(unrouted)', status: 'unrouted', reason: run.reason });
  });

  it('an object under no prefix at all ends unrouted, once, however often S3 repeats the notification', async () => {
    // The same notification twice, as S3 may send it: one run, one end.
    const record = s3Record(p.local.names.buckets.inbox, 'retired/feed/else file.csv', 8, 'e1', 'old-config');
    for (let i = 0; i < 2; i++) {
      await p.local.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: p.local.queueUrls.ingress, MessageBody: JSON.stringify({ Records: [record] }) }),
      );
    }
    const run = await waitFor('the unrouted run', async () => {
      const runs = await p.ledger.listRuns('(unrouted)');
      return runs.find((r) => r.key === 'retired/feed/else file.csv' && r.state === 'unrouted');
    });
    expect(run.reason).toMatch(/^unrouted: no feed claims "retired\/feed\/else file.csv"; feeds take keys under acme\/contacts\/, /);
    expect((await p.ledger.listRuns('(unrouted)')).filter((r) => r.key === 'retired/feed/else file.csv')).toHaveLength(1);
  });

  it('nothing reached the ingress DLQ', async () => {
    expect(await p.peek('ingress', true)).toEqual([]);
  });
});

describe('encodings and containers that are fine', () => {
  const text = 'Email Address,First Name,Company\nzoe@example.de,Zoë,Café “Größe” €\n';
  it.each([
    ['UTF-16LE with BOM', 'utf16le-bom.csv'],
    ['UTF-16BE with BOM', 'utf16be-bom.csv'],
    ['Windows-1252', 'windows-1252.csv'],
    ['Latin-1', 'latin1.csv'],
    ['mixed CRLF/LF', 'mixed-eol.csv'],
  ])('%s arrives as UTF-8 with LF line endings', async (_, name) => {
    const key = `acme/contacts/enc/${name}`;
    await p.drop(key, fixture(name));
    const run = await p.runOf(key, ['uploaded', 'rejected']);
    expect(run.state).toBe('uploaded');
    const bytes = await uploadedBytes(run.fileId!);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const decoded = bytes.toString('utf8');
    expect(decoded).not.toContain('\r');
    expect(decoded).not.toContain('\uFFFD');
    expect(Buffer.from(decoded, 'utf8').equals(bytes)).toBe(true);
  });

  it('a gzip of a CSV arrives decompressed', async () => {
    await p.drop('acme/contacts/gz/week.csv.gz', gzipSync(Buffer.from(text)));
    const run = await p.runOf('acme/contacts/gz/week.csv.gz', ['uploaded', 'rejected']);
    expect((await uploadedBytes(run.fileId!)).toString('utf8')).toBe(text);
  });

  it('each zip member becomes its own run, system junk skipped', async () => {
    const key = 'acme/contacts/zip/batch.zip';
    await p.drop(key, goodZip());
    const archive = await p.runOf(key, ['expanded', 'rejected']);
    expect(archive.state).toBe('expanded');
    expect(archive.outputs).toHaveLength(2);
    const a = await p.runOf(key, ['uploaded'], 'a.csv');
    const b = await p.runOf(key, ['uploaded'], 'sub/b.csv');
    expect((await fileOf(a.fileId!)).name).toBe('acme__contacts__zip__batch.zip__a.csv');
    expect((await uploadedBytes(b.fileId!)).toString('utf8')).toBe('id,name\n2,Bo\n');
  });

  it('a zip inside a zip is opened member by member; a refused member is rejected alone and the archive says so', async () => {
    const key = 'acme/contacts/zip/nested.zip';
    await p.drop(key, zipOf({ 'inner.zip': zipInZip(), 'junk.csv': fixture('binary-junk.csv'), 'c.csv': GOOD_CSV }));
    const archive = await p.runOf(key, ['expanded', 'rejected']);
    expect(archive.state).toBe('expanded');
    expect(archive.reason).toMatch(
      /^expanded: 2 of 4 members delivered: inner.zip\/b.csv; c.csv; 2 refused: inner.zip\/inner.zip \(nested-archive: zip member "inner.zip\/inner.zip" of "acme\/contacts\/zip\/nested.zip" is an archive nested 3 deep; .*\); junk.csv \(/,
    );
    expect(archive.outputs).toHaveLength(4);
    const junk = await p.runOf(key, ['rejected'], 'junk.csv');
    expect(junk.reason).toMatch(/^binary-content: "acme\/contacts\/zip\/nested.zip\/junk.csv" is not text/);
    expect(archive.reason).toContain(`junk.csv (${junk.reason})`);
    const inner = await p.runOf(key, ['uploaded'], 'inner.zip/b.csv');
    expect((await uploadedBytes(inner.fileId!)).toString('utf8')).toBe(GOOD_CSV);
    await p.runOf(key, ['uploaded'], 'c.csv');
    const notices = await waitFor('the archive notice', async () => ((await p.peek('outbound')) as { sourceKey: string; status: string; reason: string }[]).find((n) => n.sourceKey === key && n.status === 'expanded'));
    expect(notices.reason).toBe(archive.reason);
  });

  it('an archive whose every member is refused is rejected, naming each member', async () => {
    const key = 'acme/contacts/zip/all-bad.zip';
    await p.drop(key, zipOf({ 'a.csv': fixture('binary-junk.csv'), 'b.csv': 'id\n' }));
    const archive = await p.runOf(key, ['expanded', 'rejected']);
    expect(archive.state).toBe('rejected');
    expect(archive.reason).toMatch(/^archive-refused: 0 of 2 members delivered; 2 refused: a.csv \(binary-content: .*\); b.csv \(header-only: /);
  });

  it('an XLSX renamed .csv is uploaded as the workbook it is', async () => {
    const key = 'acme/contacts/xlsx/really-a-workbook.csv';
    const bytes = await tinyXlsx();
    await p.drop(key, bytes);
    const run = await p.runOf(key, ['uploaded', 'rejected']);
    expect(run.state).toBe('uploaded');
    expect((await fileOf(run.fileId!)).name).toBe('acme__contacts__xlsx__really-a-workbook.xlsx');
    expect((await uploadedBytes(run.fileId!)).equals(bytes)).toBe(true);
  });
});
