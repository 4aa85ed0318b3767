import type { FlatfileEvent } from '@flatfile/listener';
import { sendJson } from '../aws/sqs.js';
import { createJobOnce } from '../flatfile/create-job.js';
import { uploadKey } from '../ledger/index.js';
import type { Feed, FileFormat } from '../manifest/index.js';
import { doOnce, endRun, moveRun, runStep } from '../run/index.js';
import { extractOperation, type ExtractWork } from '../work/messages.js';
import type { ListenerDeps } from './deps.js';
import { endDepsOf, runAwaiting, STEP_LEASE_SECONDS } from './run-guard.js';

/** The platform extracts these itself (the `file:extract` job); everything else needs an extractor of ours. */
const NATIVE = new Set(['csv', 'tsv', 'psv']);
const BY_EXTENSION: Record<string, FileFormat> = {
  xlsx: 'xlsx',
  xls: 'xls',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  txt: 'fixed',
  xml: 'xml',
};

export function formatOfName(name: string): FileFormat | 'native' | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  if (NATIVE.has(ext)) return 'native';
  return BY_EXTENSION[ext];
}

/** file:created → for a format the platform does not extract, an `extract-plugin-<format>` job (as Flatfile's extractors do). */
export async function onFileCreated(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const fileId = event.context.fileId as string;
  const { data: file } = await deps.api.files.get(fileId);
  if (file.mode === 'export') return;
  const format = formatOfName(file.name);
  if (format === 'native') return;
  const runId = await deps.ledger.runIdFor('file', fileId);
  if (!runId && (await uploadInFlight(deps, event.context.spaceId as string, file.name))) return;
  if (runId && !(await runAwaiting(deps, runId, ['uploaded'], 'file:created'))) return;
  if (!format || !feed.format.accept.includes(format)) {
    deps.telemetry.logger.warn('file format not accepted by the feed; not extracted', { fileId, name: file.name, feed: feed.name });
    if (runId) await endRun(endDepsOf(deps), runId, 'rejected', `unsupported-format: "${file.name}" is not one of ${feed.format.accept.join(', ')}`);
    return;
  }
  const create = async () => {
    const job = await createJobOnce(
      deps.api,
      {
        type: 'file',
        operation: extractOperation(format),
        source: fileId,
        status: 'ready',
        input: { feed: feed.name, ...(runId ? { runId } : {}) },
      },
      `${fileId}:extract`,
    );
    await deps.api.jobs.execute(job.id);
    if (runId) await deps.ledger.link('job', job.id, runId);
    return job.id;
  };
  if (!runId) {
    await create();
    return;
  }
  const step = await doOnce(deps.ledger, runStep(runId, 'extract-job'), create, { leaseSeconds: STEP_LEASE_SECONDS });
  if (step.ran || step.state === 'done') await moveRun(deps.ledger, runId, 'extracting', { extractJobId: step.value });
}

/**
 * Whether a file no run has claimed is an upload ingress is still making: `file:created` comes when an upload begins
 * (Guides events.mdx), before ingress knows the file's id. Ingress links the name first (`upload`) and, once the
 * upload is complete and the file is the run's, sends file:created again; this one is left alone. A name whose run
 * has moved past `received` is an older run's: the file is someone else's upload, e.g. a person's in the Space.
 */
async function uploadInFlight(deps: ListenerDeps, spaceId: string, name: string): Promise<boolean> {
  const runId = await deps.ledger.runIdFor('upload', uploadKey(spaceId, name));
  if (!runId || (await deps.ledger.getRun(runId))?.state !== 'received') return false;
  deps.telemetry.logger.info('file:created of an upload still in flight; its run takes it once the upload is complete', { runId, name });
  return true;
}

/** job:ready for one of our extraction jobs → the worker streams the file (heavy work never runs in the listener). */
export async function onExtractionReady(deps: ListenerDeps, feed: Feed, event: FlatfileEvent): Promise<void> {
  const operation = String(event.payload.operation);
  const format = operation.replace(/^extract-plugin-/, '') as FileFormat;
  const jobId = event.context.jobId as string;
  const runId = await deps.ledger.runIdFor('job', jobId);
  if (runId && !(await runAwaiting(deps, runId, ['uploaded', 'extracting'], 'job:ready extraction'))) return;
  const work: ExtractWork = {
    kind: 'extract',
    feed: feed.name,
    jobId,
    fileId: event.context.fileId as string,
    spaceId: event.context.spaceId as string,
    format,
    ...(runId ? { runId } : {}),
  };
  await sendJson(deps.sqs, deps.queues.work, work);
}
