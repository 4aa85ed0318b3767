import {
  MetricUnit,
  feedMetrics
} from "./chunk-2CKNA6YZ.js";
import {
  withRetry
} from "./chunk-QGABK3VI.js";
import {
  TransientError
} from "./chunk-NP6IF4YY.js";

// shared/pull/s3-client.ts
import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
function sourceS3Client(roleArn, sessionName, env = process.env) {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return new S3Client({
    forcePathStyle: endpoint !== void 0,
    ...roleArn ? { credentials: assumedRole(roleArn, sessionName) } : {}
  });
}
function assumedRole(roleArn, sessionName) {
  const sts = new STSClient({});
  return async () => {
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 900 }));
    const c = r.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...c.SessionToken ? { sessionToken: c.SessionToken } : {},
      ...c.Expiration ? { expiration: c.Expiration } : {}
    };
  };
}

// shared/runtime/secrets.ts
import { getSecret } from "@aws-lambda-powertools/parameters/secrets";
var SecretUnavailableError = class extends Error {
  name = "SecretUnavailableError";
};
async function resolveSecret(what, source) {
  if (source.value) return source.value;
  if (source.secretName) {
    const value = await getSecret(source.secretName, { maxAge: 300 });
    if (typeof value === "string" && value.length > 0) return value;
    throw new SecretUnavailableError(`${what}: secret "${source.secretName}" is empty or not a string`);
  }
  throw new SecretUnavailableError(`${what}: neither a value nor a secret name is configured`);
}

// shared/pull/errors.ts
var PullConfigError = class extends Error {
  constructor(problem, message, options) {
    super(message, options);
    this.problem = problem;
  }
  problem;
  name = "PullConfigError";
};
var isPullConfigError = (e) => e instanceof PullConfigError;

// shared/pull/secrets.ts
function pullSecret(name, env = process.env) {
  const value = env[pullSecretVar(name)];
  return resolveSecret(`pull secret "${name}"`, { ...value ? { value } : {}, secretName: name });
}
function pullSecretVar(name) {
  return `PULL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}
function secretJson(what, raw) {
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new PullConfigError("bad-config", `${what} is not valid JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new PullConfigError("bad-config", `${what} is not a JSON object`);
  return parsed;
}

// shared/pull/context.ts
function defaultPullDeps(o) {
  return {
    inbox: { s3: o.s3, bucket: o.inboxBucket },
    ledger: o.ledger,
    secret: (name) => pullSecret(name),
    sourceS3: (roleArn) => sourceS3Client(roleArn, "flatfeed-pull"),
    log: o.log,
    now: () => /* @__PURE__ */ new Date()
  };
}

// shared/pull/host-key.ts
import { createHash } from "node:crypto";
function hostKeyFingerprint(key) {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}
function sameFingerprint(pinned, presented) {
  return pinned.replace(/=+$/, "") === presented;
}

// shared/pull/inbox.ts
import { Upload } from "@aws-sdk/lib-storage";
async function putInbox(inbox, key, body, contentType) {
  const upload = new Upload({
    client: inbox.s3,
    params: { Bucket: inbox.bucket, Key: key, Body: body, ...contentType ? { ContentType: contentType } : {} }
  });
  await upload.done();
}

// shared/pull/memory.ts
var PullMemory = class {
  constructor(ledger, feed) {
    this.ledger = ledger;
    this.feed = feed;
  }
  ledger;
  feed;
  get(id) {
    return this.ledger.getValue(`PULL#${this.feed}`, id);
  }
  set(id, value) {
    return this.ledger.setValue(`PULL#${this.feed}`, id, value);
  }
  async seen(id) {
    return await this.get(id) !== void 0;
  }
};

// shared/pull/pull-https.ts
import { request } from "node:https";
import { basename } from "node:path";
var MAX_REDIRECTS = 3;
async function pullHttps(ctx, pull) {
  const report = { feed: ctx.feed, source: "https", copied: [], skipped: 0 };
  const memoryId = `https#${pull.url}`;
  const previous = await ctx.memory.get(memoryId) ?? {};
  const headers = {};
  if (pull.headersSecret) {
    for (const [k, v] of Object.entries(secretJson(`headers secret "${pull.headersSecret}"`, await ctx.secret(pull.headersSecret)))) {
      headers[k] = String(v);
    }
  }
  if (previous.etag) headers["if-none-match"] = previous.etag;
  if (previous.lastModified) headers["if-modified-since"] = previous.lastModified;
  const res = await get(new URL(pull.url), headers, ctx.httpsAgent);
  if (res.statusCode === 304) {
    res.resume();
    report.skipped++;
    return report;
  }
  const key = `${ctx.inboxPrefix}${dayOf(res, ctx.now())}/${fileName(res, pull.url)}`;
  await putInbox(ctx.inbox, key, res, res.headers["content-type"]);
  const validators = {
    ...res.headers.etag ? { etag: res.headers.etag } : {},
    ...res.headers["last-modified"] ? { lastModified: res.headers["last-modified"] } : {}
  };
  await ctx.memory.set(memoryId, validators);
  report.copied.push(key);
  return report;
}
async function get(url, headers, agent, hops = 0) {
  const res = await new Promise((resolve, reject) => {
    request(url, { method: "GET", headers, ...agent ? { agent } : {} }, resolve).on("error", reject).end();
  });
  const status = res.statusCode ?? 0;
  if (status === 200 || status === 304) return res;
  res.resume();
  const location = res.headers.location;
  if ([301, 302, 303, 307, 308].includes(status) && location && hops < MAX_REDIRECTS) {
    const next = new URL(location, url);
    if (next.protocol !== "https:") throw new PullConfigError("bad-config", `https source ${safe(url)} redirects to non-https ${safe(next)}`);
    return get(next, next.host === url.host ? headers : {}, agent, hops + 1);
  }
  const what = `https source ${safe(url)} answered ${status}`;
  if (status === 408 || status === 429 || status >= 500) throw new TransientError(what);
  if (status === 401) throw new PullConfigError("auth", `${what}: check the headers secret`);
  if (status === 403) throw new PullConfigError("forbidden", what);
  if (status === 404 || status === 410) throw new PullConfigError("not-found", `${what}: check the URL`);
  throw new PullConfigError("bad-config", what);
}
function safe(url) {
  return `${url.origin}${url.pathname}`;
}
function fileName(res, url) {
  const disposition = res.headers["content-disposition"] ?? "";
  const star = /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1];
  let name = star ? safeDecode(star) : plain ?? basename(new URL(url).pathname);
  name = basename(name.replace(/\\/g, "/")).replace(/[^A-Za-z0-9._-]/g, "_");
  return name && name !== "." && name !== ".." ? name : "download";
}
function safeDecode(s) {
  try {
    return decodeURIComponent(s.trim());
  } catch {
    return s.trim();
  }
}
function dayOf(res, now) {
  const modified = res.headers["last-modified"] ? new Date(res.headers["last-modified"]) : void 0;
  return (modified && !Number.isNaN(modified.getTime()) ? modified : now).toISOString().slice(0, 10);
}

// shared/pull/pull-s3.ts
import { GetObjectCommand, paginateListObjectsV2 } from "@aws-sdk/client-s3";
var MISCONFIGURED = {
  AccessDenied: "forbidden",
  InvalidAccessKeyId: "auth",
  SignatureDoesNotMatch: "auth",
  ExpiredToken: "auth",
  NoSuchBucket: "not-found",
  PermanentRedirect: "bad-config"
};
async function pullS3(ctx, pull) {
  const report = { feed: ctx.feed, source: "s3", copied: [], skipped: 0 };
  const s3 = ctx.sourceS3(pull.roleArn);
  try {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: pull.bucket, Prefix: pull.prefix })) {
      for (const obj of page.Contents ?? []) {
        if (!obj.Key || obj.Key.endsWith("/")) continue;
        const id = `s3#${pull.bucket}/${obj.Key}#${obj.ETag ?? ""}`;
        if (await ctx.memory.seen(id)) {
          report.skipped++;
          continue;
        }
        const got = await s3.send(new GetObjectCommand({ Bucket: pull.bucket, Key: obj.Key }));
        const key = `${ctx.inboxPrefix}${obj.Key.slice(pull.prefix.length)}`;
        await putInbox(ctx.inbox, key, got.Body, got.ContentType);
        await ctx.memory.set(id, { copiedAt: ctx.now().toISOString(), inboxKey: key });
        report.copied.push(key);
      }
    }
  } catch (e) {
    const problem = MISCONFIGURED[e.name ?? ""];
    if (problem) throw new PullConfigError(problem, `s3 source s3://${pull.bucket}/${pull.prefix}: ${e.name}${pull.roleArn ? ` (via ${pull.roleArn})` : ""}`, { cause: e });
    throw e;
  }
  return report;
}

// shared/pull/pull-sftp.ts
import SftpClient from "ssh2-sftp-client";
async function pullSftp(ctx, pull) {
  if (pull.afterPickup === "move" && !pull.moveTo) {
    throw new PullConfigError("bad-config", `sftp source ${pull.host}: afterPickup "move" needs moveTo`);
  }
  const report = { feed: ctx.feed, source: "sftp", copied: [], skipped: 0 };
  const sftp = await connect(ctx, pull);
  try {
    const pattern = pull.pattern ? new RegExp(pull.pattern, "u") : void 0;
    const files = (await sftp.list(pull.path)).filter((f) => f.type === "-" && (!pattern || pattern.test(f.name)));
    for (const file of files) {
      const remote = `${pull.path.replace(/\/+$/, "")}/${file.name}`;
      const id = `sftp#${pull.host}:${pull.port}${remote}#${file.size}:${file.modifyTime}`;
      if (pull.afterPickup === "remember" && await ctx.memory.seen(id)) {
        report.skipped++;
        continue;
      }
      const key = `${ctx.inboxPrefix}${file.name}`;
      await putInbox(ctx.inbox, key, sftp.createReadStream(remote));
      if (pull.afterPickup === "move") await sftp.rename(remote, `${pull.moveTo.replace(/\/+$/, "")}/${file.name}`);
      else await ctx.memory.set(id, { copiedAt: ctx.now().toISOString(), inboxKey: key });
      report.copied.push(key);
    }
  } finally {
    await sftp.end().catch(() => void 0);
  }
  return report;
}
async function connect(ctx, pull) {
  const secret = secretJson(`credentials secret "${pull.credentialsSecret}"`, await ctx.secret(pull.credentialsSecret));
  const auth = typeof secret.privateKey === "string" ? { privateKey: secret.privateKey, ...typeof secret.passphrase === "string" ? { passphrase: secret.passphrase } : {} } : typeof secret.password === "string" ? { password: secret.password } : void 0;
  if (!auth) throw new PullConfigError("bad-config", `credentials secret "${pull.credentialsSecret}" has neither "password" nor "privateKey"`);
  let presented;
  const sftp = new SftpClient(`flatfeed-${ctx.feed}`);
  try {
    await sftp.connect({
      host: pull.host,
      port: pull.port,
      username: pull.username,
      ...auth,
      readyTimeout: ctx.sftpReadyTimeoutMs ?? 2e4,
      hostVerifier: (key) => {
        presented = hostKeyFingerprint(key);
        return sameFingerprint(pull.hostKey, presented);
      }
    });
    return sftp;
  } catch (e) {
    await sftp.end().catch(() => void 0);
    const where = `sftp source ${pull.username}@${pull.host}:${pull.port}`;
    if (presented !== void 0 && !sameFingerprint(pull.hostKey, presented)) {
      throw new PullConfigError("host-key", `${where}: host key ${presented} does not match the pinned ${pull.hostKey}; refusing to connect`, { cause: e });
    }
    const message = e.message;
    if (/authentication methods failed/i.test(message)) throw new PullConfigError("auth", `${where}: authentication failed; check the credentials secret`, { cause: e });
    if (/timed out/i.test(message)) throw new TransientError(`${where}: ${message}`, { cause: e });
    throw e;
  }
}

// shared/pull/pull-feed.ts
async function pullFeed(deps, manifest, feedName, retry = { attempts: 4, baseDelayMs: 1e3 }) {
  const feed = manifest.feeds.find((f) => f.name === feedName);
  if (!feed) throw new PullConfigError("bad-config", `no feed "${feedName}" in the manifest`);
  const pull = feed.source.pull;
  if (!pull) throw new PullConfigError("bad-config", `feed "${feedName}" has no source.pull`);
  const ctx = { ...deps, feed: feed.name, inboxPrefix: feed.source.inboxPrefix, memory: new PullMemory(deps.ledger, feed.name) };
  return withRetry(
    () => {
      switch (pull.type) {
        case "s3":
          return pullS3(ctx, pull);
        case "https":
          return pullHttps(ctx, pull);
        case "sftp":
          return pullSftp(ctx, pull);
      }
    },
    {
      ...retry,
      onRetry: (error, attempt, delayMs) => deps.log.warn("pull failed; retrying", { feed: feed.name, source: pull.type, attempt, delayMs, error: String(error) })
    }
  );
}

// shared/telemetry/metric-names.ts
var FEED_METRICS = {
  FilesReceived: { unit: "Count", service: "ingress", description: "a file was claimed for a run" },
  FilesRejected: { unit: "Count", service: ["ingress", "worker"], description: "a file was rejected terminally (format, size, content)" },
  RunsNeedingReview: { unit: "Count", service: "listener", description: "a mapping was handed to a person" },
  RecordsRead: { unit: "Count", service: "listener", description: "records extracted, counted when mapping starts" },
  RecordsValid: { unit: "Count", service: "egress", description: "valid records, counted when the run closes" },
  RecordsInvalid: { unit: "Count", service: "egress", description: "invalid records, counted when the run closes" },
  RecordsEgressed: { unit: "Count", service: "egress", description: "records written to the outbox" },
  RunsMismatched: { unit: "Count", service: "egress", description: "a closed run whose counts do not reconcile" },
  IngressSeconds: { unit: "Seconds", service: "ingress", description: "inbox object to Flatfile upload" },
  ExtractSeconds: { unit: "Seconds", service: "worker", description: "extraction job duration" },
  EgressSeconds: { unit: "Seconds", service: "egress", description: "egress job duration" },
  FeedStale: { unit: "Count", service: "cron-feed", description: "1 if no file arrived by cadence + grace, else 0" },
  MinutesSinceLastFile: { unit: "Count", service: "cron-feed", description: "minutes since the feed last got a file" },
  FilesPulled: { unit: "Count", service: "cron-feed", description: "files a scheduled pull copied into the inbox" },
  PullMisconfigured: { unit: "Count", service: "cron-feed", description: "a scheduled pull failed on auth, host key or a missing source" }
};
var METRIC_NAMES = Object.fromEntries(Object.keys(FEED_METRICS).map((n) => [n, n]));

// shared/pull/scheduled.ts
async function runScheduledPull(deps, manifest, feed, telemetry, retry) {
  try {
    const report = await pullFeed(deps, manifest, feed, retry);
    feedMetrics(telemetry.metrics, feed, (m) => m.addMetric(METRIC_NAMES.FilesPulled, MetricUnit.Count, report.copied.length));
    telemetry.logger.info("pulled", { ...report });
    return { ok: true, report };
  } catch (e) {
    if (!isPullConfigError(e)) throw e;
    feedMetrics(telemetry.metrics, feed, (m) => m.addMetric(METRIC_NAMES.PullMisconfigured, MetricUnit.Count, 1));
    telemetry.logger.error("pull source is misconfigured; not retrying", { feed, problem: e.problem, error: e.message });
    return { ok: false, feed, problem: e.problem, message: e.message };
  }
}
export {
  PullConfigError,
  PullMemory,
  defaultPullDeps,
  hostKeyFingerprint,
  isPullConfigError,
  pullFeed,
  pullSecret,
  pullSecretVar,
  putInbox,
  runScheduledPull,
  sourceS3Client
};
//# sourceMappingURL=pull-AQXVY7LI.js.map
