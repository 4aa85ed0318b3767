import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FlatfileApi } from '../flatfile/client.js';
import { pipeline, type Readable } from 'node:stream';
import { BadInputError, TransientError } from '../errors/index.js';
import { feedForKey, type Feed, type Manifest } from '../manifest/index.js';
import { UNROUTED_FEED, unroutedReason } from '../manifest/routing.js';
import { Ledger, uploadKey, type Run } from '../ledger/index.js';
import { enqueueEvents } from '../events/enqueue.js';
import type { EventEnvelope } from '../events/envelope.js';
import { normalize, type NormalizedFile, type NormalizeStats } from '../normalize/index.js';
import { normalizeOptionsFor } from './normalize-options.js';
import { ensureFeedSpace } from '../flatfile/feed-space.js';
import { uploadFileOnce, type UploadTarget } from '../flatfile/upload.js';
import { sendNotice } from '../notify/outbound.js';
import { errorCode, isAuthRefusal } from '../errors/classify.js';
import { doOnce, endRun, moveRun, recordError, reportProgress, runStep } from '../run/index.js';
import { byteCounter, throttled } from '../run/progress.js';
import { MetricUnit, feedMetrics, type Telemetry } from '../telemetry/index.js';
import { withRetry } from '../runtime/retry.js';
import type { DroppedObject } from './s3-records.js';
import { uploadBody, uploadName } from './upload-form.js';

export { UNROUTED_FEED } from '../manifest/routing.js';

export interface IngressDeps {
  manifest: Manifest;
  s3: S3Client;
  sqs: SQSClient;
  ledger: Ledger;
  flatfile: Pick<FlatfileApi, 'spaces'>;
  /** Token and base URL for the streamed upload, which bypasses the SDK. */
  connection: UploadTarget;
  environmentId: string;
  outboundQueueUrl: string;
  /** Where ingress hands the listener an upload's file:created once the upload is complete (uploadedEvent). */
  eventsQueueUrl: string;
  telemetry: Telemetry;
  /** How long a claim protects a run in progress; a crashed run can be taken over after it. */
  leaseSeconds: number;
  /** In-invocation retries of transient faults before SQS redelivery takes over. */
  retry?: { attempts: number; baseDelayMs: number };
  /** Minimum time between two reports of the upload's progress to the ledger. */
  progressEveryMs?: number;
}

export type IngressOutcome =
  | { kind: 'unrouted'; runId: string }
  | { kind: 'duplicate'; runId: string; state: string }
  | { kind: 'uploaded'; runId: string; fileId: string; spaceId: string }
  | { kind: 'rejected'; runId: string; reason: string }
  | { kind: 'failed'; runId: string; reason: string };

/**
 * Ingress of one dropped object: route it to its feed, create its run, and do the upload step once (shared/run/step):
 * stream the object through normalisation and upload each resulting file to the feed's Space. Bad files end
 * `rejected`, refused credentials end `failed` (both reported, never retried); transient faults are retried with
 * backoff and then rethrown for SQS to redeliver, the step's lease released so the redelivery proceeds at once.
 */
export async function ingestObject(deps: IngressDeps, obj: DroppedObject): Promise<IngressOutcome[]> {
  const { ledger, telemetry } = deps;
  const log = telemetry.logger;
  const feed = feedForKey(deps.manifest, obj.key);
  const identity = { bucket: obj.bucket, key: obj.key, etag: obj.etag };
  const runId = Ledger.runIdOf(identity);

  if (!feed) return [await unrouted(deps, obj, runId)];

  const created = await ledger.createRun({ runId, feed: feed.name, ...identity, ...version(obj), ...drop(obj), state: 'received', bytesIn: obj.size });
  if (!created) {
    const existing = await ledger.getRun(runId);
    if (existing && existing.state !== 'received') return [await duplicate(deps, existing, obj)];
  }
  // Records of one batch run side by side: each gets its own child logger, so their keys never mix.
  const runLog = log.createChild({ persistentKeys: { feed: feed.name, runId, bucket: obj.bucket, key: obj.key } });
  const run = { ...deps, telemetry: { ...telemetry, logger: runLog } };
  const started = Date.now();
  const step = await doOnce(ledger, runStep(runId, 'upload'), () => uploadStep(run, feed, obj, runId), { leaseSeconds: deps.leaseSeconds });
  // Held by another delivery: this one is not acknowledged but retried (SQS redelivery) until that upload is done
  // or its holder died and the lease ran out, so a crash mid-upload never loses the object (a dead holder's
  // delivery may come back before its lease ends, e.g. `flatfeed dev` restarted after kill -9).
  if (!step.ran && step.state === 'held') throw new TransientError(`the upload of run ${runId} is in progress in another delivery; retried until it finishes or its lease runs out`);
  if (!step.ran) {
    runLog.info('duplicate delivery of an object whose upload is done; skipped');
    return [{ kind: 'duplicate', runId, state: 'uploaded' }];
  }
  feedMetrics(telemetry.metrics, feed.name, (m) => m.addMetric('FilesReceived', MetricUnit.Count, 1));
  feedMetrics(telemetry.metrics, feed.name, (m) => m.addMetric('IngressSeconds', MetricUnit.Seconds, (Date.now() - started) / 1000));
  return step.value;
}

/**
 * An object no feed claims: a run of its own in the `(unrouted)` feed, ended `unrouted` with a reason that names the
 * feed prefix it most likely meant, a notice and a log line. The inbox's lifecycle rule expires the object later
 * (infra/topology.ts). A redelivered notification finds the run ended already and sends nothing again.
 */
async function unrouted(deps: IngressDeps, obj: DroppedObject, runId: string): Promise<IngressOutcome> {
  const identity = { bucket: obj.bucket, key: obj.key, etag: obj.etag };
  await deps.ledger.createRun({ runId, feed: UNROUTED_FEED, ...identity, ...version(obj), ...drop(obj), state: 'received', bytesIn: obj.size });
  const reason = unroutedReason(deps.manifest, obj.key);
  await endRun(endDeps(deps), runId, 'unrouted', reason);
  return { kind: 'unrouted', runId };
}

/** The upload step: bad input and refused credentials end the run here (the step is done); anything else is retried. */
async function uploadStep(deps: IngressDeps, feed: Feed, obj: DroppedObject, runId: string): Promise<IngressOutcome[]> {
  try {
    return await withRetry(() => ingestClaimed(deps, feed, obj, runId), {
      attempts: deps.retry?.attempts ?? 3,
      baseDelayMs: deps.retry?.baseDelayMs ?? 500,
      onRetry: (error, attempt, delayMs) => deps.telemetry.logger.warn('transient failure; retrying', { attempt, delayMs, error: error as Error }),
    });
  } catch (e) {
    if (e instanceof BadInputError) {
      const reason = `${e.reason}: ${e.message}`;
      await endRun(endDeps(deps), runId, 'rejected', reason);
      return [{ kind: 'rejected', runId, reason: e.reason }];
    }
    if (isAuthRefusal(e)) {
      const reason = `auth-refused: Flatfile refused the API key (${errorCode(e)}); check the flatfeed/flatfile-api-key secret (FLATFILE_API_KEY locally) and the environment id`;
      await recordError(deps.ledger, runId, 'received', errorCode(e), String((e as Error).message ?? e));
      await endRun(endDeps(deps), runId, 'failed', reason);
      return [{ kind: 'failed', runId, reason }];
    }
    await recordError(deps.ledger, runId, 'received', errorCode(e), String((e as Error)?.message ?? e));
    throw e;
  }
}

const endDeps = (d: IngressDeps) => ({ ledger: d.ledger, sqs: d.sqs, outboundQueueUrl: d.outboundQueueUrl, telemetry: d.telemetry });

/**
 * The same object again. A redelivered notification (same drop) is skipped quietly; a new drop of identical bytes
 * is the same run, so the person who dropped it learns which run it was and how to run it again.
 */
async function duplicate(deps: IngressDeps, run: Run, obj: DroppedObject): Promise<IngressOutcome> {
  const again = drop(obj).dropId !== undefined && drop(obj).dropId !== run.dropId;
  if (again) {
    const hint = `already processed as run ${run.runId} (${run.state}): the same bytes under the same key are the same run; to process them again, run flatfeed replay ${run.runId}`;
    deps.telemetry.logger.warn(`dropped again: ${hint}`, { feed: run.feed, runId: run.runId, key: run.key });
    await deps.ledger.updateRun(run.runId, { dropId: drop(obj).dropId! });
    await sendNotice(deps.sqs, deps.outboundQueueUrl, {
      feed: run.feed,
      runId: run.runId,
      sourceKey: run.key,
      status: run.state,
      counts: run.counts,
      objects: run.outputs ?? [],
      notes: [`the file was dropped again: ${hint}`],
    });
  }
  return { kind: 'duplicate', runId: run.runId, state: run.state };
}

/** What tells one drop of an object from another (S3's sequencer, else the version). */
const drop = (obj: DroppedObject): { dropId?: string } => {
  const id = obj.sequencer ?? obj.versionId;
  return id ? { dropId: id } : {};
};

const version = (obj: DroppedObject) => (obj.versionId ? { versionId: obj.versionId } : {});

async function ingestClaimed(deps: IngressDeps, feed: Feed, obj: DroppedObject, runId: string): Promise<IngressOutcome[]> {
  const limits = feed.format.limits;
  if (obj.size > limits.maxBytes) {
    throw new BadInputError('too-large', `"${obj.key}" is ${obj.size} bytes; feed "${feed.name}" accepts at most ${limits.maxBytes}`);
  }
  const { Body } = await deps.s3.send(
    new GetObjectCommand({ Bucket: obj.bucket, Key: obj.key, ...(obj.versionId ? { VersionId: obj.versionId } : {}) }),
  );
  const source = Body as Readable;
  // The upload stage's own progress: bytes of the dropped object read (and streamed on to Flatfile) of its size, in the
  // ledger while the run is `received`, for `flatfeed run --watch` and the dev/demo lines. Read bytes are the honest
  // measure: transcoding changes the size of what is sent, and the body is read only as fast as the upload takes it.
  // The last chunk is always reported: the platform may take a while to answer once it has every byte.
  const write = (done: number) => reportProgress(deps.ledger, runId, 'received', done, obj.size, 'bytes').catch(() => undefined);
  const report = throttled(deps.progressEveryMs ?? 2_000, write);
  const counted = pipeline(source, byteCounter((done) => void (done >= obj.size ? write(done) : report(done))), () => undefined);
  const outcomes: IngressOutcome[] = [];
  const members: MemberOutcome[] = [];
  const files = normalize(counted, obj.key, normalizeOptionsFor(feed));
  try {
    for await (const file of files) {
      if (file.name === obj.key) {
        outcomes.push(await uploadOne(deps, feed, obj, runId, file));
        continue;
      }
      members.push(await memberOutcome(deps, feed, obj, file));
    }
  } finally {
    source.destroy();
    counted.destroy();
  }
  if (members.length > 0) await endArchive(deps, runId, members);
  return [...outcomes, ...members.map((m) => m.outcome)];
}

interface MemberOutcome {
  member: string;
  outcome: IngressOutcome;
}

/**
 * One archive member, a run of its own: uploaded, or refused alone — a bad member never takes its archive or the
 * other members down with it.
 */
async function memberOutcome(deps: IngressDeps, feed: Feed, obj: DroppedObject, file: NormalizedFile): Promise<MemberOutcome> {
  const memberRun = await memberRunOf(deps, feed, obj, file);
  const member = file.name.slice(obj.key.length + 1) || file.name;
  const refuse = async (e: BadInputError): Promise<MemberOutcome> => {
    const reason = `${e.reason}: ${e.message}`;
    await endRun(endDeps(deps), memberRun, 'rejected', reason);
    return { member, outcome: { kind: 'rejected', runId: memberRun, reason } };
  };
  if (file.refused) return refuse(file.refused);
  try {
    return { member, outcome: await uploadOne(deps, feed, obj, memberRun, file) };
  } catch (e) {
    const bad = findBadInput(e);
    if (bad) return refuse(bad);
    throw e;
  }
}

/**
 * The archive's own run ends saying which members were delivered and which refused: `expanded` while any member was
 * delivered (a partner told "rejected" would resend, and the delivered records would arrive twice), `rejected` only
 * when every member was refused.
 */
async function endArchive(deps: IngressDeps, runId: string, members: MemberOutcome[]): Promise<void> {
  const delivered = members.filter((m) => m.outcome.kind === 'uploaded');
  const refused = members.filter((m) => m.outcome.kind === 'rejected');
  const list = (ms: MemberOutcome[], show: (m: MemberOutcome) => string) =>
    ms.slice(0, 10).map(show).join('; ') + (ms.length > 10 ? `; … ${ms.length - 10} more` : '');
  const parts = [
    `${delivered.length} of ${members.length} members delivered${delivered.length ? `: ${list(delivered, (m) => m.member)}` : ''}`,
    ...(refused.length ? [`${refused.length} refused: ${list(refused, (m) => `${m.member} (${(m.outcome as { reason: string }).reason})`)}`] : []),
  ];
  const outputs = members.map((m) => m.outcome.runId);
  if (delivered.length === 0) {
    await endRun(endDeps(deps), runId, 'rejected', `archive-refused: ${parts.join('; ')}`, { outputs });
    return;
  }
  await endRun(endDeps(deps), runId, 'expanded', `expanded: ${parts.join('; ')}`, { outputs });
}

/** Each zip member is a run of its own, traceable to the archive's key. */
async function memberRunOf(deps: IngressDeps, feed: Feed, obj: DroppedObject, file: NormalizedFile): Promise<string> {
  const member = file.name.slice(obj.key.length + 1) || file.name;
  const id = { bucket: obj.bucket, key: obj.key, etag: obj.etag, member };
  const runId = Ledger.runIdOf(id);
  await deps.ledger.createRun({ runId, feed: feed.name, ...id, ...version(obj), state: 'received' });
  return runId;
}

async function uploadOne(
  deps: IngressDeps,
  feed: Feed,
  obj: DroppedObject,
  runId: string,
  file: NormalizedFile,
): Promise<IngressOutcome> {
  if (!feed.format.accept.includes(file.format)) {
    file.body.destroy();
    throw new BadInputError(
      'unsupported-format',
      `"${file.name}" is ${file.format}; feed "${feed.name}" accepts ${feed.format.accept.join(', ')}`,
    );
  }
  const space = await ensureFeedSpace(deps.flatfile, deps.ledger, feed, deps.environmentId);
  const name = uploadName(file);
  // file:created comes when the upload begins, before its file id can be linked to the run: the listener learns
  // from this link that the file is this run's upload, still in flight, and leaves it alone (listener/extraction.ts).
  await deps.ledger.link('upload', uploadKey(space.spaceId, name), runId);
  let fileId: string;
  try {
    // Our own streamed upload: the SDK's files.upload buffers the whole body (see flatfile/upload.ts). No retries
    // inside: a stream cannot be replayed, so withRetry above re-reads the object instead.
    // Once, also when the response is lost after the platform stored the file (a file linked to no run is ours).
    const uploaded = await uploadFileOnce(
      deps.connection,
      { spaceId: space.spaceId, environmentId: deps.environmentId, name },
      uploadBody(file),
      async (id) => (await deps.ledger.runIdFor('file', id)) !== undefined,
    );
    fileId = uploaded.id;
  } catch (e) {
    // A body that failed mid-stream (truncated gzip, zip bomb) surfaces here, possibly as the cause of a socket error.
    throw findBadInput(e) ?? e;
  }
  const stats = file.stats();
  await deps.ledger.link('file', fileId, runId);
  await moveRun(deps.ledger, runId, 'uploaded', {
    spaceId: space.spaceId,
    fileId,
    bytesIn: stats.bytesIn,
    bytesOut: stats.bytesOut,
    ...(stats.rows !== undefined ? { counts: { rowsRead: stats.rows, ...(stats.blankRows ? { blankRows: stats.blankRows } : {}) } } : {}),
    ...(stats.warnings ? { warnings: stats.warnings } : {}),
    ...(stats.sourceRows ? { sourceRows: stats.sourceRows } : {}),
    ...sourceFormatOf(file, stats),
  });
  // Now that the file is the run's and whole, the listener gets its file:created again (it left the platform's alone).
  await enqueueEvents(deps.sqs, deps.eventsQueueUrl, [uploadedEvent(deps.environmentId, space.spaceId, fileId, runId)]);
  feedMetrics(deps.telemetry.metrics, feed.name, (m) => m.addMetric('BytesIngested', MetricUnit.Bytes, stats.bytesIn));
  const { sourceRows: _rows, ...logged } = stats;
  deps.telemetry.logger.info('uploaded to Flatfile', { fileId, spaceId: space.spaceId, name, ...logged });
  return { kind: 'uploaded', runId, fileId, spaceId: space.spaceId };
}

/** How the partner wrote a text file (delimiter, encoding, line end), for a rejects file in their layout. */
function sourceFormatOf(file: NormalizedFile, stats: NormalizeStats): Pick<Run, 'sourceFormat'> {
  const format = {
    ...(file.delimiter !== undefined ? { delimiter: file.delimiter } : {}),
    ...(file.sourceEncoding !== undefined ? { encoding: file.sourceEncoding } : {}),
    ...(stats.lineEnd !== undefined ? { lineEnd: stats.lineEnd } : {}),
  };
  return Object.keys(format).length > 0 ? { sourceFormat: format } : {};
}

/**
 * `file:created` of an upload that is complete and linked to its run, under an id of its own (a repeat of the upload
 * step sends the same id; FIFO deduplication and the listener's processOnce drop it).
 */
function uploadedEvent(environmentId: string, spaceId: string, fileId: string, runId: string): EventEnvelope {
  return {
    id: `uploaded-${runId}-${fileId}`,
    topic: 'file:created',
    domain: 'file',
    createdAt: new Date().toISOString(),
    context: { environmentId, spaceId, fileId },
    payload: {},
  };
}

function findBadInput(e: unknown, depth = 0): BadInputError | undefined {
  if (e instanceof BadInputError) return e;
  if (depth > 5 || typeof e !== 'object' || e === null) return undefined;
  return findBadInput((e as { cause?: unknown }).cause, depth + 1);
}


