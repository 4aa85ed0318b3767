import {
  MetricUnit,
  feedMetrics
} from "./chunk-2CKNA6YZ.js";
import {
  normalize,
  normalizeOptionsFor
} from "./chunk-ZVKV3OJC.js";
import {
  withRetry
} from "./chunk-QGABK3VI.js";
import {
  Ledger
} from "./chunk-LPDZMJC5.js";
import "./chunk-KBICBZ7T.js";
import "./chunk-LNUHMRFO.js";
import {
  feedForKey
} from "./chunk-MNF22CDU.js";
import {
  BadInputError
} from "./chunk-NP6IF4YY.js";
import "./chunk-7OHJ3NUU.js";

// shared/ingress/ingest.ts
import { GetObjectCommand } from "@aws-sdk/client-s3";

// shared/flatfile/feed-space.ts
var key = (feed) => ({ pk: `FEED#${feed}`, sk: "SPACE" });
async function ensureFeedSpace(api, ledger, feed, environmentId) {
  const { pk, sk } = key(feed.name);
  const known = await ledger.getValue(pk, sk);
  if (known && await stillExists(api, known)) return known;
  const { data: space } = await api.spaces.create({
    name: `flatfeed \xB7 ${feed.name}`,
    environmentId,
    metadata: { flatfeed: { feed: feed.name, description: feed.description ?? "" } }
  });
  const created = { spaceId: space.id };
  if (await ledger.replaceValue(pk, sk, created, known)) return created;
  await api.spaces.delete(space.id);
  const winner = await ledger.getValue(pk, sk);
  if (!winner) throw new Error(`feed ${feed.name}: space registration vanished`);
  return winner;
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

// shared/notify/reject-run.ts
async function rejectRun(deps, feed, runId, reason) {
  await deps.ledger.updateRun(runId, { state: "rejected", reason });
  deps.telemetry.logger.warn("file rejected", { feed, runId, reason });
  feedMetrics(deps.telemetry.metrics, feed, (m) => m.addMetric("FilesRejected", MetricUnit.Count, 1));
  const run = await deps.ledger.getRun(runId);
  await sendNotice(deps.sqs, deps.outboundQueueUrl, {
    feed,
    runId,
    sourceKey: run?.key ?? "",
    status: "rejected",
    reason,
    counts: run?.counts ?? {},
    objects: []
  });
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
  if (!feed) {
    const runId2 = Ledger.runIdOf(identity);
    await ledger.putRun({ runId: runId2, feed: UNROUTED_FEED, ...identity, state: "unrouted", reason: "no feed claims this key" });
    log.warn("object is not claimed by any feed; ignored", { bucket: obj.bucket, key: obj.key, runId: runId2 });
    feedMetrics(telemetry.metrics, UNROUTED_FEED, (m) => m.addMetric("FilesUnrouted", MetricUnit.Count, 1));
    return [{ kind: "unrouted", runId: runId2 }];
  }
  const lease = await ledger.claim(identity, deps.leaseSeconds);
  if (!lease.claimed) {
    log.info("duplicate delivery of an object already claimed; skipped", {
      feed: feed.name,
      runId: lease.runId,
      key: obj.key,
      state: lease.state
    });
    return [{ kind: "duplicate", runId: lease.runId, state: lease.state }];
  }
  const runId = lease.runId;
  const started = Date.now();
  const runLog = log.createChild({ persistentKeys: { feed: feed.name, runId, bucket: obj.bucket, key: obj.key } });
  const run = { ...deps, telemetry: { ...telemetry, logger: runLog } };
  feedMetrics(telemetry.metrics, feed.name, (m) => m.addMetric("FilesReceived", MetricUnit.Count, 1));
  await ledger.putRun({ runId, feed: feed.name, ...identity, ...version(obj), state: "received", bytesIn: obj.size });
  try {
    const outcomes = await withRetry(() => ingestClaimed(run, feed, obj, runId), {
      attempts: deps.retry?.attempts ?? 3,
      baseDelayMs: deps.retry?.baseDelayMs ?? 500,
      onRetry: (error, attempt, delayMs) => runLog.warn("transient failure; retrying", { attempt, delayMs, error })
    });
    await ledger.releaseClaim(runId, lease.owner, outcomes.some((o) => o.kind === "uploaded") ? "done" : "rejected");
    feedMetrics(telemetry.metrics, feed.name, (m) => m.addMetric("IngressSeconds", MetricUnit.Seconds, (Date.now() - started) / 1e3));
    return outcomes;
  } catch (e) {
    if (e instanceof BadInputError) {
      await rejectRun(run, feed.name, runId, `${e.reason}: ${e.message}`);
      await ledger.releaseClaim(runId, lease.owner, "rejected");
      return [{ kind: "rejected", runId, reason: e.reason }];
    }
    await ledger.abandonClaim(runId, lease.owner);
    throw e;
  }
}
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
        if (e instanceof BadInputError) await deps.ledger.updateRun(memberRun, { state: "rejected", reason: `${e.reason}: ${e.message}` });
        throw e;
      }
    }
  } finally {
    source.destroy();
  }
  if (outcomes.length > 0 && !outcomes.some((o) => o.runId === runId)) {
    await deps.ledger.updateRun(runId, { state: "expanded", outputs: outcomes.map((o) => o.runId) });
  }
  return outcomes;
}
async function memberRunOf(deps, feed, obj, file) {
  const member = file.name.slice(obj.key.length + 1) || file.name;
  const id = { bucket: obj.bucket, key: obj.key, etag: obj.etag, member };
  const runId = Ledger.runIdOf(id);
  await deps.ledger.putRun({ runId, feed: feed.name, ...id, ...version(obj), state: "received" });
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
  await deps.ledger.updateRun(runId, {
    state: "uploaded",
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
//# sourceMappingURL=ingest-XVB42B6S.js.map
