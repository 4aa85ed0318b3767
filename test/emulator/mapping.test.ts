import { describe, expect, it } from 'vitest';
import { useEmulator } from './support/harness.js';
import { contactsSheet } from './fixtures.js';

const h = useEmulator();

/** A space with the contacts blueprint and an extracted CSV; returns the ids a mapping job needs. */
async function extracted(csv: string) {
  const { data: space } = await h.api.spaces.create({ name: 'map', environmentId: h.environmentId });
  const { data: wb } = await h.api.workbooks.create({ name: 'Contacts', spaceId: space.id, sheets: [contactsSheet] });
  const { data: file } = await h.api.files.upload(new File([csv], 'in.csv'), { spaceId: space.id, environmentId: h.environmentId });
  await h.emulator.services.jobs.idle();
  const { data: f } = await h.api.files.get(file.id);
  const { data: sheets } = await h.api.sheets.list({ workbookId: f.workbookId! });
  return { spaceId: space.id, source: f.workbookId!, sourceSheetId: sheets[0]!.id, destination: wb.id, destinationSheetId: wb.sheets![0]!.id };
}

async function mapJob(ids: Awaited<ReturnType<typeof extracted>>) {
  const { data: job } = await h.api.jobs.create({
    type: 'workbook',
    operation: 'map',
    source: ids.source,
    destination: ids.destination,
    managed: true,
    config: { sourceSheetId: ids.sourceSheetId, destinationSheetId: ids.destinationSheetId },
  });
  await h.emulator.services.jobs.idle();
  return job;
}

const edges = (plan: { fieldMapping: { sourceField: { key: string }; destinationField: { key: string }; metadata?: { certainty?: string } }[] }) =>
  plan.fieldMapping.map((e) => [e.sourceField.key, e.destinationField.key, e.metadata?.certainty]);

describe('workbook:map', () => {
  it('plans by exact, normalised, alternative-name and fuzzy matches, with previews and enum details', async () => {
    const ids = await extracted('email,First_Name,forename,Emial Adress,Stat,status\na@x.io,Ada,A,x,1,enabled\nb@x.io,Bob,B,y,2,Inactive\n');
    const job = await mapJob(ids);
    const { data } = await h.api.jobs.getExecutionPlan(job.id);
    expect(data.job.status).toBe('planning');
    expect(edges(data.plan)).toEqual([
      ['email', 'email', 'absolute'],
      ['first_name', 'firstName', 'strong'],
      ['status', 'status', 'absolute'],
    ]);
    const status = data.plan.fieldMapping.find((e) => e.destinationField.key === 'status')!;
    expect(status.enumDetails?.mapping).toEqual([
      { sourceValue: 'enabled', destinationValue: 'active' },
      { sourceValue: 'Inactive', destinationValue: 'inactive' },
    ]);
    expect(data.plan.fieldMapping[0]!.preview).toEqual(['a@x.io', 'b@x.io']);
    expect(data.plan.unmappedSourceFields.map((u) => u.sourceField.key)).toEqual(['forename', 'emial_adress', 'stat']);
    expect(data.plan.unmappedDestinationFields.map((u) => u.destinationField.key)).toEqual(['code', 'age', 'active', 'dob']);

    // Exactly one job:updated while planning.
    const { data: events } = await h.api.events.list({ spaceId: ids.spaceId, topic: 'job:updated', includeAcknowledged: true, pageSize: 100 });
    expect(events.filter((e) => e.context.jobId === job.id && e.payload.status === 'planning')).toHaveLength(1);
  });

  it('ranks fuzzy matches moderate or weak', async () => {
    const ids = await extracted('Emial,Frist Nme\na@x.io,Ada\n');
    const job = await mapJob(ids);
    const { data } = await h.api.jobs.getExecutionPlan(job.id);
    const certainties = data.plan.fieldMapping.map((e) => e.metadata?.certainty);
    expect(certainties.length).toBeGreaterThan(0);
    expect(certainties.every((c) => c === 'moderate' || c === 'weak')).toBe(true);
  });

  it('applies a PUT/PATCHed plan on execute, then plans the next file with the same headers from memory', async () => {
    const csv = 'mail,given\na@x.io,Ada\n';
    const first = await extracted(csv);
    const job = await mapJob(first);
    const { data: before } = await h.api.jobs.getExecutionPlan(job.id);
    const field = (sheet: 'source' | 'destination', key: string) =>
      (sheet === 'source'
        ? [...before.plan.fieldMapping.map((e) => e.sourceField), ...before.plan.unmappedSourceFields.map((u) => u.sourceField)]
        : [...before.plan.fieldMapping.map((e) => e.destinationField), ...before.plan.unmappedDestinationFields.map((u) => u.destinationField)]
      ).find((f) => f.key === key)!;
    await h.api.jobs.updateExecutionPlan(job.id, {
      fileId: 'us_fl_unused',
      jobId: job.id,
      fieldMapping: [{ sourceField: field('source', 'mail'), destinationField: field('destination', 'email') }],
      unmappedSourceFields: [{ sourceField: field('source', 'given') }],
      unmappedDestinationFields: [],
    });
    await h.api.jobs.updateExecutionPlanFields(job.id, {
      fileId: 'us_fl_unused',
      jobId: job.id,
      fieldMapping: [
        { sourceField: field('source', 'mail'), destinationField: field('destination', 'email') },
        { sourceField: field('source', 'given'), destinationField: field('destination', 'firstName') },
      ],
    });
    await h.api.jobs.execute(job.id);
    await h.emulator.services.jobs.idle();
    expect((await h.api.jobs.get(job.id)).data.status).toBe('complete');
    const { data } = await h.api.records.get(first.destinationSheetId);
    expect(data.records.map((r) => [r.values.email?.value, r.values.firstName?.value])).toEqual([['a@x.io', 'Ada']]);

    const second = await extracted(csv);
    const next = await mapJob(second);
    const { data: remembered } = await h.api.jobs.getExecutionPlan(next.id);
    expect(remembered.plan.fieldMapping.map((e) => [e.sourceField.key, e.destinationField.key, e.metadata?.source, e.metadata?.certainty])).toEqual([
      ['mail', 'email', 'memory', 'absolute'],
      ['given', 'firstName', 'memory', 'absolute'],
    ]);
  });
});
