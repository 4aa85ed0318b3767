import {
  MetricUnit,
  feedMetrics
} from "./chunk-2CKNA6YZ.js";
import {
  normalize,
  normalizeOptionsFor
} from "./chunk-ZVKV3OJC.js";
import {
  errorCode,
  isAuthRefusal,
  withRetry
} from "./chunk-GDEB4I5J.js";
import {
  Ledger
} from "./chunk-A24VEB3K.js";
import {
  canMove,
  isStage,
  isTerminal
} from "./chunk-5YJFGHFQ.js";
import "./chunk-KBICBZ7T.js";
import "./chunk-LNUHMRFO.js";
import {
  feedForKey
} from "./chunk-MNF22CDU.js";
import {
  BadInputError,
  TransientError
} from "./chunk-NP6IF4YY.js";
import "./chunk-7OHJ3NUU.js";

// shared/ingress/ingest.ts
import { GetObjectCommand } from "@aws-sdk/client-s3";

// shared/run/step.ts
import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
var runStep = (runId, step2) => ({ pk: `RUN#${runId}`, sk: `STEP#${step2}` });
async function doOnce(ledger, key, fn, options) {
  const owner = randomUUID();
  const taken = await take(ledger, key, owner, options);
  if (taken !== true) return taken;
  let value;
  try {
    value = await fn();
  } catch (e) {
    await release(ledger, key, owner).catch(() => void 0);
    throw e;
  }
  await complete(ledger, key, owner, value, options.keepDays);
  return { ran: true, value };
}
async function stepState(ledger, key) {
  const r = await ledger.db.send(new GetCommand({ TableName: ledger.table, Key: key, ConsistentRead: true }));
  if (!r.Item) return void 0;
  return { state: r.Item.state, value: r.Item.value, ...r.Item.leaseUntil ? { leaseUntil: r.Item.leaseUntil } : {} };
}
async function forgetStep(ledger, key) {
  await ledger.db.send(new DeleteCommand({ TableName: ledger.table, Key: key }));
}
async function take(ledger, key, owner, options) {
  const now = ledger.now().getTime();
  try {
    await ledger.db.send(
      new PutCommand({
        TableName: ledger.table,
        Item: { ...key, state: "held", owner, leaseUntil: now + options.leaseSeconds * 1e3, takenAt: new Date(now).toISOString() },
        ConditionExpression: "attribute_not_exists(pk) OR (#s = :held AND leaseUntil < :now)",
        ExpressionAttributeNames: { "#s": "state" },
        ExpressionAttributeValues: { ":held": "held", ":now": now }
      })
    );
    return true;
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
    const existing = await stepState(ledger, key);
    if (existing?.state === "done") return { ran: false, state: "done", value: existing.value };
    return { ran: false, state: "held" };
  }
}
async function complete(ledger, key, owner, value, keepDays) {
  const at = ledger.now();
  try {
    await ledger.db.send(
      new UpdateCommand({
        TableName: ledger.table,
        Key: key,
        UpdateExpression: `SET #s = :done, doneAt = :at, #v = :v${keepDays === void 0 ? "" : ", expiresAt = :exp"} REMOVE leaseUntil`,
        ConditionExpression: "#o = :owner",
        ExpressionAttributeNames: { "#s": "state", "#o": "owner", "#v": "value" },
        ExpressionAttributeValues: {
          ":done": "done",
          ":at": at.toISOString(),
          ":v": value ?? null,
          ":owner": owner,
          ...keepDays === void 0 ? {} : { ":exp": Math.floor(at.getTime() / 1e3) + keepDays * 86400 }
        }
      })
    );
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  }
}
async function release(ledger, key, owner) {
  try {
    await ledger.db.send(
      new DeleteCommand({
        TableName: ledger.table,
        Key: key,
        ConditionExpression: "#s = :held AND #o = :owner",
        ExpressionAttributeNames: { "#s": "state", "#o": "owner" },
        ExpressionAttributeValues: { ":held": "held", ":owner": owner }
      })
    );
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  }
}

// shared/flatfile/feed-space.ts
var step = (feed) => ({ pk: `FEED#${feed}`, sk: "STEP#space" });
var LEASE_SECONDS = 60;
async function ensureFeedSpace(api, ledger, feed, environmentId) {
  for (let round = 0; round < 2; round++) {
    const outcome = await doOnce(
      ledger,
      step(feed.name),
      async () => {
        const { data: space } = await api.spaces.create({
          name: `flatfeed \xB7 ${feed.name}`,
          environmentId,
          metadata: { flatfeed: { feed: feed.name, description: feed.description ?? "" } }
        });
        return { spaceId: space.id };
      },
      { leaseSeconds: LEASE_SECONDS }
    );
    if (outcome.ran) return outcome.value;
    if (outcome.state === "held") throw new TransientError(`feed ${feed.name}: its Space is being created by another run`);
    if (await stillExists(api, outcome.value)) return outcome.value;
    await forgetStep(ledger, step(feed.name));
  }
  throw new TransientError(`feed ${feed.name}: its Space was deleted while being recreated`);
}
async function stillExists(api, s) {
  try {
    await api.spaces.get(s.spaceId);
    return true;
  } catch (e) {
    if (e.statusCode === 404) return false;
    throw e;
  }
}

// shared/flatfile/upload.ts
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
var UploadError = class extends Error {
  constructor(message, statusCode, options) {
    super(message, options);
    this.statusCode = statusCode;
  }
  statusCode;
  name = "UploadError";
};
var PRODUCTION = "https://platform.flatfile.com/api";
async function uploadFile(target, request, body) {
  const boundary = `----flatfeed${randomBytes(12).toString("hex")}`;
  const field = (name, value) => `--${boundary}\r
Content-Disposition: form-data; name="${name}"\r
\r
${value}\r
`;
  const head = field("spaceId", request.spaceId) + field("environmentId", request.environmentId) + field("mode", request.mode ?? "import") + `--${boundary}\r
Content-Disposition: form-data; name="file"; filename="${quoteName(request.name)}"\r
Content-Type: application/octet-stream\r
\r
`;
  const tail = `\r
--${boundary}--\r
`;
  const url = new URL(`${(target.apiUrl ?? PRODUCTION).replace(/\/+$/, "")}/v1/files`);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const req = send(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${target.token}`,
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "transfer-encoding": "chunked"
    }
  });
  const response = new Promise((resolve, reject) => {
    req.once("response", resolve);
    req.once("error", reject);
  });
  response.catch(() => void 0);
  async function* parts() {
    yield Buffer.from(head);
    for await (const chunk of body) yield chunk;
    yield Buffer.from(tail);
  }
  try {
    await pipeline(Readable.from(parts(), { objectMode: false }), req);
  } catch (e) {
    req.destroy();
    throw body.errored ?? e;
  }
  const res = await response;
  const text = await textOf(res);
  if (!res.statusCode || res.statusCode >= 300) {
    throw new UploadError(`upload of "${request.name}" failed: HTTP ${res.statusCode} ${text.slice(0, 300)}`, res.statusCode);
  }
  return JSON.parse(text).data;
}
async function textOf(res) {
  const chunks = [];
  for await (const c of res) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}
function quoteName(name) {
  return name.replace(/[\r\n]/g, " ").replace(/"/g, "%22");
}

// shared/notify/outbound.ts
import { SendMessageCommand } from "@aws-sdk/client-sqs";
async function sendNotice(sqs, queueUrl, notice) {
  const body = { type: "flatfeed.run", ...notice, at: (/* @__PURE__ */ new Date()).toISOString() };
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(body),
      MessageAttributes: {
        feed: { DataType: "String", StringValue: notice.feed },
        status: { DataType: "String", StringValue: notice.status }
      }
    })
  );
}

// shared/run/transition.ts
async function moveRun(ledger, runId, to, changes = {}) {
  for (let round = 0; round < 5; round++) {
    const run2 = await ledger.getRun(runId);
    if (!run2) return { moved: false, state: void 0 };
    if (!canMove(run2.state, to)) return { moved: false, state: run2.state, run: run2 };
    const at = ledger.now().toISOString();
    const stages = { ...run2.stages };
    if (isStage(run2.state)) stages[run2.state] = { ...stages[run2.state] ?? { startedAt: run2.createdAt }, endedAt: at };
    if (isStage(to)) stages[to] = { startedAt: at };
    const stageKeys = isStage(to) ? { activeStage: to, progressAt: at } : {};
    const moved = await ledger.updateRun(
      runId,
      { ...changes, ...stageKeys, state: to, stages },
      { ifState: [run2.state], remove: isTerminal(to) ? ["activeStage"] : [] }
    );
    if (moved) {
      const { counts, ...rest } = changes;
      return { moved: true, from: run2.state, run: { ...run2, ...rest, ...stageKeys, counts: { ...run2.counts, ...counts }, state: to, stages, updatedAt: at } };
    }
  }
  const run = await ledger.getRun(runId);
  return { moved: false, state: run?.state, ...run ? { run } : {} };
}
async function recordError(ledger, runId, stage, code, message) {
  await ledger.updateRun(runId, { lastError: { at: ledger.now().toISOString(), stage, code, message: message.slice(0, 1e3) } }).catch(() => void 0);
}

// shared/run/end.ts
var METRIC = {
  rejected: "FilesRejected",
  failed: "RunsFailed",
  stalled: "RunsStalled",
  "needs-review": "RunsNeedingReview"
};
async function endRun(deps, runId, state, reason, changes = {}) {
  const result = await moveRun(deps.ledger, runId, state, { ...changes, reason });
  if (!result.moved) {
    deps.telemetry.logger.info("run not ended: it is elsewhere already", { runId, wanted: state, state: result.state });
    return result;
  }
  const run = result.run;
  const log = state === "failed" || state === "stalled" ? "error" : "warn";
  deps.telemetry.logger[log](`run ${state}`, { feed: run.feed, runId, reason });
  const metric = METRIC[state];
  if (metric) feedMetrics(deps.telemetry.metrics, run.feed, (m) => m.addMetric(metric, MetricUnit.Count, 1));
  await sendNotice(deps.sqs, deps.outboundQueueUrl, {
    feed: run.feed,
    runId,
    sourceKey: run.key,
    status: state,
    reason,
    ...run.missingFields?.length ? { missingFields: run.missingFields } : {},
    counts: run.counts,
    objects: []
  });
  return result;
}

// shared/ingress/upload-form.ts
import { pipeline as pipeline2 } from "node:stream/promises";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify";
function uploadName(file) {
  const flat = file.name.replace(/^\/+/, "").replaceAll("/", "__");
  const base = flat.replace(/\.(gz|gzip)$/i, "").replace(/\.(csv|tsv|psv|txt|dat|json|jsonl|ndjson|xml|xlsx|xls)$/i, "");
  return `${base}.${extensionOf(file)}`;
}
function extensionOf(file) {
  switch (file.format) {
    case "csv":
      return "csv";
    case "tsv":
      return "tsv";
    case "psv":
      return "psv";
    case "fixed":
      return "txt";
    default:
      return file.format;
  }
}
function uploadBody(file) {
  const d = file.delimiter;
  if (file.format !== "csv" || d === void 0 || d === ",") return file.body;
  const out = stringify({ quoted_match: /["\n,]/ });
  pipeline2(file.body, parse({ delimiter: d, relax_column_count: true, bom: false }), out).catch(
    (e) => out.destroy(e)
  );
  return out;
}

// shared/ingress/ingest.ts
var UNROUTED_FEED = "(unrouted)";
async function ingestObject(deps, obj) {
  const { ledger, telemetry } = deps;
  const log = telemetry.logger;
  const feed = feedForKey(deps.manifest, obj.key);
  const identity = { bucket: obj.bucket, key: obj.key, etag: obj.etag };
  const runId = Ledger.runIdOf(identity);
  if (!feed) {
    await ledger.createRun({ runId, feed: UNROUTED_FEED, ...identity, state: "unrouted", reason: "no feed claims this key" });
    log.warn("object is not claimed by any feed; ignored", { bucket: obj.bucket, key: obj.key, runId });
    feedMetrics(telemetry.metrics, UNROUTED_FEED, (m) => m.addMetric("FilesUnrouted", MetricUnit.Count, 1));
    return [{ kind: "unrouted", runId }];
  }
  const created = await ledger.createRun({ runId, feed: feed.name, ...identity, ...version(obj), ...drop(obj), state: "received", bytesIn: obj.size });
  if (!created) {
    const existing = await ledger.getRun(runId);
    if (existing && existing.state !== "received") return [await duplicate(deps, existing, obj)];
  }
  const runLog = log.createChild({ persistentKeys: { feed: feed.name, runId, bucket: obj.bucket, key: obj.key } });
  const run = { ...deps, telemetry: { ...telemetry, logger: runLog } };
  const started = Date.now();
  const step2 = await doOnce(ledger, runStep(runId, "upload"), () => uploadStep(run, feed, obj, runId), { leaseSeconds: deps.leaseSeconds });
  if (!step2.ran) {
    runLog.info("duplicate delivery of an object whose upload is done or in progress; skipped", { step: step2.state });
    return [{ kind: "duplicate", runId, state: step2.state === "done" ? "uploaded" : "received" }];
  }
  feedMetrics(telemetry.metrics, feed.name, (m) => m.addMetric("FilesReceived", MetricUnit.Count, 1));
  feedMetrics(telemetry.metrics, feed.name, (m) => m.addMetric("IngressSeconds", MetricUnit.Seconds, (Date.now() - started) / 1e3));
  return step2.value;
}
async function uploadStep(deps, feed, obj, runId) {
  try {
    return await withRetry(() => ingestClaimed(deps, feed, obj, runId), {
      attempts: deps.retry?.attempts ?? 3,
      baseDelayMs: deps.retry?.baseDelayMs ?? 500,
      onRetry: (error, attempt, delayMs) => deps.telemetry.logger.warn("transient failure; retrying", { attempt, delayMs, error })
    });
  } catch (e) {
    if (e instanceof BadInputError) {
      const reason = `${e.reason}: ${e.message}`;
      await endRun(endDeps(deps), runId, "rejected", reason);
      return [{ kind: "rejected", runId, reason: e.reason }];
    }
    if (isAuthRefusal(e)) {
      const reason = `auth-refused: Flatfile refused the API key (${errorCode(e)}); check the flatfeed/flatfile-api-key secret (FLATFILE_API_KEY locally) and the environment id`;
      await recordError(deps.ledger, runId, "received", errorCode(e), String(e.message ?? e));
      await endRun(endDeps(deps), runId, "failed", reason);
      return [{ kind: "failed", runId, reason }];
    }
    await recordError(deps.ledger, runId, "received", errorCode(e), String(e?.message ?? e));
    throw e;
  }
}
var endDeps = (d) => ({ ledger: d.ledger, sqs: d.sqs, outboundQueueUrl: d.outboundQueueUrl, telemetry: d.telemetry });
async function duplicate(deps, run, obj) {
  const again = drop(obj).dropId !== void 0 && drop(obj).dropId !== run.dropId;
  if (again) {
    const hint = `already processed as run ${run.runId} (${run.state}); to process it again: flatfeed replay ${run.runId} --from received`;
    deps.telemetry.logger.warn(`dropped again: ${hint}`, { feed: run.feed, runId: run.runId, key: run.key });
    await deps.ledger.updateRun(run.runId, { dropId: drop(obj).dropId });
    await sendNotice(deps.sqs, deps.outboundQueueUrl, {
      feed: run.feed,
      runId: run.runId,
      sourceKey: run.key,
      status: run.state,
      counts: run.counts,
      objects: run.outputs ?? [],
      notes: [`the file was dropped again: ${hint}`]
    });
  }
  return { kind: "duplicate", runId: run.runId, state: run.state };
}
var drop = (obj) => {
  const id = obj.sequencer ?? obj.versionId;
  return id ? { dropId: id } : {};
};
var version = (obj) => obj.versionId ? { versionId: obj.versionId } : {};
async function ingestClaimed(deps, feed, obj, runId) {
  const limits = feed.format.limits;
  if (obj.size > limits.maxBytes) {
    throw new BadInputError("too-large", `"${obj.key}" is ${obj.size} bytes; feed "${feed.name}" accepts at most ${limits.maxBytes}`);
  }
  const { Body } = await deps.s3.send(
    new GetObjectCommand({ Bucket: obj.bucket, Key: obj.key, ...obj.versionId ? { VersionId: obj.versionId } : {} })
  );
  const source = Body;
  const outcomes = [];
  const files = normalize(source, obj.key, normalizeOptionsFor(feed));
  try {
    for await (const file of files) {
      if (file.name === obj.key) {
        outcomes.push(await uploadOne(deps, feed, obj, runId, file));
        continue;
      }
      const memberRun = await memberRunOf(deps, feed, obj, file);
      try {
        outcomes.push(await uploadOne(deps, feed, obj, memberRun, file));
      } catch (e) {
        if (e instanceof BadInputError) await endRun(endDeps(deps), memberRun, "rejected", `${e.reason}: ${e.message}`);
        throw e;
      }
    }
  } finally {
    source.destroy();
  }
  if (outcomes.length > 0 && !outcomes.some((o) => o.runId === runId)) {
    await moveRun(deps.ledger, runId, "expanded", { outputs: outcomes.map((o) => o.runId) });
  }
  return outcomes;
}
async function memberRunOf(deps, feed, obj, file) {
  const member = file.name.slice(obj.key.length + 1) || file.name;
  const id = { bucket: obj.bucket, key: obj.key, etag: obj.etag, member };
  const runId = Ledger.runIdOf(id);
  await deps.ledger.createRun({ runId, feed: feed.name, ...id, ...version(obj), state: "received" });
  return runId;
}
async function uploadOne(deps, feed, obj, runId, file) {
  if (!feed.format.accept.includes(file.format)) {
    file.body.destroy();
    throw new BadInputError(
      "unsupported-format",
      `"${file.name}" is ${file.format}; feed "${feed.name}" accepts ${feed.format.accept.join(", ")}`
    );
  }
  const space = await ensureFeedSpace(deps.flatfile, deps.ledger, feed, deps.environmentId);
  const name = uploadName(file);
  let fileId;
  try {
    const uploaded = await uploadFile(
      deps.connection,
      { spaceId: space.spaceId, environmentId: deps.environmentId, name },
      uploadBody(file)
    );
    fileId = uploaded.id;
  } catch (e) {
    throw findBadInput(e) ?? e;
  }
  const stats = file.stats();
  await deps.ledger.link("file", fileId, runId);
  await moveRun(deps.ledger, runId, "uploaded", {
    spaceId: space.spaceId,
    fileId,
    bytesIn: stats.bytesIn,
    bytesOut: stats.bytesOut,
    ...stats.rows !== void 0 ? { counts: { rowsRead: stats.rows } } : {}
  });
  feedMetrics(deps.telemetry.metrics, feed.name, (m) => m.addMetric("BytesIngested", MetricUnit.Bytes, stats.bytesIn));
  deps.telemetry.logger.info("uploaded to Flatfile", { fileId, spaceId: space.spaceId, name, ...stats });
  return { kind: "uploaded", runId, fileId, spaceId: space.spaceId };
}
function findBadInput(e, depth = 0) {
  if (e instanceof BadInputError) return e;
  if (depth > 5 || typeof e !== "object" || e === null) return void 0;
  return findBadInput(e.cause, depth + 1);
}
export {
  UNROUTED_FEED,
  ingestObject
};
//# sourceMappingURL=ingest-Z63E7Y6T.js.map
