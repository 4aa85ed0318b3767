import { ApiError, badRequest } from './errors.js';
import { extractDelimitedColumns, NATIVE_DELIMITERS } from './extract/csv.js';
import { newId } from './ids.js';
import { executeMapping, type MappingOrder } from './mapping/execute.js';
import { PlanMemory } from './mapping/memory.js';
import { planMapping } from './mapping/plan.js';
import type { AckWatch } from './realism.js';
import type { BlobStore } from './store/blobs.js';
import type { State } from './store/state.js';
import type { FileRecord, Job, Json, Sheet } from './types.js';
import type { Workbooks } from './workbooks.js';
import type { RecordWriter } from './writes.js';

const TERMINAL = new Set(['complete', 'failed', 'canceled']);

/**
 * Job lifecycle (created → ready → executing → complete | failed | canceled) and the operations the platform runs
 * itself: native extraction, `workbook:map` (plan, then execute) and `workbook:delete-records`.
 */
export class Jobs {
  private tasks = new Set<Promise<void>>();
  /** Mapping jobs that were running when the emulator stopped: they go on after the rows they wrote. */
  private readonly resumedMaps = new Set<string>();
  /**
   * Awaited after each slice a mapping job writes (tests hold a mapping half-way with it, to see its progress while
   * the stage runs); absent, the job only yields to other work between slices.
   */
  mappingGate?: (job: Job, done: number, total: number) => Promise<void>;

  constructor(
    private readonly state: State,
    private readonly writer: RecordWriter,
    private readonly workbooks: Workbooks,
    private readonly blobs: BlobStore,
    /** Fails jobs of ours that go unacknowledged (realism.ts); the platform's own jobs ack themselves. */
    private readonly ackWatch?: AckWatch,
    /** Plan updates emit `job:updated` (realism `planUpdateEvents`). */
    private readonly planUpdateEvents = false,
    /** The order a mapping job writes the destination in (EmulatorOptions.mappingOrder). */
    private readonly mappingOrder: MappingOrder = 'file',
  ) {}

  isOpen(job: Job): boolean {
    return !TERMINAL.has(job.status);
  }

  /** Resolves when background platform work (planning, extraction, mapping) has finished. */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  /**
   * After a restart on a data directory. The real platform does not die with our process: its own jobs that were
   * running (native extraction, mapping, record deletion) run again from the start, a mapping job still being
   * planned is planned, and jobs of ours that were started wait for an acknowledgement again (a full window: the
   * emulator was down too). An extraction cut short leaves its partial `[file]` workbook behind, unreferenced: the
   * file points at the workbook of the extraction that completes.
   */
  resume(): number {
    let resumed = 0;
    for (const job of this.state.jobs.values()) {
      if (TERMINAL.has(job.status)) continue;
      if (this.kind(job) === 'workbook:map' && job.status === 'created') {
        this.background(job, async () => this.enterPlanning(job));
        resumed++;
        continue;
      }
      if (!this.state.readyJobs.has(job.id)) continue; // not started: it waits for execute as before
      const run = this.runner(job);
      if (run) {
        if (this.kind(job) === 'workbook:map') this.resumedMaps.add(job.id);
        this.background(job, run);
        resumed++;
      } else this.ackWatch?.arm(job.id);
    }
    return resumed;
  }

  create(body: Json): Job {
    const now = new Date().toISOString();
    const { spaceId, environmentId } = this.scope(body);
    const job: Job = {
      ...body,
      id: newId('jb'),
      type: String(body.type),
      operation: String(body.operation),
      source: String(body.source),
      status: typeof body.status === 'string' ? body.status : 'created',
      createdBy: this.state.actorId,
      environmentId,
      spaceId,
      trigger: (body.trigger as string | undefined) ?? 'manual',
      mode: (body.mode as string | undefined) ?? 'foreground',
      input: (body.input as Json | undefined) ?? {},
      createdAt: now,
      updatedAt: now,
    };
    this.state.jobs.set(job.id, job);
    this.emit(job, 'job:created');
    const op = this.kind(job);
    if (op === 'workbook:map') {
      this.mapSides(job);
      this.background(job, async () => this.enterPlanning(job));
    } else if (job.trigger === 'immediate') {
      this.execute(job);
    }
    return job;
  }

  /** Starts a job. Idempotent: a job gets exactly one `job:ready`. */
  execute(job: Job): Job {
    if (TERMINAL.has(job.status) || this.state.readyJobs.has(job.id)) return job;
    if (this.kind(job) === 'workbook:map') this.plan(job);
    this.state.readyJobs.add(job.id);
    this.set(job, { status: 'ready' });
    this.emit(job, 'job:ready');
    const run = this.runner(job);
    if (run) this.background(job, run);
    else this.ackWatch?.arm(job.id);
    return job;
  }

  ack(job: Job, body: Json): Job {
    this.open(job);
    const patch: Json = { status: 'executing', startedAt: job.startedAt ?? new Date().toISOString() };
    for (const k of ['progress', 'info', 'estimatedCompletionAt']) if (body[k] !== undefined) patch[k] = body[k];
    this.set(job, patch);
    this.emit(job, 'job:updated');
    if (this.ackWatch && !this.runner(job)) this.ackWatch.arm(job.id);
    return job;
  }

  complete(job: Job, body: Json): Job {
    this.open(job);
    this.ackWatch?.disarm(job.id);
    this.set(job, { status: 'complete', progress: 100, finishedAt: new Date().toISOString(), ...pick(body, 'outcome', 'info') });
    this.emit(job, 'job:completed');
    return job;
  }

  fail(job: Job, body: Json): Job {
    this.open(job);
    this.ackWatch?.disarm(job.id);
    this.set(job, { status: 'failed', finishedAt: new Date().toISOString(), ...pick(body, 'outcome', 'info') });
    this.emit(job, 'job:failed');
    return job;
  }

  cancel(job: Job, body: Json): Job {
    this.open(job);
    this.ackWatch?.disarm(job.id);
    this.set(job, { status: 'canceled', finishedAt: new Date().toISOString(), ...pick(body, 'info') });
    this.emit(job, 'job:updated');
    return job;
  }

  update(job: Job, body: Json): Job {
    this.set(job, pick(body, 'config', 'status', 'progress', 'outcomeAcknowledgedAt', 'info', 'metadata'));
    this.emit(job, 'job:updated');
    return job;
  }

  acknowledgeOutcome(job: Job): Job {
    this.set(job, { outcomeAcknowledgedAt: new Date().toISOString() });
    this.emit(job, 'job:outcome-acknowledged');
    return job;
  }

  remove(job: Job): void {
    this.state.jobs.delete(job.id);
    this.state.plans.delete(job.id);
    this.emit(job, 'job:deleted');
  }

  /** The job's execution plan, computed on first use (from plan memory when these headers were mapped before). */
  plan(job: Job): Json {
    const existing = this.state.plans.get(job.id);
    if (existing) return existing;
    const { source, destination } = this.mapSides(job);
    const remembered = this.state.planMemory.get(PlanMemory.key(source.config.fields, destination.slug));
    const plan = planMapping(source, destination, this.state.table(source.id), remembered);
    this.state.plans.set(job.id, plan);
    return plan;
  }

  setPlan(job: Job, body: Json, replace: boolean): Json {
    if (this.kind(job) !== 'workbook:map') throw badRequest(`Job ${job.id} is not a mapping job`, 'jobId');
    if (TERMINAL.has(job.status) || job.status === 'executing') throw badRequest(`Job ${job.id} is already ${job.status}`, 'jobId');
    const current = this.plan(job);
    const keys = ['fieldMapping', 'unmappedSourceFields', 'unmappedDestinationFields', 'programId'];
    for (const k of keys) {
      if (body[k] !== undefined) current[k] = body[k];
      else if (replace && k !== 'programId') throw badRequest(`${k} is required`, k);
    }
    if (this.planUpdateEvents) {
      this.set(job, {});
      this.emit(job, 'job:updated');
    }
    return current;
  }

  /** Native extraction of CSV/TSV/PSV uploads: `file:extract` job into a `[file] <name>` workbook. */
  extractNative(file: FileRecord): void {
    const delimiter = NATIVE_DELIMITERS[file.ext.toLowerCase()];
    if (!delimiter || file.mode === 'export') return;
    const job = this.create({
      type: 'file',
      operation: 'extract',
      source: file.id,
      spaceId: file.spaceId,
      environmentId: file.environmentId,
      managed: true,
      mode: 'background',
      config: { driver: 'csv', options: { delimiter } },
    });
    this.execute(job);
  }

  // --- internals ---

  private kind(job: Job): string {
    return `${job.type}:${job.operation}`;
  }

  /** Exactly one `job:updated` on entering planning: automap executes on it. */
  private enterPlanning(job: Job): void {
    this.plan(job);
    if (job.status !== 'created') return;
    this.set(job, { status: 'planning' });
    this.emit(job, 'job:updated');
  }

  private runner(job: Job): (() => Promise<void>) | undefined {
    switch (this.kind(job)) {
      case 'file:extract':
        return () => this.runExtraction(job);
      case 'workbook:map':
        return () => this.runMapping(job);
      case 'workbook:delete-records':
        return async () => this.runDeleteRecords(job);
      default:
        return undefined;
    }
  }

  private async runExtraction(job: Job): Promise<void> {
    const file = this.state.file(job.source);
    const delimiter = NATIVE_DELIMITERS[file.ext.toLowerCase()] ?? ',';
    this.ack(job, { progress: 10, info: 'Extracting' });
    let sheet: Sheet | undefined;
    await extractDelimitedColumns(
      this.blobs.read(file.id),
      delimiter,
      (fields) => {
        const wb = this.workbooks.create(
          {
            name: `[file] ${file.name}`,
            labels: ['file'],
            treatments: ['EXTRACTED_FROM_SOURCE'],
            sheets: [{ name: file.name.replace(/\.[^.]+$/, '') || 'Sheet1', fields, allowAdditionalFields: false }],
          },
          file.environmentId,
          file.spaceId,
        );
        sheet = this.state.sheetsOf(wb.id)[0];
      },
      (batch) => {
        if (sheet) this.writer.insert(sheet, batch, { hooks: true });
      },
    );
    // One `file:updated` once the records are in, as the platform does (§3.4 A of the reference).
    this.patchFile(file, { status: 'complete', ...(sheet ? { workbookId: sheet.workbookId, sheetId: sheet.id } : {}) });
    this.complete(job, { info: 'Extraction complete', outcome: { message: `Extracted ${file.name}` } });
  }

  /**
   * The mapping acks its progress after each slice (`job:updated`, progress = share of the records written, unrounded),
   * so a listener sees how far it got while it runs; the platform documents `job:updated` per ack.
   */
  private async runMapping(job: Job): Promise<void> {
    const { source, destination } = this.mapSides(job);
    const plan = this.plan(job);
    this.state.planMemory.remember(PlanMemory.key(source.config.fields, destination.slug), plan);
    const afterSlice = async (done: number, total: number) => {
      this.ack(job, { progress: total > 0 ? (100 * done) / total : 100, info: `Mapped ${done} of ${total} records` });
      await this.mappingGate?.(job, done, total);
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    const count = await executeMapping(this.state, this.writer, plan, source, destination, afterSlice, this.resumedMaps.delete(job.id), this.mappingOrder);
    this.complete(job, { outcome: { message: `Mapped ${count} records into ${destination.name}` } });
  }

  private runDeleteRecords(job: Job): void {
    const config = (job.config ?? {}) as Json;
    const sheetId = String(config.sheet ?? '');
    const sheet = this.state.sheet(sheetId);
    const table = this.state.table(sheetId);
    this.ack(job, { progress: 10 });
    this.writer.delete(sheet, () =>
      table.deleteWhere(
        {
          filter: config.filter as 'valid' | 'error' | 'all' | undefined,
          filterField: config.filterField as string | undefined,
          searchValue: config.searchValue as string | undefined,
          searchField: config.searchField as string | undefined,
        },
        (config.exceptions as string[] | undefined) ?? [],
      ),
    );
    this.complete(job, { outcome: { message: 'Records deleted' } });
  }

  private mapSides(job: Job): { source: Sheet; destination: Sheet } {
    const config = (job.config ?? {}) as Json;
    const sourceId = config.sourceSheetId ?? this.state.sheetsOf(job.source)[0]?.id;
    const destId = config.destinationSheetId ?? (job.destination ? this.state.sheetsOf(job.destination)[0]?.id : undefined);
    if (typeof sourceId !== 'string' || typeof destId !== 'string') {
      throw badRequest('A mapping job needs config.sourceSheetId and config.destinationSheetId', 'config');
    }
    return { source: this.state.sheet(sourceId), destination: this.state.sheet(destId) };
  }

  private patchFile(file: FileRecord, patch: Json): void {
    Object.assign(file, patch, { updatedAt: new Date().toISOString() });
    this.state.events.emit(
      'file:updated',
      'file',
      { environmentId: file.environmentId, spaceId: file.spaceId, fileId: file.id },
      { status: file.status, ...(file.workbookId ? { workbookId: file.workbookId } : {}) },
    );
  }

  private background(job: Job, work: () => Promise<void>): void {
    const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((err: unknown) => {
        if (!TERMINAL.has(job.status)) this.fail(job, { info: 'Platform job failed', outcome: { message: String((err as Error)?.message ?? err) } });
      })
      .finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }

  private open(job: Job): void {
    if (TERMINAL.has(job.status)) throw badRequest(`Job ${job.id} is already ${job.status}`, 'jobId');
  }

  private set(job: Job, patch: Json): void {
    Object.assign(job, patch, { updatedAt: new Date().toISOString() });
  }

  /** Jobs belong to the space of their source (file, workbook, sheet or space). */
  private scope(body: Json): { spaceId?: string; environmentId: string } {
    const source = String(body.source ?? '');
    const s = this.state;
    const spaceId =
      (body.spaceId as string | undefined) ??
      s.files.get(source)?.spaceId ??
      s.workbooks.get(source)?.spaceId ??
      (s.sheets.get(source) ? s.workbooks.get(s.sheets.get(source)!.workbookId)?.spaceId : undefined) ??
      (s.spaces.has(source) ? source : undefined);
    const environmentId =
      (body.environmentId as string | undefined) ??
      (spaceId ? s.spaces.get(spaceId)?.environmentId : undefined) ??
      [...s.environments.keys()][0];
    if (!environmentId) throw new ApiError(400, 'environmentId is required', 'environmentId');
    return { spaceId, environmentId };
  }

  private emit(job: Job, topic: string): void {
    const context: Json & { environmentId: string } = { environmentId: job.environmentId, jobId: job.id };
    if (job.spaceId) context.spaceId = job.spaceId;
    const s = this.state;
    if (job.type === 'file') context.fileId = job.source;
    if (job.type === 'workbook') {
      const cfg = (job.config ?? {}) as Json;
      // For mapping jobs Flatfile's headless example reads the *destination* workbook from the context.
      context.workbookId = job.destination ?? job.source;
      if (typeof cfg.destinationSheetId === 'string') context.sheetId = cfg.destinationSheetId;
      else if (typeof cfg.sheet === 'string') context.sheetId = cfg.sheet;
    }
    if (job.type === 'sheet') {
      context.sheetId = job.source;
      const wb = s.sheets.get(job.source)?.workbookId;
      if (wb) context.workbookId = wb;
    }
    s.events.emit(topic, 'job', context, {
      job: this.kind(job),
      domain: job.type,
      operation: job.operation,
      status: job.status,
      info: job.info ?? null,
      isPart: false,
      input: job.input ?? {},
    }, { origin: { id: job.id } });
  }
}

function pick(body: Json, ...keys: string[]): Json {
  const out: Json = {};
  for (const k of keys) if (body[k] !== undefined) out[k] = body[k];
  return out;
}
