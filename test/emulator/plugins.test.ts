import ExcelJS from 'exceljs';
import { FlatfileListener } from '@flatfile/listener';
import { describe, expect, it } from 'vitest';
import { deliver } from './support/drive.js';
import { useEmulator } from './support/harness.js';
import { contactsSheet } from './fixtures.js';

// Flatfile's plugins build their API clients when imported, from AGENT_INTERNAL_URL / FLATFILE_BEARER_TOKEN:
// each test imports them only after useEmulator() has pointed those at this file's emulator.
const h = useEmulator();

async function spaceWithContacts(trackChanges = true) {
  const { data: space } = await h.api.spaces.create({ name: 'plugins', environmentId: h.environmentId });
  const { data: wb } = await h.api.workbooks.create({
    name: 'Contacts',
    spaceId: space.id,
    environmentId: h.environmentId,
    labels: ['primary'],
    settings: { trackChanges },
    sheets: [contactsSheet],
  });
  return { spaceId: space.id, workbookId: wb.id, sheetId: wb.sheets![0]!.id };
}

describe('Flatfile plugins, unmodified, against the emulator', () => {
  it('@flatfile/plugin-record-hook: bulkRecordHook writes values and messages back and the commit completes', async () => {
    const { bulkRecordHook } = await import('@flatfile/plugin-record-hook');
    const { spaceId, sheetId } = await spaceWithContacts();
    const listener = FlatfileListener.create((l) => {
      l.use(
        bulkRecordHook('contacts', (records) => {
          for (const r of records) {
            const name = r.get('firstName');
            if (typeof name === 'string') r.set('firstName', name.toUpperCase());
            if (String(r.get('email')).endsWith('@blocked.io')) r.addError('email', 'Domain is blocked');
          }
          return records;
        }),
      );
    });
    const seen = new Set<string>();
    await deliver(h, listener, seen, spaceId);
    const { data } = await h.api.records.insert(sheetId, [
      { email: { value: 'ada@x.io' }, firstName: { value: 'Ada' } },
      { email: { value: 'eve@blocked.io' }, firstName: { value: 'Eve' } },
    ]);
    const commitId = data.commitId!;
    const topics = await deliver(h, listener, seen, spaceId);

    const { data: after } = await h.api.records.get(sheetId, { includeMessages: true });
    expect(after.records.map((r) => r.values.firstName?.value)).toEqual(['ADA', 'EVE']);
    const eve = after.records[1]!;
    expect(eve.valid).toBe(false);
    expect(eve.values.email!.messages).toEqual([
      expect.objectContaining({ type: 'error', message: 'Domain is blocked', source: 'custom-logic' }),
    ]);
    expect((await h.api.commits.get(commitId)).data.completedAt).toBeInstanceOf(Date);
    expect(topics).toContain('commit:completed');
    // The hook's own write-back completes the commit instead of starting another hook round.
    expect(topics.filter((t) => t === 'commit:created')).toHaveLength(1);
  });

  it('@flatfile/plugin-record-hook completes the commit itself when nothing changes', async () => {
    const { recordHook } = await import('@flatfile/plugin-record-hook');
    const { spaceId, sheetId } = await spaceWithContacts();
    const listener = FlatfileListener.create((l) => l.use(recordHook('contacts', (r) => r)));
    const seen = new Set<string>();
    await deliver(h, listener, seen, spaceId);
    const { data } = await h.api.records.insert(sheetId, [{ email: { value: 'same@x.io' } }]);
    await deliver(h, listener, seen, spaceId);
    expect((await h.api.commits.get(data.commitId!)).data.completedAt).toBeInstanceOf(Date);
  });

  it('@flatfile/plugin-automap: maps a natively extracted CSV into the blueprint sheet, enums included', async () => {
    const { automap } = await import('@flatfile/plugin-automap');
    const { spaceId, sheetId } = await spaceWithContacts();
    const failures: unknown[] = [];
    const listener = FlatfileListener.create((l) => {
      l.use(automap({ accuracy: 'confident', defaultTargetSheet: 'contacts', matchFilename: /\.csv$/, onFailure: (e) => void failures.push(e) }));
    });
    const csv = 'Email,Given Name,Age,Status\nada@x.io,Ada,36,enabled\ngrace@x.io,Grace,45,Inactive\n';
    const { data: file } = await h.api.files.upload(new File([csv], 'contacts.csv'), { spaceId, environmentId: h.environmentId });
    const topics = await deliver(h, listener, new Set(), spaceId);

    expect(failures).toEqual([]);
    expect(topics.filter((t) => t === 'job:completed')).toHaveLength(2);
    const { data } = await h.api.records.get(sheetId);
    expect(data.records.map((r) => [r.values.email?.value, r.values.firstName?.value, r.values.age?.value, r.values.status?.value])).toEqual([
      ['ada@x.io', 'Ada', 36, 'active'],
      ['grace@x.io', 'Grace', 45, 'inactive'],
    ]);
    expect(data.records.every((r) => r.valid)).toBe(true);
    const { data: jobs } = await h.api.jobs.list({ spaceId, pageSize: 100 });
    const map = jobs.find((j) => j.operation === 'map')!;
    expect(map.status).toBe('complete');
    expect((await h.api.files.get(file.id)).data.name).toBe('⚡️ contacts.csv 🔁 Contacts');
  });

  it('@flatfile/plugin-xlsx-extractor (util-extractor): extracts an XLSX upload into a [file] workbook', async () => {
    const { ExcelExtractor } = await import('@flatfile/plugin-xlsx-extractor');
    const { data: space } = await h.api.spaces.create({ name: 'xlsx', environmentId: h.environmentId });
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('People');
    ws.addRow(['Name', 'Email']);
    ws.addRow(['Ada', 'ada@x.io']);
    ws.addRow(['Grace', 'grace@x.io']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const listener = FlatfileListener.create((l) => l.use(ExcelExtractor()));
    const { data: file } = await h.api.files.upload(new File([bytes], 'people.xlsx'), { spaceId: space.id, environmentId: h.environmentId });
    const topics = await deliver(h, listener, new Set(), space.id);

    const { data: done } = await h.api.files.get(file.id);
    expect(done.status).toBe('complete');
    const { data: wb } = await h.api.workbooks.get(done.workbookId!);
    expect(wb.name).toBe('[file] people.xlsx');
    const { data } = await h.api.records.get(wb.sheets![0]!.id);
    expect(data.records.map((r) => [r.values.name?.value, r.values.email?.value])).toEqual([
      ['Ada', 'ada@x.io'],
      ['Grace', 'grace@x.io'],
    ]);
    expect(topics.filter((t) => t === 'job:ready')).toHaveLength(1);
    expect(topics).toContain('job:completed');
  });

  it('@flatfile/plugin-space-configure builds the space on autoConfigure; @flatfile/plugin-job-handler runs a custom job', async () => {
    const { configureSpace } = await import('@flatfile/plugin-space-configure');
    const { jobHandler } = await import('@flatfile/plugin-job-handler');
    const ticks: number[] = [];
    const listener = FlatfileListener.create((l) => {
      l.use(configureSpace({ workbooks: [{ name: 'Contacts', labels: ['primary'], sheets: [contactsSheet] }], space: { metadata: { configured: true } } }));
      l.use(
        jobHandler('space:submit', async (_event, tick) => {
          await tick(50, 'halfway');
          ticks.push(50);
          return { outcome: { message: 'submitted' } };
        }),
      );
    });
    const { data: space } = await h.api.spaces.create({ name: 'configured', environmentId: h.environmentId, autoConfigure: true });
    const seen = new Set<string>();
    await deliver(h, listener, seen, space.id);
    const { data: configured } = await h.api.spaces.get(space.id);
    expect(configured.metadata).toEqual({ configured: true });
    const { data: workbooks } = await h.api.workbooks.list({ spaceId: space.id });
    expect(workbooks.map((w) => w.name)).toEqual(['Contacts']);
    const { data: jobs } = await h.api.jobs.list({ spaceId: space.id });
    expect(jobs.find((j) => j.operation === 'configure')?.status).toBe('complete');

    const { data: job } = await h.api.jobs.create({ type: 'space', operation: 'submit', source: space.id });
    await h.api.jobs.execute(job.id);
    await deliver(h, listener, seen, space.id);
    const { data: finished } = await h.api.jobs.get(job.id);
    expect(finished.status).toBe('complete');
    expect(finished.outcome?.message).toBe('submitted');
    expect(ticks).toEqual([50]);
  });
});
