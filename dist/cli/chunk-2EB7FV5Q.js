import {
  NATIVE_DELIMITERS,
  compileSchema,
  extractDelimited,
  hasError,
  planMapping,
  uniqueKey
} from "./chunk-7KWDS5G2.js";

// emulator/server.ts
import { createServer } from "node:http";
import { join as join3 } from "node:path";

// emulator/errors.ts
var ApiError = class extends Error {
  constructor(status, message, key) {
    super(message);
    this.status = status;
    this.key = key;
  }
  status;
  key;
};
var badRequest = (message, key) => new ApiError(400, message, key);
var notFound = (kind, id, key) => new ApiError(404, `${kind} ${id} not found`, key);

// emulator/faults.ts
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
var FaultInjector = class {
  constructor(options) {
    this.options = options;
    this.random = options.seed === void 0 ? Math.random : prng(options.seed);
  }
  options;
  random;
  /** The faults to apply to one request, latency first. */
  draw(route) {
    const rules = [this.options.routes[route], this.options.routes["*"]].filter((r) => !!r);
    const out = [];
    for (const r of rules) {
      if (r.latency && this.random() < r.latency) out.push({ kind: "latency", ms: r.latencyMs ?? 250 });
      if (r.drop && this.random() < r.drop) out.push({ kind: "drop" });
      else if (r.throttle && this.random() < r.throttle) out.push({ kind: "throttle" });
      else if (r.error && this.random() < r.error) out.push({ kind: "error" });
    }
    return out;
  }
};

// emulator/ids.ts
import { randomBytes } from "node:crypto";
var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function newId(kind, length = 8) {
  const bytes = randomBytes(length);
  let out = `us_${kind}_`;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}
function idTail(id) {
  return id.slice(id.lastIndexOf("_") + 1);
}

// emulator/writes.ts
var COMMIT_SLICE = 1e4;
var RecordWriter = class {
  constructor(state) {
    this.state = state;
  }
  state;
  /** Inserts records, as objects of cells or read column-wise from the body (`RecordTable.parseInsert`). */
  insert(sheet, records, opts) {
    const table = this.state.table(sheet.id);
    const count = Array.isArray(records) ? records.length : records.count;
    const all = new Int32Array(count);
    let commitId;
    for (let at = 0; at < count; at += COMMIT_SLICE) {
      const commit = this.newCommit(sheet);
      const seq = this.state.commitRows.get(commit.id).seq;
      const rows = Array.isArray(records) ? table.insert(records.slice(at, at + COMMIT_SLICE), seq) : table.insertColumns(records.columns, at, Math.min(count, at + COMMIT_SLICE), seq);
      all.set(rows, at);
      this.finishCommit(sheet, commit, rows, "records:created", opts);
      if (!opts.hooks) this.complete(commit.id);
      commitId = commit.id;
    }
    return { commitId, rows: all };
  }
  /** Updates records; `referencedCommit` (the `?commitId=` of a hook's write-back) is completed by this write. */
  update(sheet, records, referencedCommit, opts) {
    const table = this.state.table(sheet.id);
    if (referencedCommit) this.state.commit(referencedCommit);
    const seq = this.state.commitSeq + 1;
    const changed = table.update(records, seq);
    let commitId;
    if (changed.length > 0) {
      const commit = this.newCommit(sheet);
      this.state.commitRows.get(commit.id).rows = changed;
      const hooks = opts.hooks && !referencedCommit;
      this.finishCommit(sheet, commit, changed, "records:updated", { hooks });
      if (!hooks) this.complete(commit.id);
      commitId = commit.id;
    }
    if (referencedCommit) this.complete(referencedCommit);
    return { commitId, changed: changed.length };
  }
  delete(sheet, rows) {
    const commit = this.newCommit(sheet);
    const deleted = rows();
    this.state.commitRows.get(commit.id).rows = deleted;
    this.finishCommit(sheet, commit, deleted, "records:deleted", { hooks: true });
    return { commitId: commit.id, deleted: deleted.length };
  }
  /** Marks a commit complete; `commit:completed` fires only for workbooks that track changes. */
  complete(commitId) {
    const commit = this.state.commit(commitId);
    if (commit.completedAt) return;
    commit.completedAt = (/* @__PURE__ */ new Date()).toISOString();
    commit.completedBy = this.state.actorId;
    const sheet = this.state.sheets.get(commit.sheetId);
    if (!sheet || !this.tracksChanges(sheet)) return;
    this.state.events.emit("commit:completed", "workbook", { ...this.state.sheetContext(sheet), commitId, versionId: commitId }, {
      sheetId: sheet.id,
      workbookId: sheet.workbookId,
      versionId: commitId,
      commitId
    });
  }
  tracksChanges(sheet) {
    return !!this.state.workbooks.get(sheet.workbookId)?.settings?.trackChanges;
  }
  newCommit(sheet) {
    const commit = {
      id: newId("vr"),
      sheetId: sheet.id,
      createdBy: this.state.actorId,
      createdAt: (/* @__PURE__ */ new Date()).toISOString()
    };
    this.state.commits.set(commit.id, commit);
    this.state.commitRows.set(commit.id, { seq: ++this.state.commitSeq, rows: new Int32Array(0) });
    return commit;
  }
  finishCommit(sheet, commit, rows, topic, opts) {
    this.state.commitRows.get(commit.id).rows = rows;
    const context = { ...this.state.sheetContext(sheet), commitId: commit.id, versionId: commit.id };
    this.state.events.emit(topic, "workbook", context, {
      sheetId: sheet.id,
      workbookId: sheet.workbookId,
      commitId: commit.id,
      recordCount: rows.length
    });
    if (!opts.hooks) return;
    this.state.events.emit(
      "commit:created",
      "workbook",
      context,
      {
        sheetId: sheet.id,
        workbookId: sheet.workbookId,
        versionId: commit.id,
        sheetSlug: sheet.slug,
        trackChanges: this.tracksChanges(sheet)
      },
      { dataUrl: `v1/sheets/${sheet.id}/records?commitId=${commit.id}` }
    );
  }
};

// emulator/mapping/execute.ts
function executeMapping(state, writer2, plan, source, destination) {
  const table = state.table(source.id);
  const edges = (plan.fieldMapping ?? []).map((e) => {
    const mapping = e.enumDetails?.mapping ?? [];
    return {
      col: table.column(e.sourceField.key) ?? [],
      key: e.destinationField.key,
      values: new Map(mapping.filter((m) => m.destinationValue !== void 0).map((m) => [String(m.sourceValue), m.destinationValue]))
    };
  });
  const rows = table.select({});
  for (let at = 0; at < rows.length; at += COMMIT_SLICE) {
    const slice = [];
    for (let i = at; i < Math.min(rows.length, at + COMMIT_SLICE); i++) {
      const record = {};
      for (const e of edges) {
        const v = e.col[rows[i]];
        if (v === void 0) continue;
        const mapped = e.values.get(String(v));
        record[e.key] = { value: mapped === void 0 ? v : mapped };
      }
      slice.push(record);
    }
    writer2.insert(destination, slice, { hooks: true });
  }
  return rows.length;
}

// emulator/mapping/memory.ts
var PlanMemory = class {
  entries = /* @__PURE__ */ new Map();
  static key(sourceFields, destinationSlug) {
    const headers = sourceFields.map((f) => f.key.toLowerCase()).sort();
    return `${destinationSlug}\0${headers.join("")}`;
  }
  get(key) {
    return this.entries.get(key);
  }
  remember(key, plan) {
    const edges = plan.fieldMapping ?? [];
    this.entries.set(
      key,
      edges.map((e) => ({
        source: e.sourceField.key,
        destination: e.destinationField.key,
        enumMapping: e.enumDetails?.mapping
      }))
    );
  }
  toJSON() {
    return [...this.entries];
  }
  load(entries) {
    this.entries = new Map(entries);
  }
};

// emulator/jobs.ts
var TERMINAL = /* @__PURE__ */ new Set(["complete", "failed", "canceled"]);
var Jobs = class {
  constructor(state, writer2, workbooks, blobs) {
    this.state = state;
    this.writer = writer2;
    this.workbooks = workbooks;
    this.blobs = blobs;
  }
  state;
  writer;
  workbooks;
  blobs;
  tasks = /* @__PURE__ */ new Set();
  /** Resolves when background platform work (planning, extraction, mapping) has finished. */
  async idle() {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }
  create(body) {
    const now = (/* @__PURE__ */ new Date()).toISOString();
    const { spaceId, environmentId } = this.scope(body);
    const job = {
      ...body,
      id: newId("jb"),
      type: String(body.type),
      operation: String(body.operation),
      source: String(body.source),
      status: typeof body.status === "string" ? body.status : "created",
      createdBy: this.state.actorId,
      environmentId,
      spaceId,
      trigger: body.trigger ?? "manual",
      mode: body.mode ?? "foreground",
      input: body.input ?? {},
      createdAt: now,
      updatedAt: now
    };
    this.state.jobs.set(job.id, job);
    this.emit(job, "job:created");
    const op = this.kind(job);
    if (op === "workbook:map") {
      this.mapSides(job);
      this.background(job, async () => this.enterPlanning(job));
    } else if (job.trigger === "immediate") {
      this.execute(job);
    }
    return job;
  }
  /** Starts a job. Idempotent: a job gets exactly one `job:ready`. */
  execute(job) {
    if (TERMINAL.has(job.status) || this.state.readyJobs.has(job.id)) return job;
    if (this.kind(job) === "workbook:map") this.plan(job);
    this.state.readyJobs.add(job.id);
    this.set(job, { status: "ready" });
    this.emit(job, "job:ready");
    const run = this.runner(job);
    if (run) this.background(job, run);
    return job;
  }
  ack(job, body) {
    this.open(job);
    const patch = { status: "executing", startedAt: job.startedAt ?? (/* @__PURE__ */ new Date()).toISOString() };
    for (const k of ["progress", "info", "estimatedCompletionAt"]) if (body[k] !== void 0) patch[k] = body[k];
    this.set(job, patch);
    this.emit(job, "job:updated");
    return job;
  }
  complete(job, body) {
    this.open(job);
    this.set(job, { status: "complete", progress: 100, finishedAt: (/* @__PURE__ */ new Date()).toISOString(), ...pick(body, "outcome", "info") });
    this.emit(job, "job:completed");
    return job;
  }
  fail(job, body) {
    this.open(job);
    this.set(job, { status: "failed", finishedAt: (/* @__PURE__ */ new Date()).toISOString(), ...pick(body, "outcome", "info") });
    this.emit(job, "job:failed");
    return job;
  }
  cancel(job, body) {
    this.open(job);
    this.set(job, { status: "canceled", finishedAt: (/* @__PURE__ */ new Date()).toISOString(), ...pick(body, "info") });
    this.emit(job, "job:updated");
    return job;
  }
  update(job, body) {
    this.set(job, pick(body, "config", "status", "progress", "outcomeAcknowledgedAt", "info", "metadata"));
    this.emit(job, "job:updated");
    return job;
  }
  acknowledgeOutcome(job) {
    this.set(job, { outcomeAcknowledgedAt: (/* @__PURE__ */ new Date()).toISOString() });
    this.emit(job, "job:outcome-acknowledged");
    return job;
  }
  remove(job) {
    this.state.jobs.delete(job.id);
    this.state.plans.delete(job.id);
    this.emit(job, "job:deleted");
  }
  /** The job's execution plan, computed on first use (from plan memory when these headers were mapped before). */
  plan(job) {
    const existing = this.state.plans.get(job.id);
    if (existing) return existing;
    const { source, destination } = this.mapSides(job);
    const remembered = this.state.planMemory.get(PlanMemory.key(source.config.fields, destination.slug));
    const plan = planMapping(source, destination, this.state.table(source.id), remembered);
    this.state.plans.set(job.id, plan);
    return plan;
  }
  setPlan(job, body, replace) {
    if (this.kind(job) !== "workbook:map") throw badRequest(`Job ${job.id} is not a mapping job`, "jobId");
    if (TERMINAL.has(job.status) || job.status === "executing") throw badRequest(`Job ${job.id} is already ${job.status}`, "jobId");
    const current = this.plan(job);
    const keys = ["fieldMapping", "unmappedSourceFields", "unmappedDestinationFields", "programId"];
    for (const k of keys) {
      if (body[k] !== void 0) current[k] = body[k];
      else if (replace && k !== "programId") throw badRequest(`${k} is required`, k);
    }
    return current;
  }
  /** Native extraction of CSV/TSV/PSV uploads: `file:extract` job into a `[file] <name>` workbook. */
  extractNative(file) {
    const delimiter = NATIVE_DELIMITERS[file.ext.toLowerCase()];
    if (!delimiter || file.mode === "export") return;
    const job = this.create({
      type: "file",
      operation: "extract",
      source: file.id,
      spaceId: file.spaceId,
      environmentId: file.environmentId,
      managed: true,
      mode: "background",
      config: { driver: "csv", options: { delimiter } }
    });
    this.execute(job);
  }
  // --- internals ---
  kind(job) {
    return `${job.type}:${job.operation}`;
  }
  /** Exactly one `job:updated` on entering planning: automap executes on it. */
  enterPlanning(job) {
    this.plan(job);
    if (job.status !== "created") return;
    this.set(job, { status: "planning" });
    this.emit(job, "job:updated");
  }
  runner(job) {
    switch (this.kind(job)) {
      case "file:extract":
        return () => this.runExtraction(job);
      case "workbook:map":
        return async () => this.runMapping(job);
      case "workbook:delete-records":
        return async () => this.runDeleteRecords(job);
      default:
        return void 0;
    }
  }
  async runExtraction(job) {
    const file = this.state.file(job.source);
    const delimiter = NATIVE_DELIMITERS[file.ext.toLowerCase()] ?? ",";
    this.ack(job, { progress: 10, info: "Extracting" });
    let sheet;
    await extractDelimited(
      this.blobs.read(file.id),
      delimiter,
      (fields) => {
        const wb = this.workbooks.create(
          {
            name: `[file] ${file.name}`,
            labels: ["file"],
            treatments: ["EXTRACTED_FROM_SOURCE"],
            sheets: [{ name: file.name.replace(/\.[^.]+$/, "") || "Sheet1", fields, allowAdditionalFields: false }]
          },
          file.environmentId,
          file.spaceId
        );
        sheet = this.state.sheetsOf(wb.id)[0];
      },
      (records) => {
        if (sheet) this.writer.insert(sheet, records, { hooks: true });
      }
    );
    this.patchFile(file, { status: "complete", ...sheet ? { workbookId: sheet.workbookId, sheetId: sheet.id } : {} });
    this.complete(job, { info: "Extraction complete", outcome: { message: `Extracted ${file.name}` } });
  }
  runMapping(job) {
    const { source, destination } = this.mapSides(job);
    this.ack(job, { progress: 10, info: "Mapping records" });
    const plan = this.plan(job);
    this.state.planMemory.remember(PlanMemory.key(source.config.fields, destination.slug), plan);
    const count = executeMapping(this.state, this.writer, plan, source, destination);
    this.complete(job, { outcome: { message: `Mapped ${count} records into ${destination.name}` } });
  }
  runDeleteRecords(job) {
    const config = job.config ?? {};
    const sheetId = String(config.sheet ?? "");
    const sheet = this.state.sheet(sheetId);
    const table = this.state.table(sheetId);
    this.ack(job, { progress: 10 });
    this.writer.delete(
      sheet,
      () => table.deleteWhere(
        {
          filter: config.filter,
          filterField: config.filterField,
          searchValue: config.searchValue,
          searchField: config.searchField
        },
        config.exceptions ?? []
      )
    );
    this.complete(job, { outcome: { message: "Records deleted" } });
  }
  mapSides(job) {
    const config = job.config ?? {};
    const sourceId = config.sourceSheetId ?? this.state.sheetsOf(job.source)[0]?.id;
    const destId = config.destinationSheetId ?? (job.destination ? this.state.sheetsOf(job.destination)[0]?.id : void 0);
    if (typeof sourceId !== "string" || typeof destId !== "string") {
      throw badRequest("A mapping job needs config.sourceSheetId and config.destinationSheetId", "config");
    }
    return { source: this.state.sheet(sourceId), destination: this.state.sheet(destId) };
  }
  patchFile(file, patch) {
    Object.assign(file, patch, { updatedAt: (/* @__PURE__ */ new Date()).toISOString() });
    this.state.events.emit(
      "file:updated",
      "file",
      { environmentId: file.environmentId, spaceId: file.spaceId, fileId: file.id },
      { status: file.status, ...file.workbookId ? { workbookId: file.workbookId } : {} }
    );
  }
  background(job, work) {
    const task = new Promise((resolve) => setImmediate(resolve)).then(work).catch((err) => {
      if (!TERMINAL.has(job.status)) this.fail(job, { info: "Platform job failed", outcome: { message: String(err?.message ?? err) } });
    }).finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }
  open(job) {
    if (TERMINAL.has(job.status)) throw badRequest(`Job ${job.id} is already ${job.status}`, "jobId");
  }
  set(job, patch) {
    Object.assign(job, patch, { updatedAt: (/* @__PURE__ */ new Date()).toISOString() });
  }
  /** Jobs belong to the space of their source (file, workbook, sheet or space). */
  scope(body) {
    const source = String(body.source ?? "");
    const s = this.state;
    const spaceId = body.spaceId ?? s.files.get(source)?.spaceId ?? s.workbooks.get(source)?.spaceId ?? (s.sheets.get(source) ? s.workbooks.get(s.sheets.get(source).workbookId)?.spaceId : void 0) ?? (s.spaces.has(source) ? source : void 0);
    const environmentId = body.environmentId ?? (spaceId ? s.spaces.get(spaceId)?.environmentId : void 0) ?? [...s.environments.keys()][0];
    if (!environmentId) throw new ApiError(400, "environmentId is required", "environmentId");
    return { spaceId, environmentId };
  }
  emit(job, topic) {
    const context = { environmentId: job.environmentId, jobId: job.id };
    if (job.spaceId) context.spaceId = job.spaceId;
    const s = this.state;
    if (job.type === "file") context.fileId = job.source;
    if (job.type === "workbook") {
      const cfg = job.config ?? {};
      context.workbookId = job.destination ?? job.source;
      if (typeof cfg.destinationSheetId === "string") context.sheetId = cfg.destinationSheetId;
      else if (typeof cfg.sheet === "string") context.sheetId = cfg.sheet;
    }
    if (job.type === "sheet") {
      context.sheetId = job.source;
      const wb = s.sheets.get(job.source)?.workbookId;
      if (wb) context.workbookId = wb;
    }
    s.events.emit(topic, "job", context, {
      job: this.kind(job),
      domain: job.type,
      operation: job.operation,
      status: job.status,
      info: job.info ?? null,
      isPart: false,
      input: job.input ?? {}
    }, { origin: { id: job.id } });
  }
};
function pick(body, ...keys) {
  const out = {};
  for (const k of keys) if (body[k] !== void 0) out[k] = body[k];
  return out;
}

// emulator/persistence.ts
import { existsSync as existsSync2, mkdirSync, readFileSync as readFileSync2, renameSync as renameSync2, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// emulator/store/jsonl.ts
import { closeSync, existsSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from "node:fs";
function readLines(path) {
  if (!existsSync(path)) return [];
  const buf = readFileSync(path);
  const out = [];
  let start = 0;
  for (let end = buf.indexOf(10); end >= 0; end = buf.indexOf(10, start)) {
    if (end > start) out.push(JSON.parse(buf.toString("utf8", start, end)));
    start = end + 1;
  }
  if (start < buf.length) truncateSync(path, start);
  return out;
}
function appendLines(path, values) {
  return writeLines(path, "a", values);
}
function rewriteLines(path, values) {
  const n = writeLines(`${path}.tmp`, "w", values);
  renameSync(`${path}.tmp`, path);
  return n;
}
function writeLines(path, flags, values) {
  let fd;
  let n = 0;
  try {
    for (const v of values) {
      fd ??= openSync(path, flags);
      writeSync(fd, JSON.stringify(v) + "\n");
      n++;
    }
    if (fd === void 0 && flags === "w") fd = openSync(path, flags);
  } finally {
    if (fd !== void 0) closeSync(fd);
  }
  return n;
}

// emulator/store/insert-parser.ts
var CACHE_BITS = 10;
var CACHE_SIZE = 1 << CACHE_BITS;
var CACHE_MAX_LENGTH = 32;
var QUOTE = 34;
var BACKSLASH = 92;
var COMMA = 44;
var COLON = 58;
var OPEN_OBJECT = 123;
var CLOSE_OBJECT = 125;
var OPEN_ARRAY = 91;
var CLOSE_ARRAY = 93;
var VALUE_KEY = [34, 118, 97, 108, 117, 101, 34];
function skip(b, i) {
  for (; ; ) {
    const c = b[i];
    if (!(c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9))) return i;
    i++;
  }
}
var InsertParser = class {
  keys;
  constructor(keys) {
    this.keys = keys.map((k) => Buffer.from(k, "latin1"));
    if (keys.some((k) => !/^[\x20-\x7e]*$/.test(k) || k.includes('"') || k.includes("\\"))) this.keys = [];
  }
  parse(b) {
    const keys = this.keys;
    if (keys.length === 0) return void 0;
    const nf = keys.length;
    const columns = [];
    const caches = [];
    for (let f = 0; f < nf; f++) {
      columns.push([]);
      caches.push(new Array(CACHE_SIZE));
    }
    const n = b.length;
    let i = 0;
    i = skip(b, i);
    if (b[i] !== OPEN_ARRAY) return void 0;
    i++;
    i = skip(b, i);
    let count = 0;
    let next = 0;
    if (b[i] === CLOSE_ARRAY) i++;
    else {
      for (; ; ) {
        if (b[i] !== OPEN_OBJECT) return void 0;
        i++;
        for (let f = 0; f < nf; f++) columns[f].push(void 0);
        next = 0;
        i = skip(b, i);
        if (b[i] === CLOSE_OBJECT) i++;
        else {
          for (; ; ) {
            if (b[i] !== QUOTE) return void 0;
            const ks = ++i;
            while (i < n && b[i] !== QUOTE && b[i] !== BACKSLASH) i++;
            if (b[i] !== QUOTE) return void 0;
            const f = next < nf && this.is(next, b, ks, i) ? next : this.field(b, ks, i);
            if (f < 0) return void 0;
            i++;
            i = skip(b, i);
            if (b[i] !== COLON) return void 0;
            i++;
            i = skip(b, i);
            if (b[i] !== OPEN_OBJECT) return void 0;
            i++;
            i = skip(b, i);
            for (let j = 0; j < VALUE_KEY.length; j++) if (b[i + j] !== VALUE_KEY[j]) return void 0;
            i += VALUE_KEY.length;
            i = skip(b, i);
            if (b[i] !== COLON) return void 0;
            i++;
            i = skip(b, i);
            const c = b[i];
            let value;
            if (c === QUOTE) {
              const vs = ++i;
              let h = 0;
              for (; ; ) {
                const d = b[i];
                if (d === QUOTE) break;
                if (d === void 0 || d < 32 || d === BACKSLASH || d > 126) return void 0;
                h = Math.imul(h, 31) + d | 0;
                i++;
              }
              value = this.string(b, vs, i, h, caches[f]);
              i++;
            } else if (c === 116 && b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101) {
              value = true;
              i += 4;
            } else if (c === 102 && b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101) {
              value = false;
              i += 5;
            } else if (c === 110 && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108) {
              value = void 0;
              i += 4;
            } else {
              const end = numberEnd(b, i);
              if (end < 0) return void 0;
              value = Number(b.toString("latin1", i, end));
              i = end;
            }
            columns[f][count] = value;
            next = f + 1;
            i = skip(b, i);
            if (b[i] !== CLOSE_OBJECT) return void 0;
            i++;
            i = skip(b, i);
            if (b[i] === COMMA) {
              i++;
              i = skip(b, i);
              continue;
            }
            if (b[i] !== CLOSE_OBJECT) return void 0;
            i++;
            break;
          }
        }
        count++;
        i = skip(b, i);
        if (b[i] === COMMA) {
          i++;
          i = skip(b, i);
          continue;
        }
        if (b[i] !== CLOSE_ARRAY) return void 0;
        i++;
        break;
      }
    }
    i = skip(b, i);
    if (i !== n) return void 0;
    return { count, columns };
  }
  /** Index of the field whose key is `b[from..to)`, or -1. */
  field(b, from, to) {
    for (let f = 0; f < this.keys.length; f++) if (this.is(f, b, from, to)) return f;
    return -1;
  }
  /** Whether field `f`'s key is `b[from..to)`. */
  is(f, b, from, to) {
    const k = this.keys[f];
    const len = to - from;
    if (k.length !== len) return false;
    for (let j = 0; j < len; j++) if (k[j] !== b[from + j]) return false;
    return true;
  }
  /** The string of printable ASCII `b[from..to)`, shared with an equal one seen earlier in the column. */
  string(b, from, to, hash, cache) {
    const len = to - from;
    if (len > CACHE_MAX_LENGTH) return b.toString("latin1", from, to);
    const slot = (hash ^ hash >>> CACHE_BITS) & CACHE_SIZE - 1;
    const hit = cache[slot];
    if (hit !== void 0 && hit.length === len) {
      let j = 0;
      while (j < len && hit.charCodeAt(j) === b[from + j]) j++;
      if (j === len) return hit;
    }
    const s = b.toString("latin1", from, to);
    cache[slot] = s;
    return s;
  }
};
function numberEnd(b, i) {
  if (b[i] === 45) i++;
  if (b[i] === 48) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 46) {
    i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 101 || b[i] === 69) {
    i++;
    if (b[i] === 43 || b[i] === 45) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}
var isDigit = (c) => c !== void 0 && c >= 48 && c <= 57;

// emulator/store/fragments.ts
var CHUNK = 32 * 1024 * 1024;
var COMMA2 = Buffer.from(",");
var FragmentArena = class {
  chunks = [];
  live = [];
  used = CHUNK;
  /** Per row: chunk index (-1: no fragment), byte offset and length. */
  chunkOf = new Int32Array(0);
  offset = new Int32Array(0);
  length = new Int32Array(0);
  has(row) {
    return row < this.chunkOf.length && this.chunkOf[row] >= 0;
  }
  /**
   * Stores the fragments of `rows`, replacing previous ones: record i is `src[spans[2i] .. +spans[2i+1])`, and `src`
   * holds the records back to back, each followed by a comma. One copy for the whole batch.
   */
  setMany(rows, src, spans) {
    if (rows.length === 0) return;
    let max = 0;
    for (let i = 0; i < rows.length; i++) {
      this.invalidate(rows[i]);
      max = Math.max(max, rows[i]);
    }
    this.ensureRows(max + 1);
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || src.length > CHUNK - this.used) {
      chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK, src.length));
      this.chunks.push(chunk);
      this.live.push(0);
      this.used = 0;
    }
    const index = this.chunks.length - 1;
    const at = this.used;
    chunk.set(src, at);
    this.used = at + src.length;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      this.chunkOf[row] = index;
      this.offset[row] = at + spans[2 * i];
      this.length[row] = spans[2 * i + 1];
    }
    this.live[index] += rows.length;
  }
  invalidate(row) {
    if (!this.has(row)) return;
    const index = this.chunkOf[row];
    this.chunkOf[row] = -1;
    if (--this.live[index] === 0 && index !== this.chunks.length - 1) this.chunks[index] = void 0;
  }
  clear() {
    this.chunks = [];
    this.live = [];
    this.used = CHUNK;
    this.chunkOf.fill(-1);
  }
  /**
   * The fragments of `rows[from..to)` joined by commas, as byte ranges into the arena (every row must have one).
   * Consecutive rows stored back to back come out as a single range.
   */
  ranges(rows, from, to) {
    const out = [];
    let i = from;
    while (i < to) {
      const first = rows[i];
      const index = this.chunkOf[first];
      const start = this.offset[first];
      let end = start + this.length[first];
      for (i++; i < to; i++) {
        const row = rows[i];
        if (this.chunkOf[row] !== index || this.offset[row] !== end + 1) break;
        end = this.offset[row] + this.length[row];
      }
      if (out.length > 0) out.push(COMMA2);
      out.push(this.chunks[index].subarray(start, end));
    }
    return out;
  }
  ensureRows(n) {
    if (n <= this.chunkOf.length) return;
    let cap = Math.max(1024, this.chunkOf.length);
    while (cap < n) cap *= 2;
    const grow = (a, fill) => {
      const b = new Int32Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    this.chunkOf = grow(this.chunkOf, -1);
    this.offset = grow(this.offset, 0);
    this.length = grow(this.length, 0);
  }
};

// emulator/store/json-writer.ts
var JsonWriter = class {
  buf = Buffer.allocUnsafe(1 << 20);
  length = 0;
  reset() {
    this.length = 0;
  }
  /** Pre-encoded bytes (constant pieces of the output). */
  bytes(b) {
    this.room(b.length);
    const buf = this.buf;
    let n = this.length;
    if (b.length >= 12) {
      buf.set(b, n);
      this.length = n + b.length;
      return;
    }
    for (let i = 0; i < b.length; i++) buf[n++] = b[i];
    this.length = n;
  }
  byte(c) {
    this.room(1);
    this.buf[this.length++] = c;
  }
  /** A string known to be plain ASCII (ids, numbers). */
  ascii(s) {
    this.room(s.length);
    const buf = this.buf;
    let n = this.length;
    for (let i = 0; i < s.length; i++) buf[n++] = s.charCodeAt(i);
    this.length = n;
  }
  /** A JSON string literal; anything needing escapes or beyond ASCII goes through JSON.stringify. */
  string(s) {
    this.room(s.length + 2);
    const buf = this.buf;
    let n = this.length;
    buf[n++] = 34;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 32 || c === 34 || c === 92 || c > 126) return this.utf8(JSON.stringify(s));
      buf[n++] = c;
    }
    buf[n++] = 34;
    this.length = n;
  }
  /** Any JSON value. */
  value(v) {
    if (typeof v === "string") this.string(v);
    else if (typeof v === "number" && Number.isFinite(v)) this.ascii(String(v));
    else if (v === true) this.ascii("true");
    else if (v === false) this.ascii("false");
    else this.utf8(JSON.stringify(v) ?? "null");
  }
  /** Arbitrary text, UTF-8 encoded. */
  utf8(s) {
    this.room(Buffer.byteLength(s));
    this.length += this.buf.write(s, this.length);
  }
  room(n) {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
};

// emulator/store/record-json.ts
var ID_OPEN = Buffer.from('{"id":"');
var VALUES_OPEN = Buffer.from('","values":{');
var NULL = Buffer.from("null");
var JSONL_ID_OPEN = Buffer.from('{"__k":"');
var CLEAN_CELL_END = Buffer.from(',"valid":true,"messages":[]}');
var EMPTY_META = Buffer.from("{}");
var VALID_TAIL = Buffer.from('},"valid":true,"metadata":{},"config":{}}');
var INVALID_TAIL = Buffer.from('},"valid":false,"metadata":{},"config":{}}');
var NO_MESSAGES = [];
var writer = new JsonWriter();
var RecordJson = class {
  constructor(store, schema, messages) {
    this.store = store;
    this.schema = schema;
    this.messages = messages;
  }
  store;
  schema;
  messages;
  /** Serialised records for reads; a row's fragment is dropped whenever anything in its output may change. */
  fragments = new FragmentArena();
  /**
   * The records of `rows[from..to)` as Flatfile returns them, comma-joined JSON objects as byte ranges (no brackets).
   * Whole records come from the fragment cache, built on first use; a `fields` projection is serialised afresh.
   */
  page(rows, from, to, fields) {
    const w = writer;
    w.reset();
    const columns = this.store.columns;
    if (fields && fields.length > 0) {
      const cells = this.cells(fields.filter((k) => columns.has(k)));
      for (let i = from; i < to; i++) {
        if (i > from) w.byte(44);
        this.writeRecord(rows[i], cells, w);
      }
      return [Buffer.from(w.buf.subarray(0, w.length))];
    }
    const missing = [];
    for (let i = from; i < to; i++) if (!this.fragments.has(rows[i])) missing.push(rows[i]);
    if (missing.length > 0) {
      const cells = this.cells([...columns.keys()]);
      const spans = new Int32Array(missing.length * 2);
      for (let i = 0; i < missing.length; i++) {
        spans[2 * i] = w.length;
        this.writeRecord(missing[i], cells, w);
        spans[2 * i + 1] = w.length - spans[2 * i];
        w.byte(44);
      }
      this.fragments.setMany(missing, w.buf.subarray(0, w.length), spans);
    }
    return this.fragments.ranges(rows, from, to);
  }
  /**
   * The records of `rows[from..to)` as the v2 records endpoint returns them: JSON Lines of flat records,
   * `{"__k":"<id>","__s":"<sheetId>","<field>":<value>,…}` (`__s` only with a `sheetId`). Empty cells are left out
   * unless `emptyCells`.
   */
  jsonlPage(rows, from, to, sheetId, fields, emptyCells) {
    const w = writer;
    w.reset();
    const { columns, prefix } = this.store;
    const keys = fields.length > 0 ? fields.filter((k) => columns.has(k)) : [...columns.keys()];
    const cols = keys.map((k) => ({ head: Buffer.from(`,${JSON.stringify(k)}:`), col: columns.get(k) }));
    const sheet = Buffer.from(sheetId === void 0 ? '"' : `","__s":${JSON.stringify(sheetId)}`);
    for (let i = from; i < to; i++) {
      const row = rows[i];
      w.bytes(JSONL_ID_OPEN);
      w.ascii(prefix);
      w.ascii(row.toString(36));
      w.bytes(sheet);
      for (const c of cols) {
        const value = c.col[row];
        if (value === void 0 && !emptyCells) continue;
        w.bytes(c.head);
        if (value === void 0) w.bytes(NULL);
        else w.value(value);
      }
      w.byte(125);
      w.byte(10);
    }
    return Buffer.from(w.buf.subarray(0, w.length));
  }
  cells(keys) {
    const byKey = this.schema().byKey;
    return keys.map((k) => ({
      head: Buffer.from(`${JSON.stringify(k)}:{"value":`),
      key: k,
      col: this.store.columns.get(k),
      rule: byKey.get(k)
    }));
  }
  /** One record as Flatfile returns it, written as bytes: no per-record strings or objects. */
  writeRecord(row, cells, w) {
    const store = this.store;
    const clean = store.clean[row] === 1;
    const custom = clean ? void 0 : store.custom.get(row);
    w.bytes(ID_OPEN);
    w.ascii(store.prefix);
    w.ascii(row.toString(36));
    w.bytes(VALUES_OPEN);
    let first = true;
    for (const c of cells) {
      const value = c.col[row];
      const messages = clean ? NO_MESSAGES : this.messages.messagesOf(row, c.key, c.rule, value, custom);
      if (value === void 0 && messages.length === 0) continue;
      if (!first) w.byte(44);
      first = false;
      w.bytes(c.head);
      if (value === void 0) w.bytes(NULL);
      else w.value(value);
      if (messages.length === 0) w.bytes(CLEAN_CELL_END);
      else w.utf8(`,"valid":${!hasError(messages)},"messages":${JSON.stringify(messages)}}`);
    }
    const meta = store.metadata.get(row);
    const config = store.config.get(row);
    if (!meta && !config) {
      w.bytes(store.valid[row] === 1 ? VALID_TAIL : INVALID_TAIL);
      return;
    }
    w.ascii(store.valid[row] === 1 ? '},"valid":true,"metadata":' : '},"valid":false,"metadata":');
    if (meta) w.utf8(JSON.stringify(meta));
    else w.bytes(EMPTY_META);
    w.ascii(',"config":');
    if (config) w.utf8(JSON.stringify(config));
    else w.bytes(EMPTY_META);
    w.byte(125);
  }
};

// emulator/store/record-log.ts
var LOG_LINE_ROWS = 1e4;
function* logLines(store, rows, evenIfEmpty) {
  const keys = [...store.columns.keys()];
  const cols = keys.map((k) => store.columns.get(k));
  for (let at = 0; at < rows.length || evenIfEmpty && at === 0; at += LOG_LINE_ROWS) {
    const line = { size: store.size, keys, rows: [] };
    for (let i = at; i < Math.min(rows.length, at + LOG_LINE_ROWS); i++) {
      const row = rows[i];
      if (store.deleted[row]) line.rows.push([row, -1]);
      else {
        const values = cols.map((c) => c[row] ?? null);
        line.rows.push([row, store.rowSeq[row], values, store.custom.get(row) ?? 0, store.metadata.get(row) ?? 0, store.config.get(row) ?? 0]);
      }
    }
    yield line;
  }
}
function applyLogLine(store, line) {
  if (line.size > store.size) {
    store.deleted.fill(1, store.size, line.size);
    store.size = line.size;
  }
  const cols = line.keys.map((k) => store.columns.get(k) ?? (store.columns.set(k, []), store.columns.get(k)));
  for (const entry of line.rows) {
    const row = entry[0];
    store.custom.delete(row);
    store.metadata.delete(row);
    store.config.delete(row);
    if (entry.length === 2) {
      store.deleted[row] = 1;
      for (const col of store.columns.values()) col[row] = void 0;
      continue;
    }
    const [, seq, values, custom, metadata, config] = entry;
    store.deleted[row] = 0;
    store.rowSeq[row] = seq;
    for (let i = 0; i < cols.length; i++) cols[i][row] = values[i] ?? void 0;
    if (custom) store.custom.set(row, custom);
    if (metadata) store.metadata.set(row, metadata);
    if (config) store.config.set(row, config);
  }
}

// emulator/store/row-store.ts
var RowStore = class {
  /** `prefix` + a row number in base 36 is a record id: ids carry their sheet and row, so lookups need no id map. */
  constructor(prefix) {
    this.prefix = prefix;
  }
  prefix;
  columns = /* @__PURE__ */ new Map();
  /** Rows ever appended; a deleted row keeps its number. */
  size = 0;
  deleted = new Uint8Array(1024);
  valid = new Uint8Array(1024);
  /** 1 for rows without any message, set with `valid`: their cells serialise without re-running the checks. */
  clean = new Uint8Array(1024);
  /** Sequence number of the last commit that touched each row (for `sinceCommitId`). */
  rowSeq = new Int32Array(1024);
  custom = /* @__PURE__ */ new Map();
  metadata = /* @__PURE__ */ new Map();
  config = /* @__PURE__ */ new Map();
  get capacity() {
    return this.deleted.length;
  }
  /** Makes room for n rows; returns the new capacity when it grew, else 0. */
  grow(n) {
    if (n <= this.deleted.length) return 0;
    let cap = this.deleted.length;
    while (cap < n) cap *= 2;
    this.deleted = grown(new Uint8Array(cap), this.deleted);
    this.valid = grown(new Uint8Array(cap), this.valid);
    this.clean = grown(new Uint8Array(cap), this.clean);
    this.rowSeq = grown(new Int32Array(cap), this.rowSeq);
    return cap;
  }
};
function grown(to, from) {
  to.set(from);
  return to;
}

// emulator/store/selection.ts
function selectRows(store, schema, messages, q, ids, rowsBy) {
  const filter = q.filter === "valid" || q.filter === "error" || q.filter === "none" ? q.filter : "all";
  const narrowed = filter !== "all" || !!q.filterField || q.searchValue !== void 0;
  let rows;
  if (q.commitRows || q.sinceSeq !== void 0 || q.filterField || q.searchValue !== void 0 || ids && !narrowed) {
    const match = matcher(store, schema, messages, q, filter);
    const base = q.commitRows ?? (ids && !narrowed ? Int32Array.from(ids) : rowsBy("all"));
    rows = base.filter((r) => !store.deleted[r] && match(r));
  } else {
    rows = rowsBy(filter);
  }
  if (ids && narrowed) rows = rows.filter((r) => !ids.has(r));
  if (q.sortField) rows = sorted(store, rows, q.sortField, q.sortDirection === "desc" ? -1 : 1);
  return rows;
}
function liveRows(store, filter, count) {
  const rows = new Int32Array(count);
  let n = 0;
  if (filter !== "none") {
    for (let r = 0; r < store.size; r++) {
      if (store.deleted[r]) continue;
      if (filter === "all" || filter === "valid" === (store.valid[r] === 1)) rows[n++] = r;
    }
  }
  return rows;
}
function matcher(store, schema, messages, q, filter) {
  const tests = [];
  if (q.sinceSeq !== void 0) tests.push((r) => store.rowSeq[r] > q.sinceSeq);
  if (filter === "none") tests.push(() => false);
  if (filter === "valid") tests.push((r) => store.valid[r] === 1);
  if (filter === "error") tests.push((r) => store.valid[r] === 0);
  if (q.filterField) {
    const key = q.filterField;
    const rule = schema.byKey.get(key);
    const col = store.columns.get(key) ?? [];
    tests.push((r) => hasError(messages.messagesOf(r, key, rule, col[r], store.custom.get(r))));
  }
  if (q.searchValue !== void 0) {
    const raw = q.searchValue;
    const exact = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
    const needle = (exact ? raw.slice(1, -1) : raw).toLowerCase();
    const cols = q.searchField ? [store.columns.get(q.searchField) ?? []] : [...store.columns.values()];
    tests.push(
      (r) => cols.some((col) => {
        const v = col[r];
        const s = v === void 0 ? "" : String(v).toLowerCase();
        return exact ? s === needle : s.includes(needle);
      })
    );
  }
  return (r) => tests.every((t) => t(r));
}
function sorted(store, rows, key, dir) {
  const col = store.columns.get(key) ?? [];
  const out = Int32Array.from(rows);
  out.sort((a, b) => {
    const x = col[a];
    const y = col[b];
    if (x === y) return a - b;
    if (x === void 0) return 1;
    if (y === void 0) return -1;
    return (x < y ? -1 : 1) * dir;
  });
  return out;
}

// emulator/store/unique-groups.ts
var UniqueGroups = class {
  constructor(capacity) {
    this.capacity = capacity;
  }
  capacity;
  groups = /* @__PURE__ */ new Map();
  dups = /* @__PURE__ */ new Map();
  clear() {
    this.groups.clear();
    for (const d of this.dups.values()) d.fill(0);
  }
  grow(capacity) {
    this.capacity = capacity;
    for (const [key, old] of this.dups) this.dups.set(key, grown(new Uint8Array(capacity), old));
  }
  isDuplicate(rule, row) {
    return this.dups.get(rule.key)?.[row] === 1;
  }
  /** Adds a row's value; returns the row that held it alone until now (it has just become a duplicate), else -1. */
  add(rule, row, value) {
    const k = uniqueKey(rule.unique, value);
    if (k === void 0) return -1;
    const m = this.groupsOf(rule);
    const d = this.flagsOf(rule);
    const g = m.get(k);
    if (g === void 0) m.set(k, row);
    else if (typeof g === "number") {
      m.set(k, [g, row]);
      d[g] = 1;
      d[row] = 1;
      return g;
    } else {
      g.push(row);
      d[row] = 1;
    }
    return -1;
  }
  /** Removes a row's value; returns the row now left alone with it (no longer a duplicate), else -1. */
  remove(rule, row, value) {
    const k = uniqueKey(rule.unique, value);
    if (k === void 0) return -1;
    const m = this.groupsOf(rule);
    const d = this.flagsOf(rule);
    d[row] = 0;
    const g = m.get(k);
    if (g === row) m.delete(k);
    else if (Array.isArray(g)) {
      const rest = g.filter((r) => r !== row);
      if (rest.length === 1) {
        m.set(k, rest[0]);
        d[rest[0]] = 0;
        return rest[0];
      }
      m.set(k, rest);
    }
    return -1;
  }
  groupsOf(rule) {
    let m = this.groups.get(rule.key);
    if (!m) this.groups.set(rule.key, m = /* @__PURE__ */ new Map());
    return m;
  }
  flagsOf(rule) {
    let d = this.dups.get(rule.key);
    if (!d) this.dups.set(rule.key, d = new Uint8Array(this.capacity));
    return d;
  }
};

// emulator/store/records.ts
var RecordTable = class {
  constructor(sheetTag, schema) {
    this.schema = schema;
    this.store = new RowStore(`us_rc_${sheetTag}`);
    for (const f of schema.fields) this.store.columns.set(f.key, []);
    this.fieldColumns = schema.fields.map((f) => this.store.columns.get(f.key));
    this.unique = new UniqueGroups(this.store.capacity);
    this.json = new RecordJson(this.store, () => this.schema, this);
  }
  schema;
  store;
  /** The columns of `schema.fields`, in that order (a column array, once made, is never replaced). */
  fieldColumns;
  unique;
  json;
  liveCount = 0;
  /** Reads insert bodies straight into columns; rebuilt when the schema changes. */
  insertParser;
  validCount = 0;
  deletedCount = 0;
  /** Row lists by filter, rebuilt lazily after a write: pages then cost O(page), not O(sheet). */
  cache = /* @__PURE__ */ new Map();
  /** Rows below this have been handed to persistence; rows at or above it are new since (see drainChanges). */
  loggedSize = 0;
  /** Rows below `loggedSize` changed since persistence last took them. */
  dirty = /* @__PURE__ */ new Set();
  get total() {
    return this.liveCount;
  }
  counts() {
    return { total: this.liveCount, valid: this.validCount, error: this.liveCount - this.validCount };
  }
  idOf(row) {
    return this.store.prefix + row.toString(36);
  }
  /** Row of a record id of this sheet; 400 for ids of another sheet or unknown/deleted records. */
  rowOf(id) {
    const { prefix, size, deleted } = this.store;
    const row = id.startsWith(prefix) ? parseInt(id.slice(prefix.length), 36) : NaN;
    if (!(row >= 0 && row < size) || deleted[row]) {
      throw badRequest(`Record ${id} does not exist in this sheet`, "id");
    }
    return row;
  }
  column(key) {
    return this.store.columns.get(key);
  }
  /** Replaces the field rules (sheet config changed) and revalidates every row. */
  setSchema(schema) {
    const store = this.store;
    this.schema = schema;
    this.insertParser = void 0;
    for (const f of schema.fields) if (!store.columns.has(f.key)) store.columns.set(f.key, new Array(store.size));
    this.fieldColumns = schema.fields.map((f) => store.columns.get(f.key));
    this.unique.clear();
    this.json.fragments.clear();
    this.validCount = 0;
    for (let row = 0; row < store.size; row++) if (!store.deleted[row]) this.indexUnique(row, 0);
    for (let row = 0; row < store.size; row++) {
      if (store.deleted[row]) continue;
      store.valid[row] = this.computeValid(row) ? 1 : 0;
      this.validCount += store.valid[row];
    }
    this.cache.clear();
  }
  /** Appends records and returns their rows. */
  insert(records, seq) {
    const start = this.store.size;
    const count = records.length;
    this.grow(start + count);
    const fields = this.schema.fields;
    for (const f of fields) {
      const col = this.store.columns.get(f.key);
      col.length = start;
      for (let i = 0; i < count; i++) {
        const cell = records[i][f.key];
        col.push(cell === void 0 || cell === null ? void 0 : f.coerce(cell.value ?? void 0));
      }
    }
    for (let i = 0; i < count; i++) {
      const record = records[i];
      const row = start + i;
      for (const key in record) {
        const cell = record[key];
        if (!cell) continue;
        if (!this.schema.byKey.has(key)) this.setExtra(row, key, cell.value);
        if (Array.isArray(cell.messages) && cell.messages.length > 0) this.setCustom(row, key, cell.messages);
      }
    }
    return this.finishInsert(start, count, seq);
  }
  /**
   * Appends records given column-wise (raw values per schema field, in `schema.fields` order, undefined for none):
   * the same outcome as `insert` for records of schema fields with values only, without a cell object per value.
   */
  insertColumns(raw, from, to, seq) {
    const start = this.store.size;
    const count = to - from;
    this.grow(start + count);
    const fields = this.schema.fields;
    for (let f = 0; f < fields.length; f++) {
      const rule = fields[f];
      const col = this.store.columns.get(rule.key);
      const values = raw[f];
      col.length = start;
      for (let i = from; i < to; i++) {
        const v = values[i];
        col.push(v === void 0 ? void 0 : rule.coerce(v));
      }
    }
    return this.finishInsert(start, count, seq);
  }
  /** An insert body read column-wise for `insertColumns`, or undefined when it needs JSON.parse (see InsertParser). */
  parseInsert(body) {
    this.insertParser ??= new InsertParser(this.schema.fields.map((f) => f.key));
    return this.insertParser.parse(body);
  }
  finishInsert(start, count, seq) {
    const store = this.store;
    store.size = start + count;
    store.rowSeq.fill(seq, start, start + count);
    for (let row = start; row < store.size; row++) this.indexUnique(row, start);
    for (let row = start; row < store.size; row++) {
      const v = this.computeValid(row) ? 1 : 0;
      store.valid[row] = v;
      this.validCount += v;
    }
    this.liveCount += count;
    this.cache.clear();
    const rows = new Int32Array(count);
    for (let i = 0; i < count; i++) rows[i] = start + i;
    return rows;
  }
  /** Applies updates; returns the rows that actually changed. Every id is checked before anything changes. */
  update(records, seq) {
    if (!Array.isArray(records)) throw badRequest("Body must be an array of records");
    const rows = records.map((r, i) => {
      if (typeof r?.id !== "string") throw badRequest(`Record ${i} has no id`, "id");
      return this.rowOf(r.id);
    });
    const store = this.store;
    const changed = [];
    records.forEach((r, i) => {
      const row = rows[i];
      let dirty = false;
      for (const [key, cell] of Object.entries(r.values ?? {})) {
        if (!cell || typeof cell !== "object") continue;
        if ("value" in cell && this.setValue(row, key, cell.value)) dirty = true;
        if (Array.isArray(cell.messages) && this.replaceCustom(row, key, cell.messages)) dirty = true;
      }
      if (r.metadata !== void 0 && setSparse(store.metadata, row, r.metadata)) dirty = true;
      if (r.config !== void 0 && setSparse(store.config, row, r.config)) dirty = true;
      if (dirty) {
        changed.push(row);
        store.rowSeq[row] = seq;
      }
    });
    for (const row of changed) {
      this.refreshValid(row);
      this.json.fragments.invalidate(row);
      this.touch(row);
    }
    if (changed.length > 0) this.changed();
    return Int32Array.from(changed);
  }
  /** Deletes records by id; returns the deleted rows. */
  delete(ids) {
    const rows = Int32Array.from(new Set(ids.map((id) => this.rowOf(id))));
    for (const row of rows) this.deleteRow(row);
    if (rows.length > 0) this.changed();
    return rows;
  }
  /** Deletes every live row the selection matches, except `keep` ids. */
  deleteWhere(selection2, keep = []) {
    const except = new Set(keep.map((id) => this.rowOf(id)));
    const rows = this.select(selection2).filter((r) => !except.has(r));
    for (const row of rows) this.deleteRow(row);
    if (rows.length > 0) this.changed();
    return rows;
  }
  /** Rows matching a query, in sheet order unless sorted. */
  select(q) {
    const ids = q.ids && q.ids.length > 0 ? new Set(q.ids.map((id) => this.rowOf(id))) : void 0;
    return selectRows(this.store, this.schema, this, q, ids, (filter) => this.rowsBy(filter));
  }
  /** See RecordJson.page. */
  page(rows, from, to, fields) {
    return this.json.page(rows, from, to, fields);
  }
  /** See RecordJson.jsonlPage. */
  jsonlPage(rows, from, to, sheetId, fields, emptyCells) {
    return this.json.jsonlPage(rows, from, to, sheetId, fields, emptyCells);
  }
  /**
   * Log lines for the rows that changed since the last call (all live rows with `all`, to compact a log), or none.
   * Rows appended since then are new; earlier rows are tracked as they change.
   */
  drainChanges(all = false) {
    const store = this.store;
    const rows = [];
    if (all) {
      for (let r = 0; r < store.size; r++) if (!store.deleted[r]) rows.push(r);
    } else {
      for (const r of this.dirty) rows.push(r);
      for (let r = this.loggedSize; r < store.size; r++) rows.push(r);
    }
    this.dirty.clear();
    this.loggedSize = store.size;
    return logLines(store, rows, all);
  }
  /** Applies one line of a persistence log; `finishReplay()` validates once every line is in. */
  replay(line) {
    if (line.size > this.store.size) this.grow(line.size);
    applyLogLine(this.store, line);
  }
  finishReplay() {
    const store = this.store;
    for (const col of store.columns.values()) col.length = store.size;
    this.deletedCount = 0;
    for (let r = 0; r < store.size; r++) this.deletedCount += store.deleted[r];
    this.liveCount = store.size - this.deletedCount;
    this.loggedSize = store.size;
    this.setSchema(this.schema);
  }
  /** The platform's messages on a cell (its checks, the unique constraint) followed by the writers' own. */
  messagesOf(row, key, rule, value, custom) {
    const own = custom?.[key];
    if (!rule) return own ?? [];
    const base = rule.check(value);
    const dup = rule.unique && this.unique.isDuplicate(rule, row);
    if (!dup && !own) return base;
    const out = [...base];
    if (dup) out.push({ type: rule.unique.type, source: "unique-constraint", message: rule.unique.message, field: key });
    if (own) out.push(...own);
    return out;
  }
  // --- internals ---
  changed() {
    this.cache.clear();
  }
  /** Notes a row's change for persistence (new rows are picked up by position). */
  touch(row) {
    if (row < this.loggedSize) this.dirty.add(row);
  }
  /** A column for an additional field; cached records may hold messages for that key that now show, so drop them. */
  addColumn(key) {
    const col = [];
    this.store.columns.set(key, col);
    this.json.fragments.clear();
    return col;
  }
  grow(n) {
    const capacity = this.store.grow(n);
    if (capacity > 0) this.unique.grow(capacity);
  }
  setExtra(row, key, value) {
    if (!this.schema.allowAdditionalFields) return;
    const col = this.store.columns.get(key) ?? this.addColumn(key);
    col[row] = value ?? void 0;
  }
  setValue(row, key, raw) {
    const rule = this.schema.byKey.get(key);
    if (!rule && !this.schema.allowAdditionalFields) return false;
    const col = this.store.columns.get(key) ?? this.addColumn(key);
    const value = raw === null || raw === void 0 ? void 0 : rule ? rule.coerce(raw) : raw;
    if (sameValue(col[row], value)) return false;
    if (rule?.unique) this.unindex(rule, row);
    col[row] = value;
    if (rule?.unique) this.index(rule, row);
    return true;
  }
  /** Writer-supplied messages are custom logic; echoes of platform messages are dropped, not stored twice. */
  normalizeCustom(row, key, messages) {
    const system = this.systemMessages(row, key);
    return messages.filter((m) => m && (m.source === void 0 || m.source === "custom-logic")).filter((m) => !system.some((s) => s.message === m.message && s.type === m.type)).map((m) => ({ ...m, source: "custom-logic", field: m.field ?? key }));
  }
  setCustom(row, key, messages) {
    const list = this.normalizeCustom(row, key, messages);
    if (list.length === 0) return;
    const entry = this.store.custom.get(row) ?? {};
    entry[key] = list;
    this.store.custom.set(row, entry);
  }
  replaceCustom(row, key, messages) {
    const next = this.normalizeCustom(row, key, messages);
    const custom = this.store.custom;
    const entry = custom.get(row);
    const prev = entry?.[key] ?? [];
    if (JSON.stringify(prev) === JSON.stringify(next)) return false;
    if (next.length > 0) custom.set(row, { ...entry, [key]: next });
    else if (entry) {
      delete entry[key];
      if (Object.keys(entry).length === 0) custom.delete(row);
    }
    return true;
  }
  systemMessages(row, key) {
    const rule = this.schema.byKey.get(key);
    const value = this.store.columns.get(key)?.[row];
    return rule ? this.messagesOf(row, key, rule, value, void 0) : [];
  }
  /** Whether the row has no error; also notes whether it has no message at all (see RowStore.clean). */
  computeValid(row) {
    const store = this.store;
    store.clean[row] = 0;
    const custom = store.custom.get(row);
    if (custom) {
      for (const key in custom) if (hasError(custom[key])) return false;
    }
    let clean = !custom;
    const fields = this.schema.fields;
    const cols = this.fieldColumns;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const messages = f.check(cols[i][row]);
      if (messages.length > 0) {
        if (hasError(messages)) return false;
        clean = false;
      }
      if (f.unique && this.unique.isDuplicate(f, row)) {
        if (f.unique.type === "error") return false;
        clean = false;
      }
    }
    if (clean) store.clean[row] = 1;
    return true;
  }
  refreshValid(row) {
    const store = this.store;
    if (store.deleted[row]) return;
    const v = this.computeValid(row) ? 1 : 0;
    this.validCount += v - store.valid[row];
    store.valid[row] = v;
  }
  deleteRow(row) {
    const store = this.store;
    for (const f of this.schema.fields) if (f.unique) this.unindex(f, row);
    store.deleted[row] = 1;
    this.deletedCount++;
    this.liveCount--;
    this.validCount -= store.valid[row];
    store.valid[row] = 0;
    store.clean[row] = 0;
    store.custom.delete(row);
    store.metadata.delete(row);
    store.config.delete(row);
    this.json.fragments.invalidate(row);
    this.touch(row);
  }
  indexUnique(row, refreshBelow) {
    for (const f of this.schema.fields) if (f.unique) this.index(f, row, refreshBelow);
  }
  /**
   * Adds a row to its value group. A group that becomes a duplicate revalidates its older member when that row's
   * validity is already settled (row < refreshBelow); rows of the batch being written are validated afterwards anyway.
   */
  index(rule, row, refreshBelow = Infinity) {
    const older = this.unique.add(rule, row, this.store.columns.get(rule.key)[row]);
    if (older < 0) return;
    this.json.fragments.invalidate(older);
    if (older < refreshBelow) this.refreshValid(older);
  }
  /** Removes a row from its value group; a row left alone with the value is revalidated. */
  unindex(rule, row) {
    const alone = this.unique.remove(rule, row, this.store.columns.get(rule.key)[row]);
    if (alone < 0) return;
    this.json.fragments.invalidate(alone);
    this.refreshValid(alone);
  }
  rowsBy(filter) {
    let rows = this.cache.get(filter);
    if (rows) return rows;
    const count = filter === "none" ? 0 : filter === "valid" ? this.validCount : filter === "error" ? this.liveCount - this.validCount : this.liveCount;
    rows = liveRows(this.store, filter, count);
    this.cache.set(filter, rows);
    return rows;
  }
};
function sameValue(a, b) {
  if (a === b) return true;
  return typeof a === "object" && typeof b === "object" && JSON.stringify(a) === JSON.stringify(b);
}
function setSparse(map, row, value) {
  const prev = map.get(row) ?? {};
  if (JSON.stringify(prev) === JSON.stringify(value ?? {})) return false;
  if (value && Object.keys(value).length > 0) map.set(row, value);
  else map.delete(row);
  return true;
}

// emulator/events.ts
var EventLog = class {
  constructor(accountId, actorId) {
    this.accountId = accountId;
    this.actorId = actorId;
  }
  accountId;
  actorId;
  events = [];
  byId = /* @__PURE__ */ new Map();
  sinks = [];
  watchers = [];
  /** Called with every new event (push delivery). */
  subscribe(sink) {
    this.sinks.push(sink);
  }
  /** Called with every new or changed (acknowledged) event (persistence). */
  watch(sink) {
    this.watchers.push(sink);
  }
  acknowledge(event, by) {
    if (event.acknowledgedAt && event.acknowledgedBy) return;
    event.acknowledgedAt ??= (/* @__PURE__ */ new Date()).toISOString();
    event.acknowledgedBy ??= by;
    for (const w of this.watchers) w(event);
  }
  emit(topic, domain, context, payload = {}, extra = {}) {
    const event = {
      id: newId("evt", 16),
      topic,
      domain,
      context: { accountId: this.accountId, actorId: this.actorId, ...context },
      payload,
      createdAt: (/* @__PURE__ */ new Date()).toISOString(),
      callbackUrl: "",
      dataUrl: "",
      namespaces: [],
      ...extra
    };
    this.add(event);
    for (const sink of this.sinks) sink(event);
    for (const w of this.watchers) w(event);
    return event;
  }
  /** Adds an event as given; a known id is updated in place (a restored log lists an event again once acknowledged). */
  add(event) {
    const known = this.byId.get(event.id);
    if (known) {
      Object.assign(known, event);
      return;
    }
    this.events.push(event);
    this.byId.set(event.id, event);
  }
  get(id) {
    return this.byId.get(id);
  }
  list(q) {
    let from = 0;
    if (q.since) from = lowerBound(this.events, q.since);
    const out = [];
    const skip2 = (q.pageNumber - 1) * q.pageSize;
    let matched = 0;
    for (let i = from; i < this.events.length && out.length < q.pageSize; i++) {
      const e = this.events[i];
      if (!q.includeAcknowledged && e.acknowledgedAt) continue;
      if (q.topic && e.topic !== q.topic) continue;
      if (q.domain && e.domain !== q.domain) continue;
      if (q.spaceId && e.context.spaceId !== q.spaceId) continue;
      if (q.environmentId && e.context.environmentId !== q.environmentId) continue;
      if (matched++ >= skip2) out.push(e);
    }
    return out;
  }
};
function lowerBound(events, since) {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (events[mid].createdAt < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// emulator/store/state.ts
var State = class _State {
  constructor(accountId, actorId, planMemory) {
    this.accountId = accountId;
    this.actorId = actorId;
    this.planMemory = planMemory;
    this.events = new EventLog(accountId, actorId);
  }
  accountId;
  actorId;
  planMemory;
  environments = /* @__PURE__ */ new Map();
  spaces = /* @__PURE__ */ new Map();
  files = /* @__PURE__ */ new Map();
  workbooks = /* @__PURE__ */ new Map();
  sheets = /* @__PURE__ */ new Map();
  tables = /* @__PURE__ */ new Map();
  jobs = /* @__PURE__ */ new Map();
  /** Jobs that have had their single `job:ready`. */
  readyJobs = /* @__PURE__ */ new Set();
  plans = /* @__PURE__ */ new Map();
  commits = /* @__PURE__ */ new Map();
  commitRows = /* @__PURE__ */ new Map();
  secrets = /* @__PURE__ */ new Map();
  commitSeq = 0;
  events;
  static fresh(planMemory) {
    return new _State(newId("acc"), newId("key"), planMemory);
  }
  environment(id) {
    return need(this.environments.get(id), "Environment", id, "environmentId");
  }
  space(id) {
    return need(this.spaces.get(id), "Space", id, "spaceId");
  }
  file(id) {
    return need(this.files.get(id), "File", id, "fileId");
  }
  workbook(id) {
    return need(this.workbooks.get(id), "Workbook", id, "workbookId");
  }
  sheet(id) {
    return need(this.sheets.get(id), "Sheet", id, "sheetId");
  }
  table(sheetId) {
    return need(this.tables.get(sheetId), "Sheet", sheetId, "sheetId");
  }
  job(id) {
    return need(this.jobs.get(id), "Job", id, "jobId");
  }
  commit(id) {
    return need(this.commits.get(id), "Commit", id, "commitId");
  }
  sheetsOf(workbookId) {
    return [...this.sheets.values()].filter((s) => s.workbookId === workbookId);
  }
  /** Event context of a sheet: everything a listener filter such as `{ sheetSlug }` matches on. */
  sheetContext(sheet) {
    const wb = this.workbook(sheet.workbookId);
    return {
      environmentId: wb.environmentId,
      spaceId: wb.spaceId,
      workbookId: wb.id,
      sheetId: sheet.id,
      sheetSlug: sheet.slug,
      slugs: { sheet: sheet.slug }
    };
  }
};
function need(value, kind, id, key) {
  if (value === void 0) throw notFound(kind, id, key);
  return value;
}

// emulator/persistence.ts
var DEBOUNCE_MS = 10;
var COMPACT_FACTOR = 2;
var COMPACT_SLACK = 1e4;
function writeAtomic(path, data) {
  writeFileSync(`${path}.tmp`, data);
  renameSync2(`${path}.tmp`, path);
}
function toRuns(rows) {
  const runs = [];
  for (let i = 0; i < rows.length; ) {
    const start = rows[i];
    let n = 1;
    while (i + n < rows.length && rows[i + n] === start + n) n++;
    runs.push(start, n);
    i += n;
  }
  return runs;
}
function fromRuns(runs) {
  let total = 0;
  for (let i = 1; i < runs.length; i += 2) total += runs[i];
  const rows = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < runs.length; i += 2) for (let k = 0; k < runs[i + 1]; k++) rows[at++] = runs[i] + k;
  return rows;
}
var Persistence = class {
  constructor(dir, state, loadedEntries = /* @__PURE__ */ new Map()) {
    this.dir = dir;
    this.state = state;
    mkdirSync(join(dir, "sheets"), { recursive: true });
    this.entries = loadedEntries;
    state.events.watch((e) => {
      this.pendingEvents.push(e);
      this.schedule();
    });
  }
  dir;
  state;
  timer;
  /** Entries in each sheet's log, to know when to compact it. */
  entries = /* @__PURE__ */ new Map();
  pendingEvents = [];
  /** The state saved in `dir` and each sheet log's entry count, or undefined on first start. */
  static load(dir) {
    const path = join(dir, "state.json");
    if (!existsSync2(path)) return void 0;
    const snap = JSON.parse(readFileSync2(path, "utf8"));
    const memory = new PlanMemory();
    memory.load(snap.planMemory);
    const state = new State(snap.accountId, snap.actorId, memory);
    state.commitSeq = snap.commitSeq;
    const fill = (map, items) => items.forEach((i) => map.set(i.id, i));
    fill(state.environments, snap.environments);
    fill(state.spaces, snap.spaces);
    fill(state.files, snap.files);
    fill(state.workbooks, snap.workbooks);
    fill(state.sheets, snap.sheets);
    fill(state.jobs, snap.jobs);
    fill(state.commits, snap.commits);
    fill(state.secrets, snap.secrets);
    snap.readyJobs.forEach((id) => state.readyJobs.add(id));
    snap.plans.forEach(([id, plan]) => state.plans.set(id, plan));
    snap.commitRows.forEach(([id, c]) => state.commitRows.set(id, { seq: c.seq, rows: fromRuns(c.runs) }));
    readLines(join(dir, "events.jsonl")).forEach((e) => state.events.add(e));
    const entries = /* @__PURE__ */ new Map();
    for (const sheet of snap.sheets) {
      const table = new RecordTable(idTail(sheet.id), compileSchema(sheet.config));
      let n = 0;
      for (const line of readLines(join(dir, "sheets", `${sheet.id}.log`))) {
        table.replay(line);
        n += line.rows.length;
      }
      table.finishReplay();
      state.tables.set(sheet.id, table);
      entries.set(sheet.id, n);
    }
    return { state, entries };
  }
  schedule() {
    this.timer ??= setTimeout(() => this.flush(), DEBOUNCE_MS);
  }
  flush() {
    clearTimeout(this.timer);
    this.timer = void 0;
    const s = this.state;
    for (const [id, table] of s.tables) this.saveTable(id, table);
    for (const id of this.entries.keys()) {
      if (!s.tables.has(id)) {
        rmSync(join(this.dir, "sheets", `${id}.log`), { force: true });
        this.entries.delete(id);
      }
    }
    appendLines(join(this.dir, "events.jsonl"), this.pendingEvents);
    this.pendingEvents = [];
    const snap = {
      accountId: s.accountId,
      actorId: s.actorId,
      commitSeq: s.commitSeq,
      environments: [...s.environments.values()],
      spaces: [...s.spaces.values()],
      files: [...s.files.values()],
      workbooks: [...s.workbooks.values()],
      sheets: [...s.sheets.values()],
      jobs: [...s.jobs.values()],
      readyJobs: [...s.readyJobs],
      plans: [...s.plans],
      commits: [...s.commits.values()],
      commitRows: [...s.commitRows].map(([id, c]) => [id, { seq: c.seq, runs: toRuns(c.rows) }]),
      secrets: [...s.secrets.values()],
      planMemory: s.planMemory.toJSON()
    };
    writeAtomic(join(this.dir, "state.json"), JSON.stringify(snap));
  }
  /** Appends the rows that changed, or rewrites the log from the live rows once it has grown past twice the sheet. */
  saveTable(id, table) {
    const path = join(this.dir, "sheets", `${id}.log`);
    const known = this.entries.get(id);
    let n = known ?? 0;
    const counted = function* (lines) {
      for (const l of lines) {
        n += l.rows.length;
        yield l;
      }
    };
    if (known === void 0) {
      rewriteLines(path, counted(table.drainChanges(true)));
    } else {
      appendLines(path, counted(table.drainChanges()));
      if (n > COMPACT_FACTOR * table.total + COMPACT_SLACK) {
        n = 0;
        rewriteLines(path, counted(table.drainChanges(true)));
      }
    }
    this.entries.set(id, n);
  }
};

// emulator/push.ts
import { createHmac, timingSafeEqual } from "node:crypto";
var TIMESTAMP_HEADER = "x-flatfeed-timestamp";
var SIGNATURE_HEADER = "x-flatfeed-signature";
var EVENT_ID_HEADER = "x-flatfeed-event-id";
function sign(secret, timestamp, body) {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}
function verifySignature(secret, timestamp, body, signature, toleranceSeconds = 300, now = Date.now()) {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(now / 1e3 - ts) > toleranceSeconds) return false;
  const want = Buffer.from(sign(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
var ATTEMPTS = 3;
var EventPush = class {
  constructor(targets, report) {
    this.targets = targets;
    this.report = report;
  }
  targets;
  report;
  queues = /* @__PURE__ */ new Map();
  push(event) {
    const body = JSON.stringify(event);
    for (const t of this.targets) {
      const prev = this.queues.get(t.url) ?? Promise.resolve();
      this.queues.set(t.url, prev.then(() => this.deliver(t, event.id, body)));
    }
  }
  async drain() {
    await Promise.all(this.queues.values());
  }
  async deliver(t, id, body) {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const timestamp = String(Math.floor(Date.now() / 1e3));
      try {
        const res = await fetch(t.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: sign(t.secret, timestamp, body),
            [EVENT_ID_HEADER]: id
          },
          body
        });
        if (res.ok) return;
        this.report(`push ${id} to ${t.url}: HTTP ${res.status} (attempt ${attempt})`);
      } catch (err) {
        this.report(`push ${id} to ${t.url}: ${err.message} (attempt ${attempt})`);
      }
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
};

// emulator/router.ts
var Router = class {
  routes = [];
  add(method, path, handler) {
    this.routes.push({ method, parts: path.split("/").filter(Boolean), name: `${method} ${path}`, handler });
    this.routes.sort((a, b) => score(b) - score(a));
    return this;
  }
  match(method, path) {
    const segs = path.split("/").filter(Boolean);
    let pathMatched = false;
    for (const r of this.routes) {
      if (r.parts.length !== segs.length) continue;
      const params = {};
      let ok2 = true;
      for (let i = 0; i < segs.length && ok2; i++) {
        const p = r.parts[i];
        if (p.startsWith(":")) params[p.slice(1)] = decodeURIComponent(segs[i]);
        else ok2 = p === segs[i];
      }
      if (!ok2) continue;
      pathMatched = true;
      if (r.method === method) return { route: r, params };
    }
    return pathMatched ? "method" : void 0;
  }
};
var score = (r) => r.parts.reduce((s, p, i) => s + (p.startsWith(":") ? 0 : 2 ** (10 - i)), 0);

// emulator/http.ts
import { isAscii } from "node:buffer";
import { createGunzip } from "node:zlib";
var ok = (data, extra = {}) => ({ body: { data, ...extra } });
var success = () => ok({ success: true });
var MAX_BODY = 512 * 1024 * 1024;
async function readBody(req) {
  const gzip = /gzip/i.test(String(req.headers["content-encoding"] ?? ""));
  const source = gzip ? req.pipe(createGunzip()) : req;
  const chunks = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > MAX_BODY) throw badRequest("Request body too large");
      chunks.push(chunk);
    }
  } catch (err) {
    if (gzip) req.resume();
    throw err instanceof ApiError ? err : badRequest(`Invalid ${gzip ? "gzip " : ""}request body: ${err.message}`);
  }
  return Buffer.concat(chunks);
}
async function readJson(req) {
  return parseJson(await readBody(req));
}
function parseJson(buf) {
  if (buf.length === 0) return {};
  try {
    return JSON.parse(isAscii(buf) ? buf.toString("latin1") : buf.toString("utf8"));
  } catch (err) {
    throw badRequest(`Malformed JSON: ${err.message}`);
  }
}
async function readObject(req) {
  const body = await readJson(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("Request body must be a JSON object");
  return body;
}
function intParam(q, name, def, min, max) {
  const raw = q.get(name);
  if (raw === null || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`${name} must be an integer from ${min} to ${max}`, name);
  return n;
}
function boolParam(q, name) {
  const raw = q.get(name);
  if (raw === null) return void 0;
  if (raw !== "true" && raw !== "false") throw badRequest(`${name} must be true or false`, name);
  return raw === "true";
}
function pagination(total, pageSize, pageNumber) {
  return { pagination: { currentPage: pageNumber, pageCount: Math.ceil(total / pageSize), totalCount: total } };
}
function page(items, q, defaultSize) {
  const pageSize = intParam(q, "pageSize", defaultSize, 1, 1e4);
  const pageNumber = intParam(q, "pageNumber", 1, 1, Number.MAX_SAFE_INTEGER);
  const start = (pageNumber - 1) * pageSize;
  return ok(items.slice(start, start + pageSize), pagination(items.length, pageSize, pageNumber));
}

// emulator/routes/commits.ts
function commitRoutes(r, { state, writer: writer2 }) {
  r.add("GET", "/commits/:id", ({ params }) => ok(state.commit(params.id)));
  r.add("POST", "/commits/:id/complete", ({ params }) => {
    writer2.complete(state.commit(params.id).id);
    return success();
  });
}

// emulator/schemas.ts
import * as serialization from "@flatfile/api/serialization/index.js";
function checkRequest(name, body) {
  const schema = serialization[name];
  const result = schema.parse(body, { unrecognizedObjectKeys: "passthrough" });
  if (!result.ok) {
    const first = result.errors.find((e) => e.path.length > 0) ?? result.errors[0];
    const message = result.errors.map((e) => `${e.path.join(".") || "body"}: ${e.message}`).join("; ");
    throw badRequest(message, first.path.join(".") || void 0);
  }
  return body;
}

// emulator/routes/environments.ts
function environmentRoutes(r, { state }) {
  r.add("GET", "/environments", ({ query }) => page([...state.environments.values()], query, 10));
  r.add("POST", "/environments", async ({ req }) => {
    const body = checkRequest("EnvironmentConfigCreate", await readObject(req));
    const env = {
      guestAuthentication: ["magic_link"],
      features: {},
      metadata: {},
      namespaces: [],
      ...body,
      id: newId("env"),
      accountId: state.accountId,
      name: String(body.name),
      isProd: !!body.isProd
    };
    state.environments.set(env.id, env);
    state.events.emit("environment:created", "environment", { environmentId: env.id });
    return ok(env);
  });
  r.add("GET", "/environments/:id", ({ params }) => ok(state.environment(params.id)));
  r.add("PATCH", "/environments/:id", async ({ req, params }) => {
    const env = state.environment(params.id);
    const body = checkRequest("EnvironmentConfigUpdate", await readObject(req));
    Object.assign(env, body, { id: env.id, accountId: env.accountId });
    state.events.emit("environment:updated", "environment", { environmentId: env.id });
    return ok(env);
  });
  r.add("DELETE", "/environments/:id", ({ params }) => {
    const env = state.environment(params.id);
    state.environments.delete(env.id);
    state.events.emit("environment:deleted", "environment", { environmentId: env.id });
    return success();
  });
}

// emulator/routes/events.ts
function eventRoutes(r, { state }) {
  const get = (id) => {
    const e = state.events.get(id);
    if (!e) throw notFound("Event", id, "eventId");
    return e;
  };
  r.add("GET", "/events", ({ query }) => {
    const since = query.get("since");
    if (since !== null && Number.isNaN(Date.parse(since))) throw badRequest("since must be an ISO date", "since");
    return ok(
      state.events.list({
        environmentId: query.get("environmentId") ?? void 0,
        spaceId: query.get("spaceId") ?? void 0,
        domain: query.get("domain") ?? void 0,
        topic: query.get("topic") ?? void 0,
        since: since === null ? void 0 : new Date(since).toISOString(),
        includeAcknowledged: boolParam(query, "includeAcknowledged") ?? false,
        pageSize: intParam(query, "pageSize", 10, 1, 1e4),
        pageNumber: intParam(query, "pageNumber", 1, 1, Number.MAX_SAFE_INTEGER)
      })
    );
  });
  r.add("POST", "/events", async ({ req }) => {
    const body = checkRequest("CreateEventConfig", await readObject(req));
    const context = body.context ?? {};
    const environmentId = String(context.environmentId ?? [...state.environments.keys()][0]);
    state.environment(environmentId);
    const extra = {};
    for (const k of ["dataUrl", "callbackUrl", "target", "origin", "namespaces", "attributes"]) if (k in body) extra[k] = body[k];
    const event = state.events.emit(String(body.topic), String(body.domain), { ...context, environmentId }, body.payload ?? {}, extra);
    return ok(event);
  });
  r.add("GET", "/events/:id", ({ params }) => ok(get(params.id)));
  r.add("POST", "/events/:id/ack", ({ params }) => {
    state.events.acknowledge(get(params.id), state.actorId);
    return success();
  });
}

// emulator/routes/files.ts
import busboy from "busboy";

// emulator/extract/header.ts
function columnLetter(i) {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + (n - 1) % 26) + s;
  return s;
}
function detectHeader(options, data) {
  const skip2 = typeof options.skip === "number" ? options.skip : void 0;
  let header;
  let headerRow;
  if (options.algorithm === "explicitHeaders") {
    header = options.headers ?? [];
    headerRow = skip2 ?? 0;
  } else if (options.algorithm === "specificRows") {
    const rows = (options.rowNumbers ?? [0]).map((n) => data[n] ?? []);
    const width = Math.max(0, ...rows.map((r) => r.length));
    header = Array.from({ length: width }, (_, c) => rows.map((r) => r[c] ?? "").filter(Boolean).join(" "));
    headerRow = skip2 ?? Math.max(...options.rowNumbers ?? [0]) + 1;
  } else {
    const searched = data.slice(0, typeof options.rowsToSearch === "number" ? options.rowsToSearch : 10);
    let best = 0;
    searched.forEach((row, i) => {
      if (row.filter((v) => v !== "").length > (searched[best] ?? []).filter((v) => v !== "").length) best = i;
    });
    header = searched[best] ?? [];
    headerRow = searched.length === 0 ? 0 : best + 1;
  }
  return { header, headerRow, letters: header.map((_, i) => columnLetter(i)) };
}

// emulator/routes/files.ts
var MIME = {
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  psv: "text/plain",
  txt: "text/plain",
  json: "application/json",
  xml: "application/xml",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  xls: "application/vnd.ms-excel",
  zip: "application/zip",
  gz: "application/gzip"
};
async function receive(req, s, id) {
  if (!/^multipart\/form-data/i.test(String(req.headers["content-type"] ?? ""))) {
    throw badRequest("Uploads must be multipart/form-data", "file");
  }
  return new Promise((resolve, reject) => {
    const upload = { fields: {}, size: 0 };
    let stored = Promise.resolve();
    let parser;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1 }, defParamCharset: "utf8" });
    } catch (err) {
      reject(badRequest(`Invalid multipart request: ${err.message}`, "file"));
      return;
    }
    parser.on("field", (name, value) => (upload.fields[name] ??= []).push(value));
    parser.on("file", (name, stream, info) => {
      if (name !== "file") {
        stream.resume();
        return;
      }
      upload.name = info.filename;
      stored = s.blobs.write(id, stream).then((n) => void (upload.size = n));
    });
    parser.on("error", (err) => {
      req.unpipe(parser);
      req.resume();
      reject(badRequest(`Invalid multipart request: ${err.message}`, "file"));
    });
    parser.on("close", () => stored.then(() => resolve(upload), reject));
    req.pipe(parser);
  });
}
function fileRoutes(r, s) {
  const { state, jobs, blobs } = s;
  const emit = (topic, file, payload = {}) => {
    state.events.emit(topic, "file", { environmentId: file.environmentId, spaceId: file.spaceId, fileId: file.id }, payload);
  };
  r.add("POST", "/files", async ({ req }) => {
    const id = newId("fl");
    let upload;
    try {
      upload = await receive(req, s, id);
      if (upload.name === void 0) throw badRequest('The multipart body has no "file" part', "file");
      const spaceId = upload.fields.spaceId?.[0];
      if (!spaceId) throw badRequest("spaceId is required", "spaceId");
      const space = state.space(spaceId);
      const environmentId = upload.fields.environmentId?.[0] ?? space.environmentId;
      state.environment(environmentId);
      const name = upload.name || "upload";
      const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
      const now = (/* @__PURE__ */ new Date()).toISOString();
      const file = {
        id,
        name,
        ext,
        mimetype: MIME[ext] ?? "application/octet-stream",
        encoding: "7bit",
        // Extraction (ours or an extractor plugin's) moves it to complete or failed.
        status: "partial",
        mode: upload.fields.mode?.[0] === "export" ? "export" : "import",
        size: upload.size,
        bytesReceived: upload.size,
        spaceId,
        environmentId,
        createdAt: now,
        updatedAt: now,
        ...upload.fields.actions ? { actions: upload.fields.actions.map((a) => JSON.parse(a)) } : {},
        ...upload.fields.origin ? { origin: upload.fields.origin[0] } : {}
      };
      state.files.set(id, file);
      emit("file:created", file);
      jobs.extractNative(file);
      return ok(file);
    } catch (err) {
      await blobs.remove(id);
      if (err instanceof SyntaxError) throw badRequest(`actions must be JSON: ${err.message}`, "actions");
      throw err;
    }
  });
  r.add("GET", "/files", ({ query }) => {
    const spaceId = query.get("spaceId");
    const mode = query.get("mode") ?? "import";
    const list = [...state.files.values()].filter((f) => (!spaceId || f.spaceId === spaceId) && f.mode === mode);
    return page(list, query, 20);
  });
  r.add("GET", "/files/:id", ({ params }) => ok(state.file(params.id)));
  r.add("PATCH", "/files/:id", async ({ req, params }) => {
    const file = state.file(params.id);
    const body = checkRequest("UpdateFileRequest", await readObject(req));
    if (typeof body.workbookId === "string") state.workbook(body.workbookId);
    Object.assign(file, body, { id: file.id, updatedAt: (/* @__PURE__ */ new Date()).toISOString() });
    emit("file:updated", file, { status: file.status, ...file.workbookId ? { workbookId: file.workbookId } : {} });
    return ok(file);
  });
  r.add("DELETE", "/files/:id", async ({ params }) => {
    const file = state.file(params.id);
    state.files.delete(file.id);
    await blobs.remove(file.id);
    emit("file:deleted", file);
    return success();
  });
  r.add("POST", "/files/detect-header", async ({ req }) => {
    const body = checkRequest("DetectHeaderRequest", await readObject(req));
    return ok(detectHeader(body.options, body.data));
  });
  r.add("GET", "/files/:id/download", ({ params }) => {
    const file = state.file(params.id);
    return { stream: blobs.read(file.id), contentType: file.mimetype, length: file.size };
  });
}

// emulator/routes/jobs.ts
function jobRoutes(r, s) {
  const { state, jobs } = s;
  const job = (id) => state.job(id);
  r.add("GET", "/jobs", ({ query }) => {
    const f = (k) => query.get(k);
    const list = [...state.jobs.values()].filter(
      (j) => (!f("environmentId") || j.environmentId === f("environmentId")) && (!f("spaceId") || j.spaceId === f("spaceId")) && (!f("workbookId") || j.type === "workbook" && (j.source === f("workbookId") || j.destination === f("workbookId"))) && (!f("fileId") || j.type === "file" && j.source === f("fileId")) && (!f("source") || j.source === f("source")) && (!f("parentId") || j.parentId === f("parentId"))
    );
    if (f("sortDirection") === "desc") list.reverse();
    return page(list, query, 20);
  });
  r.add("POST", "/jobs", async ({ req }) => ok(jobs.create(checkRequest("JobConfig", await readObject(req)))));
  r.add("GET", "/jobs/:id", ({ params }) => ok(job(params.id)));
  r.add(
    "PATCH",
    "/jobs/:id",
    async ({ req, params }) => ok(jobs.update(job(params.id), checkRequest("JobUpdate", await readObject(req))))
  );
  r.add("DELETE", "/jobs/:id", ({ params }) => {
    jobs.remove(job(params.id));
    return success();
  });
  r.add("POST", "/jobs/:id/execute", ({ params }) => {
    jobs.execute(job(params.id));
    return success();
  });
  r.add(
    "POST",
    "/jobs/:id/ack",
    async ({ req, params }) => ok(jobs.ack(job(params.id), checkRequest("JobAckDetails", await readObject(req))))
  );
  r.add(
    "POST",
    "/jobs/:id/complete",
    async ({ req, params }) => ok(jobs.complete(job(params.id), checkRequest("JobCompleteDetails", await readObject(req))))
  );
  r.add(
    "POST",
    "/jobs/:id/fail",
    async ({ req, params }) => ok(jobs.fail(job(params.id), checkRequest("JobCompleteDetails", await readObject(req))))
  );
  r.add(
    "POST",
    "/jobs/:id/cancel",
    async ({ req, params }) => ok(jobs.cancel(job(params.id), checkRequest("JobCancelDetails", await readObject(req))))
  );
  r.add("POST", "/jobs/:id/outcome/ack", ({ params }) => ok(jobs.acknowledgeOutcome(job(params.id))));
  const planOf = (id) => {
    const j = job(id);
    if (`${j.type}:${j.operation}` !== "workbook:map") throw badRequest(`Job ${id} has no execution plan`, "jobId");
    return j;
  };
  r.add("GET", "/jobs/:id/plan", ({ params }) => {
    const j = planOf(params.id);
    return ok({ job: j, plan: jobs.plan(j) });
  });
  for (const [method, schema, replace] of [
    ["PUT", "JobExecutionPlanRequest", true],
    ["PATCH", "JobExecutionPlanConfigRequest", false]
  ]) {
    r.add(method, "/jobs/:id/plan", async ({ req, params }) => {
      const j = planOf(params.id);
      const plan = jobs.setPlan(j, checkRequest(schema, await readObject(req)), replace);
      return ok({ job: j, plan });
    });
  }
}

// emulator/routes/misc.ts
function miscRoutes(r, { state }) {
  r.add("GET", "/entitlements", () => ok([]));
  r.add("GET", "/secrets", ({ query }) => {
    const env = query.get("environmentId");
    const space = query.get("spaceId");
    if (!env && !space) throw badRequest("environmentId or spaceId is required", "environmentId");
    const visible = [...state.secrets.values()].filter(
      (s) => (!env || s.environmentId === env) && (!s.spaceId || s.spaceId === space)
    );
    const byName = /* @__PURE__ */ new Map();
    for (const s of visible.sort((a, b) => Number(!!a.spaceId) - Number(!!b.spaceId))) byName.set(s.name, s);
    return ok([...byName.values()]);
  });
  r.add("POST", "/secrets", async ({ req }) => {
    const body = checkRequest("WriteSecret", await readObject(req));
    if (typeof body.environmentId === "string") state.environment(body.environmentId);
    const existing = [...state.secrets.values()].find(
      (s) => s.name === body.name && s.environmentId === body.environmentId && s.spaceId === body.spaceId
    );
    const secret = { ...body, id: existing?.id ?? newId("sec"), name: String(body.name), value: String(body.value) };
    state.secrets.set(secret.id, secret);
    state.events.emit(existing ? "secret:updated" : "secret:created", "secret", {
      environmentId: secret.environmentId ?? [...state.environments.keys()][0],
      ...secret.spaceId ? { spaceId: secret.spaceId } : {}
    });
    return ok([secret]);
  });
  r.add("DELETE", "/secrets/:id", ({ params }) => {
    if (!state.secrets.delete(params.id)) throw notFound("Secret", params.id, "secretId");
    return success();
  });
}

// emulator/routes/records.ts
import { Readable } from "node:stream";
var MAX_IDS = 100;
var FILTERS = /* @__PURE__ */ new Set(["valid", "error", "all", "none"]);
var V2_UNSUPPORTED = ["includeLinks", "includeMessages", "includeMetadata", "includeConfig", "includeSheet", "includeSheetSlug", "includeTimestamps"];
function selection(s, q, sheetId) {
  const sel = {};
  const commitId = q.get("commitId") ?? q.get("versionId");
  if (commitId) {
    const commit = s.state.commit(commitId);
    if (commit.sheetId !== sheetId) throw badRequest(`Commit ${commitId} belongs to another sheet`, "commitId");
    sel.commitRows = s.state.commitRows.get(commitId)?.rows ?? new Int32Array(0);
  }
  const since = q.get("sinceCommitId") ?? q.get("sinceVersionId");
  if (since) sel.sinceSeq = s.state.commitRows.get(s.state.commit(since).id)?.seq ?? 0;
  const filter = q.get("filter");
  if (filter !== null) {
    if (!FILTERS.has(filter)) throw badRequest("filter must be one of valid, error, all, none", "filter");
    sel.filter = filter;
  }
  const ids = q.getAll("ids");
  if (ids.length > MAX_IDS) throw badRequest(`At most ${MAX_IDS} ids`, "ids");
  if (ids.length > 0) sel.ids = ids;
  for (const k of ["filterField", "searchValue", "searchField", "sortField"]) {
    const v = q.get(k);
    if (v !== null && v !== "") sel[k] = v;
  }
  const dir = q.get("sortDirection");
  if (dir !== null) {
    if (dir !== "asc" && dir !== "desc") throw badRequest("sortDirection must be asc or desc", "sortDirection");
    sel.sortDirection = dir;
  }
  return sel;
}
function joined(head, records, tail) {
  return [Buffer.from(head), ...records, Buffer.from(tail)];
}
function hooksFor(s, headers) {
  if (!s.honourDisableHooks) return true;
  return headers["x-disable-hooks"] !== "true" || headers["x-force-hooks"] === "true";
}
async function readArray(req) {
  return asArray(await readJson(req));
}
function asArray(body) {
  if (!Array.isArray(body)) throw badRequest("Request body must be a JSON array of records");
  return body;
}
function recordRoutes(r, s) {
  const { state, writer: writer2 } = s;
  r.add("GET", "/sheets/:id/records", ({ params, query }) => {
    const sheet = state.sheet(params.id);
    const table = state.table(sheet.id);
    const pageSize = intParam(query, "pageSize", 1e4, 1, 1e4);
    const pageNumber = intParam(query, "pageNumber", 1, 1, Number.MAX_SAFE_INTEGER);
    const rows = table.select(selection(s, query, sheet.id));
    const from = Math.min(rows.length, (pageNumber - 1) * pageSize);
    const to = Math.min(rows.length, from + pageSize);
    let extra = "";
    if (boolParam(query, "includeCounts")) extra += `,"counts":${JSON.stringify({ ...table.counts(), total: rows.length })}`;
    else if (boolParam(query, "includeLength")) extra += `,"counts":${JSON.stringify({ total: rows.length, valid: 0, error: 0 })}`;
    const commitId = query.get("commitId");
    if (commitId) extra += `,"commitId":${JSON.stringify(commitId)},"versionId":${JSON.stringify(commitId)}`;
    return { json: joined('{"data":{"records":[', table.page(rows, from, to, query.getAll("fields")), `],"success":true${extra}}}`) };
  });
  r.add("GET", "/v2-alpha/records.jsonl", ({ query }) => {
    const sheetId = query.get("sheetId");
    if (!sheetId) throw badRequest("The emulator reads v2 records by sheetId only", "sheetId");
    for (const flag of V2_UNSUPPORTED) {
      if (boolParam(query, flag)) throw badRequest(`${flag} is not supported by the emulator`, flag);
    }
    for (const param of ["workbookId", "sheetSlug", "q", "forEvent"]) {
      if (query.get(param)) throw badRequest(`${param} is not supported by the emulator`, param);
    }
    const sheet = state.sheet(sheetId);
    const table = state.table(sheet.id);
    const rows = table.select(selection(s, query, sheet.id));
    const fields = query.getAll("fields");
    const emptyCells = boolParam(query, "includeEmptyCells") ?? false;
    const context = boolParam(query, "noContext") ? void 0 : sheet.id;
    const contentType = "application/jsonl";
    if (query.get("pageSize") !== null) {
      const pageSize = intParam(query, "pageSize", 1e4, 1, 1e4);
      const pageNumber = intParam(query, "pageNumber", 1, 1, Number.MAX_SAFE_INTEGER);
      const from = Math.min(rows.length, (pageNumber - 1) * pageSize);
      const to = Math.min(rows.length, from + pageSize);
      return { json: [table.jsonlPage(rows, from, to, context, fields, emptyCells)], contentType };
    }
    const chunks = function* () {
      for (let from = 0; from < rows.length; from += 1e4) {
        yield table.jsonlPage(rows, from, Math.min(rows.length, from + 1e4), context, fields, emptyCells);
      }
    };
    return { stream: Readable.from(chunks()), contentType };
  });
  r.add("POST", "/sheets/:id/records", async ({ req, params }) => {
    const sheet = state.sheet(params.id);
    const table = state.table(sheet.id);
    const raw = await readBody(req);
    let body = table.parseInsert(raw);
    if (!body) {
      const records = asArray(parseJson(raw));
      records.forEach((rec, i) => {
        if (!rec || typeof rec !== "object" || Array.isArray(rec)) throw badRequest(`Record ${i} must be an object of cells`);
      });
      body = records;
    }
    const { commitId, rows } = writer2.insert(sheet, body, { hooks: hooksFor(s, req.headers) });
    const ids = commitId ? `,"commitId":"${commitId}","versionId":"${commitId}"` : "";
    const tail = `],"counts":${JSON.stringify(table.counts())}${ids}}}`;
    return { json: joined('{"data":{"success":true,"records":[', table.page(rows, 0, rows.length), tail) };
  });
  r.add("PUT", "/sheets/:id/records", async ({ req, params, query }) => {
    const sheet = state.sheet(params.id);
    const body = await readArray(req);
    const referenced = query.get("commitId") ?? query.get("versionId") ?? void 0;
    const { commitId } = writer2.update(sheet, body, referenced, { hooks: hooksFor(s, req.headers) });
    if (!commitId) return { status: 304, empty: true };
    return { body: { data: { success: true, versionId: commitId, commitId } } };
  });
  r.add("DELETE", "/sheets/:id/records", ({ params, query }) => {
    const sheet = state.sheet(params.id);
    const table = state.table(sheet.id);
    const ids = query.getAll("ids");
    if (ids.length === 0 || ids.length > MAX_IDS) throw badRequest(`ids: give 1 to ${MAX_IDS} record ids`, "ids");
    ids.forEach((id) => table.rowOf(id));
    writer2.delete(sheet, () => table.delete(ids));
    return success();
  });
}

// emulator/routes/workbooks.ts
function matches(value, filter) {
  if (filter === null) return true;
  const negate = filter.startsWith("-");
  const want = negate ? filter.slice(1) : filter;
  const hit = Array.isArray(value) ? value.includes(want) : value === want;
  return negate ? !hit : hit;
}
function commitsOf(s, sheetIds, completed) {
  const ids = new Set(sheetIds);
  return [...s.state.commits.values()].filter(
    (c) => ids.has(c.sheetId) && (completed === void 0 || !!c.completedAt === completed)
  );
}
function workbookRoutes(r, s) {
  const { state, workbooks } = s;
  r.add("GET", "/workbooks", ({ query }) => {
    const spaceId = query.get("spaceId");
    const withCounts = boolParam(query, "includeCounts") ?? false;
    const list = [...state.workbooks.values()].filter(
      (w) => (!spaceId || w.spaceId === spaceId) && matches(w.name, query.get("name")) && matches(w.labels, query.get("label")) && matches(w.namespace, query.get("namespace")) && matches(w.treatments, query.get("treatment"))
    );
    return ok(list.map((w) => workbooks.view(w, withCounts)));
  });
  r.add("POST", "/workbooks", async ({ req }) => {
    const body = checkRequest("CreateWorkbookConfig", await readObject(req));
    if (typeof body.spaceId !== "string") throw badRequest("spaceId is required", "spaceId");
    const space = state.space(body.spaceId);
    const environmentId = typeof body.environmentId === "string" ? body.environmentId : space.environmentId;
    state.environment(environmentId);
    return ok(workbooks.view(workbooks.create(body, environmentId, space.id), true));
  });
  r.add("GET", "/workbooks/:id", ({ params }) => ok(workbooks.view(state.workbook(params.id), true)));
  r.add("PATCH", "/workbooks/:id", async ({ req, params }) => {
    const wb = state.workbook(params.id);
    const body = checkRequest("WorkbookUpdate", await readObject(req));
    return ok(workbooks.view(workbooks.update(wb, body), true));
  });
  r.add("DELETE", "/workbooks/:id", ({ params }) => {
    workbooks.remove(state.workbook(params.id));
    return success();
  });
  r.add("GET", "/workbooks/:id/commits", ({ params, query }) => {
    const wb = state.workbook(params.id);
    return ok(commitsOf(s, state.sheetsOf(wb.id).map((sh) => sh.id), boolParam(query, "completed")));
  });
}

// emulator/routes/sheets.ts
function sheetRoutes(r, s) {
  const { state, workbooks } = s;
  r.add("GET", "/sheets", ({ query }) => {
    const workbookId = query.get("workbookId");
    if (!workbookId) throw badRequest("workbookId is required", "workbookId");
    return ok(state.sheetsOf(state.workbook(workbookId).id).map((sh) => workbooks.sheetView(sh)));
  });
  r.add("GET", "/sheets/:id", ({ params }) => ok(workbooks.sheetView(state.sheet(params.id))));
  r.add("PATCH", "/sheets/:id", async ({ req, params }) => {
    const sheet = state.sheet(params.id);
    const body = checkRequest("SheetUpdateRequest", await readObject(req));
    if (typeof body.name === "string") sheet.name = body.name;
    if (typeof body.slug === "string") sheet.slug = body.slug;
    if (body.metadata !== void 0) sheet.metadata = body.metadata;
    sheet.updatedAt = (/* @__PURE__ */ new Date()).toISOString();
    state.events.emit("sheet:updated", "sheet", state.sheetContext(sheet));
    return ok(workbooks.sheetView(sheet));
  });
  r.add("DELETE", "/sheets/:id", ({ params }) => {
    workbooks.removeSheet(state.sheet(params.id));
    return success();
  });
  r.add("GET", "/sheets/:id/counts", ({ params, query }) => {
    const table = state.table(state.sheet(params.id).id);
    const q = selection(s, query, params.id);
    const unfiltered = !q.commitRows && q.sinceSeq === void 0 && !q.searchValue && !q.filterField;
    if (unfiltered) return ok({ counts: table.counts(), success: true });
    const rows = table.select({ ...q, filter: "all" });
    const valid = table.select({ ...q, filter: "valid" }).length;
    return ok({ counts: { total: rows.length, valid, error: rows.length - valid }, success: true });
  });
  r.add(
    "GET",
    "/sheets/:id/commits",
    ({ params, query }) => ok(commitsOf(s, [state.sheet(params.id).id], boolParam(query, "completed")))
  );
}

// emulator/routes/spaces.ts
function spaceRoutes(r, s) {
  const { state, jobs } = s;
  const view = (space) => ({
    ...space,
    workbooksCount: [...state.workbooks.values()].filter((w) => w.spaceId === space.id).length,
    filesCount: [...state.files.values()].filter((f) => f.spaceId === space.id).length
  });
  const emit = (topic, space) => {
    state.events.emit(topic, "space", { environmentId: space.environmentId, spaceId: space.id }, {});
  };
  const remove = (space) => {
    state.spaces.delete(space.id);
    emit("space:deleted", space);
  };
  r.add("GET", "/spaces", ({ query }) => {
    const env = query.get("environmentId");
    const archived = boolParam(query, "archived") ?? false;
    const search = query.get("search")?.toLowerCase();
    const namespace = query.get("namespace");
    const list = [...state.spaces.values()].filter(
      (sp) => (!env || sp.environmentId === env) && !!sp.archivedAt === archived && (!search || sp.name.toLowerCase().includes(search)) && (!namespace || sp.namespace === namespace)
    );
    return page(list.map(view), query, 10);
  });
  r.add("POST", "/spaces", async ({ req }) => {
    const body = checkRequest("SpaceConfig", await readObject(req));
    const environmentId = typeof body.environmentId === "string" ? body.environmentId : [...state.environments.keys()][0];
    state.environment(environmentId);
    const now = (/* @__PURE__ */ new Date()).toISOString();
    const { autoConfigure, ...config } = body;
    const space = {
      guestAuthentication: ["magic_link"],
      labels: [],
      metadata: {},
      ...config,
      id: newId("sp"),
      name: typeof body.name === "string" ? body.name : "Untitled space",
      environmentId,
      createdAt: now,
      updatedAt: now
    };
    state.spaces.set(space.id, space);
    emit("space:created", space);
    if (autoConfigure) jobs.create({ type: "space", operation: "configure", source: space.id, trigger: "immediate", environmentId });
    return ok(view(space));
  });
  r.add("DELETE", "/spaces", ({ query }) => {
    const ids = query.getAll("spaceIds");
    if (ids.length === 0) throw badRequest("spaceIds is required", "spaceIds");
    ids.map((id) => state.space(id)).forEach(remove);
    return success();
  });
  r.add("GET", "/spaces/:id", ({ params }) => ok(view(state.space(params.id))));
  r.add("PATCH", "/spaces/:id", async ({ req, params }) => {
    const space = state.space(params.id);
    const body = checkRequest("SpaceConfig", await readObject(req));
    if (typeof body.primaryWorkbookId === "string") state.workbook(body.primaryWorkbookId);
    const { autoConfigure: _ignored, ...patch } = body;
    Object.assign(space, patch, { id: space.id, updatedAt: (/* @__PURE__ */ new Date()).toISOString() });
    emit("space:updated", space);
    return ok(view(space));
  });
  r.add("DELETE", "/spaces/:id", ({ params }) => {
    remove(state.space(params.id));
    return success();
  });
  for (const [action, topic] of [
    ["archive", "space:archived"],
    ["unarchive", "space:unarchived"]
  ]) {
    r.add("POST", `/spaces/:id/${action}`, ({ params }) => {
      const space = state.space(params.id);
      if (action === "archive") space.archivedAt = (/* @__PURE__ */ new Date()).toISOString();
      else delete space.archivedAt;
      emit(topic, space);
      return success();
    });
  }
}

// emulator/store/blobs.ts
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join as join2 } from "node:path";
import { Readable as Readable2, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
var MemoryBlobs = class {
  blobs = /* @__PURE__ */ new Map();
  async write(id, source) {
    const chunks = [];
    await pipeline(source, new Writable({ write: (c, _e, cb) => (chunks.push(c), cb()) }));
    const buf = Buffer.concat(chunks);
    this.blobs.set(id, buf);
    return buf.length;
  }
  read(id) {
    return Readable2.from([this.blobs.get(id) ?? Buffer.alloc(0)]);
  }
  async remove(id) {
    this.blobs.delete(id);
  }
};
var DiskBlobs = class {
  constructor(dir) {
    this.dir = dir;
  }
  dir;
  async write(id, source) {
    await mkdir(this.dir, { recursive: true });
    let size = 0;
    source.on("data", (c) => size += c.length);
    await pipeline(source, createWriteStream(join2(this.dir, id)));
    return size;
  }
  read(id) {
    return createReadStream(join2(this.dir, id));
  }
  async remove(id) {
    await rm(join2(this.dir, id), { force: true });
  }
};

// emulator/workbooks.ts
var slugify = (s) => s.trim().replace(/[^\w\s-]/g, "").replace(/[\s_-]+/g, "-").replace(/^-+|-+$/g, "") || "sheet";
function sheetConfig(raw) {
  const name = typeof raw.name === "string" ? raw.name : void 0;
  if (!name) throw badRequest("Sheet name is required", "sheets.name");
  if (!Array.isArray(raw.fields)) throw badRequest(`Sheet ${name} needs fields`, "sheets.fields");
  const keys = /* @__PURE__ */ new Set();
  for (const f of raw.fields) {
    if (!f || typeof f.key !== "string" || f.key === "") throw badRequest(`Sheet ${name}: every field needs a key`, "fields.key");
    if (keys.has(f.key)) throw badRequest(`Sheet ${name}: duplicate field key ${f.key}`, "fields.key");
    keys.add(f.key);
  }
  return { ...raw, name, slug: typeof raw.slug === "string" && raw.slug ? raw.slug : slugify(name), fields: raw.fields };
}
var Workbooks = class {
  constructor(state) {
    this.state = state;
  }
  state;
  create(body, environmentId, spaceId) {
    const now = (/* @__PURE__ */ new Date()).toISOString();
    const configs = (body.sheets ?? []).map(sheetConfig);
    const wb = {
      ...body,
      id: newId("wb"),
      name: String(body.name),
      spaceId,
      environmentId,
      labels: body.labels ?? [],
      settings: body.settings ?? {},
      metadata: body.metadata ?? {},
      createdAt: now,
      updatedAt: now
    };
    delete wb.sheets;
    this.state.workbooks.set(wb.id, wb);
    this.state.events.emit("workbook:created", "workbook", { environmentId, spaceId, workbookId: wb.id });
    for (const config of configs) this.addSheet(wb, config);
    return wb;
  }
  /** PATCH: top-level keys replace; sheets are matched by slug, added when new (Flatfile's `SheetConfigOrUpdate`). */
  update(wb, body) {
    const { sheets, id: _id, spaceId: _s, environmentId: _e, ...rest } = body;
    Object.assign(wb, rest, { updatedAt: (/* @__PURE__ */ new Date()).toISOString() });
    for (const raw of sheets ?? []) {
      const existing = this.state.sheetsOf(wb.id).find((s) => s.slug === raw.slug || raw.id && s.id === raw.id);
      if (!existing) this.addSheet(wb, sheetConfig(raw));
      else {
        const config = sheetConfig({ ...existing.config, ...raw });
        Object.assign(existing, { name: config.name, slug: config.slug, config, updatedAt: wb.updatedAt });
        this.state.table(existing.id).setSchema(compileSchema(config));
        this.state.events.emit("sheet:updated", "sheet", this.state.sheetContext(existing));
      }
    }
    this.state.events.emit("workbook:updated", "workbook", { environmentId: wb.environmentId, spaceId: wb.spaceId, workbookId: wb.id });
    return wb;
  }
  remove(wb) {
    for (const sheet of this.state.sheetsOf(wb.id)) this.removeSheet(sheet);
    this.state.workbooks.delete(wb.id);
    this.state.events.emit("workbook:deleted", "workbook", { environmentId: wb.environmentId, spaceId: wb.spaceId, workbookId: wb.id });
  }
  removeSheet(sheet) {
    const context = this.state.sheetContext(sheet);
    this.state.sheets.delete(sheet.id);
    this.state.tables.delete(sheet.id);
    this.state.events.emit("sheet:deleted", "sheet", context);
  }
  /** A workbook as the API returns it, with its sheets (and their counts when asked). */
  view(wb, withCounts = false) {
    return { ...wb, sheets: this.state.sheetsOf(wb.id).map((s) => this.sheetView(s, withCounts)) };
  }
  sheetView(sheet, withCounts = true) {
    return withCounts ? { ...sheet, recordCounts: this.state.table(sheet.id).counts() } : { ...sheet };
  }
  addSheet(wb, config) {
    if (this.state.sheetsOf(wb.id).some((s) => s.slug === config.slug)) {
      throw badRequest(`Workbook already has a sheet with slug ${config.slug}`, "slug");
    }
    const sheet = {
      id: newId("sh"),
      workbookId: wb.id,
      name: config.name,
      slug: config.slug,
      config,
      metadata: config.metadata ?? {},
      createdAt: wb.updatedAt,
      updatedAt: wb.updatedAt
    };
    this.state.sheets.set(sheet.id, sheet);
    this.state.tables.set(sheet.id, new RecordTable(idTail(sheet.id), compileSchema(config)));
    this.state.events.emit("sheet:created", "sheet", this.state.sheetContext(sheet));
    return sheet;
  }
};

// emulator/server.ts
var json = (res, status, body, contentType = "application/json") => {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
};
var jsonParts = (res, status, parts, contentType = "application/json") => {
  let length = 0;
  for (const p of parts) length += p.length;
  res.writeHead(status, { "content-type": contentType, "content-length": length });
  res.cork();
  for (const p of parts) res.write(p);
  res.end();
};
var errorBody = (message, key) => JSON.stringify({ errors: [key === void 0 ? { message } : { key, message }] });
var Emulator = class _Emulator {
  constructor(url, environmentId, services, server, persistence, push) {
    this.url = url;
    this.environmentId = environmentId;
    this.services = services;
    this.server = server;
    this.persistence = persistence;
    this.push = push;
  }
  url;
  environmentId;
  services;
  server;
  persistence;
  push;
  static async start(options) {
    const log = options.log ?? ((line) => process.stderr.write(`flatfeed emulator: ${line}
`));
    const restored = options.dataDir ? Persistence.load(options.dataDir) : void 0;
    const state = restored?.state ?? State.fresh(new PlanMemory());
    if (state.environments.size === 0) {
      const env = {
        id: newId("env"),
        accountId: state.accountId,
        name: "emulator",
        isProd: false,
        guestAuthentication: ["magic_link"],
        features: {},
        metadata: {},
        namespaces: []
      };
      state.environments.set(env.id, env);
    }
    const blobs = options.dataDir ? new DiskBlobs(join3(options.dataDir, "files")) : new MemoryBlobs();
    const writer2 = new RecordWriter(state);
    const workbooks = new Workbooks(state);
    const services = {
      state,
      writer: writer2,
      workbooks,
      jobs: new Jobs(state, writer2, workbooks, blobs),
      blobs,
      honourDisableHooks: !!options.honourDisableHooks
    };
    const persistence = options.dataDir ? new Persistence(options.dataDir, state, restored?.entries) : void 0;
    const push = options.push?.length ? new EventPush(options.push, log) : void 0;
    if (push) state.events.subscribe((e) => push.push(e));
    const router = new Router();
    for (const register of [
      environmentRoutes,
      spaceRoutes,
      fileRoutes,
      workbookRoutes,
      sheetRoutes,
      recordRoutes,
      jobRoutes,
      eventRoutes,
      commitRoutes,
      miscRoutes
    ]) {
      register(router, services);
    }
    const faults = options.faults ? new FaultInjector(options.faults) : void 0;
    const handle = requestHandler(router, options.token, faults, persistence, log);
    const server = createServer((req, res) => void handle(req, res));
    server.keepAliveTimeout = 65e3;
    const host = options.host ?? "127.0.0.1";
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, resolve);
    });
    const { port } = server.address();
    const environmentId = [...state.environments.keys()][0];
    persistence?.flush();
    return new _Emulator(`http://${host}:${port}`, environmentId, services, server, persistence, push);
  }
  /** Stops accepting requests, lets platform jobs and pushes finish, and saves state. */
  async stop() {
    const closed = new Promise((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    await this.services.jobs.idle();
    await this.push?.drain();
    this.persistence?.flush();
  }
};
async function startEmulator(options) {
  return Emulator.start(options);
}
function requestHandler(router, token, faults, persistence, log) {
  const expected = `Bearer ${token}`;
  return async (req, res) => {
    try {
      const raw = req.url ?? "/";
      const q = raw.indexOf("?");
      const pathname = q < 0 ? raw : raw.slice(0, q);
      const query = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
      const path = pathname.replace(/\/{2,}/g, "/");
      const v2 = path.startsWith("/v2-alpha/");
      if (!v2 && (!path.startsWith("/v1/") || path.startsWith("/v1/v2-alpha/"))) throw new ApiError(404, `No route for ${req.method} ${pathname}`);
      if (req.headers.authorization !== expected) throw new ApiError(401, "Missing or invalid bearer token");
      const match = router.match(req.method ?? "GET", v2 ? path : path.slice(3));
      if (match === void 0) throw new ApiError(404, `No route for ${req.method} ${pathname}`);
      if (match === "method") throw new ApiError(405, `${req.method} is not supported on ${pathname}`);
      for (const fault of faults?.draw(match.route.name) ?? []) {
        if (fault.kind === "latency") await new Promise((r) => setTimeout(r, fault.ms));
        else if (fault.kind === "drop") {
          req.socket.destroy();
          return;
        } else if (fault.kind === "throttle") {
          res.setHeader("retry-after", "1");
          throw new ApiError(429, "Too many requests (injected fault)");
        } else throw new ApiError(500, "Internal server error (injected fault)");
      }
      const reply = await match.route.handler({ req, res, params: match.params, query });
      send(res, reply);
      if (req.method !== "GET") persistence?.schedule();
    } catch (err) {
      req.resume();
      if (res.headersSent || res.destroyed) return;
      if (err instanceof ApiError) {
        json(res, err.status, errorBody(err.message, err.key));
      } else {
        log(`${req.method} ${req.url}: ${err?.stack ?? String(err)}`);
        json(res, 500, errorBody(`Internal error: ${err?.message ?? String(err)}`));
      }
    }
  };
}
function send(res, reply) {
  const status = reply.status ?? 200;
  if ("empty" in reply) {
    res.writeHead(status);
    res.end();
  } else if ("json" in reply) {
    if (typeof reply.json === "string") json(res, status, reply.json, reply.contentType);
    else jsonParts(res, status, reply.json, reply.contentType);
  } else if ("stream" in reply) {
    res.writeHead(status, {
      "content-type": reply.contentType,
      ...reply.length !== void 0 ? { "content-length": reply.length } : {}
    });
    reply.stream.on("error", () => res.destroy());
    reply.stream.pipe(res);
  } else {
    json(res, status, JSON.stringify(reply.body));
  }
}

export {
  TIMESTAMP_HEADER,
  SIGNATURE_HEADER,
  EVENT_ID_HEADER,
  sign,
  verifySignature,
  Emulator,
  startEmulator
};
//# sourceMappingURL=chunk-2EB7FV5Q.js.map
