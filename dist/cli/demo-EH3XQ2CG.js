import {
  copyOutputs
} from "./chunk-LZJO2ESG.js";
import {
  startPipeline
} from "./chunk-H3JK7XBQ.js";
import "./chunk-2EB7FV5Q.js";
import "./chunk-7KWDS5G2.js";
import {
  progressText
} from "./chunk-MDNYORDY.js";
import "./chunk-X42CG4QS.js";
import {
  watchRuns
} from "./chunk-HAK6BOHJ.js";
import {
  SetupError
} from "./chunk-JXDQ4J6X.js";
import {
  createDocumentClient
} from "./chunk-Q5J7ZNL6.js";
import {
  Ledger
} from "./chunk-A24VEB3K.js";
import {
  TERMINAL_STATES
} from "./chunk-5YJFGHFQ.js";
import {
  loadManifest
} from "./chunk-KBICBZ7T.js";
import "./chunk-LNUHMRFO.js";
import "./chunk-MNF22CDU.js";
import "./chunk-NP6IF4YY.js";
import {
  DEFAULT_MANIFEST_PATH
} from "./chunk-7OHJ3NUU.js";

// local/demo.ts
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { Upload } from "@aws-sdk/lib-storage";

// local/expected.ts
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as z from "zod";
var countsSchema = z.strictObject({
  rowsRead: z.number().int().optional(),
  recordsCreated: z.number().int().optional(),
  valid: z.number().int().optional(),
  invalid: z.number().int().optional(),
  egressed: z.number().int().optional(),
  rejected: z.number().int().optional()
});
var expectedSchema = z.record(
  z.string(),
  z.strictObject({
    state: z.enum(TERMINAL_STATES),
    counts: countsSchema.optional(),
    outputs: z.number().int().optional().describe("how many objects the run writes (outbox and rejects)"),
    note: z.string().optional().describe("why the outcome is what it is, for the person reading expected.json")
  })
);
async function loadExpected(samplesDir) {
  const file = join(samplesDir, "expected.json");
  const text = await readFile(file, "utf8").catch((e) => {
    if (e.code !== "ENOENT") throw e;
    throw new SetupError(`${file}: no such file; a samples folder needs one, e.g. {"<feed>/<file>": {"state": "done", "rowsRead": 20}}`);
  });
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SetupError(`${file}: not valid JSON: ${e.message}`);
  }
  const parsed = expectedSchema.safeParse(json);
  if (!parsed.success) throw new SetupError(`${file}: ${z.prettifyError(parsed.error).replace(/\n/g, " ")}`);
  return parsed.data;
}
function compareWithExpected(got, want) {
  if (!want) return ["no expectation for it in samples/expected.json"];
  if (got.state !== want.state) return [got.state === "missing" ? `no run, expected ${want.state}` : `state ${got.state}, expected ${want.state}`];
  const problems = [];
  for (const [k, v] of Object.entries(want.counts ?? {})) {
    const count = got.counts[k];
    if (count !== v) problems.push(`${k} ${count ?? "unset"}, expected ${v}`);
  }
  if (want.outputs !== void 0 && got.outputs.length !== want.outputs) problems.push(`${got.outputs.length} outputs, expected ${want.outputs}`);
  return problems;
}

// local/samples.ts
import { readdir, stat } from "node:fs/promises";
import { join as join2 } from "node:path";
async function listSamples(samplesDir, manifest) {
  const samples = [];
  for (const feed of manifest.feeds) {
    const dir = join2(samplesDir, feed.name);
    const names = await readdir(dir).catch((err) => {
      if (err.code === "ENOENT") return [];
      throw err;
    });
    for (const file of names.sort()) {
      const path = join2(dir, file);
      const stats = await stat(path);
      if (!stats.isFile() || file.startsWith(".")) continue;
      samples.push({ feed: feed.name, sample: `${feed.name}/${file}`, path, key: `${feed.source.inboxPrefix}${file}`, size: stats.size });
    }
  }
  return samples;
}

// local/demo.ts
var PIPELINE_FUNCTIONS = ["ingress", "eventsPoller", "listener", "worker", "egress"];
async function runDemo(options = {}) {
  const started = Date.now();
  const print = options.print ?? ((line) => console.log(line));
  const samplesDir = options.samplesDir ?? "samples";
  const outDir = options.outDir ?? ".flatfeed/out";
  const deadline = started + (options.deadlineMs ?? 1e5);
  const manifestPath = options.manifestPath ?? DEFAULT_MANIFEST_PATH;
  const manifest = await loadManifest(manifestPath);
  const samples = await listSamples(samplesDir, manifest);
  if (samples.length === 0) throw new SetupError(`no sample files under ${samplesDir}/<feed name>/ (feeds: ${manifest.feeds.map((f) => f.name).join(", ")})`);
  const expected = await loadExpected(samplesDir);
  print(`Starting the local stack: S3 + SQS (fauxqs), DynamoDB (dynalite), ${options.flatfile ? `Flatfile at ${options.flatfile.apiUrl ?? "https://platform.flatfile.com/api"}` : "the Flatfile emulator"} \u2026`);
  const pipeline = await startPipeline({
    manifest,
    manifestPath,
    functions: PIPELINE_FUNCTIONS,
    scheduleEverySeconds: 1,
    ...options.flatfile ? { flatfile: options.flatfile } : {}
  });
  try {
    const { local } = pipeline;
    const ledger = new Ledger(createDocumentClient(local.clients.dynamodb), local.names.tables.ledger);
    const since = (/* @__PURE__ */ new Date()).toISOString();
    const byKey = new Map(samples.map((s) => [s.key, s]));
    const clock = () => `${((Date.now() - started) / 1e3).toFixed(1).padStart(5)}s`;
    const say = (run, previous) => {
      const sample = byKey.get(run.key);
      if (sample && !run.member) print(`  ${clock()}  ${sample.sample.padEnd(width(samples))}  ${progressText(run, previous)}`);
    };
    const watch = watchRuns({
      ledger,
      feeds: manifest.feeds.map((f) => f.name),
      since,
      onChange: (run) => say(run),
      onProgress: (run, previous) => say(run, previous)
    });
    const runOf = (s) => [...watch.runs().values()].find((r) => r.key === s.key && !r.member);
    const finished = (s) => {
      const state = runOf(s)?.state;
      return state !== void 0 && TERMINAL_STATES.includes(state);
    };
    const inbox = local.names.buckets.inbox;
    print(`Dropping ${samples.length} sample file(s) into s3://${inbox}/ \u2026`);
    const droppedAt = /* @__PURE__ */ new Map();
    await Promise.all(
      samples.map(async (s) => {
        droppedAt.set(s, Date.now());
        await new Upload({ client: local.clients.s3, params: { Bucket: inbox, Key: s.key, Body: createReadStream(s.path) } }).done();
      })
    );
    while (!samples.every(finished) && Date.now() < deadline) await sleep(200);
    await watch.stop();
    await watch.poll();
    const timedOut = !samples.every(finished);
    if (timedOut) print(`Deadline of ${((deadline - started) / 1e3).toFixed(0)} s reached with runs still unfinished.`);
    await rm(outDir, { recursive: true, force: true });
    const rows = [];
    for (const s of samples) {
      const run = runOf(s);
      const outputs = run?.outputs ?? [];
      const copies = await copyOutputs(local.clients.s3, outputs, outDir);
      const row = {
        feed: s.feed,
        sample: s.sample,
        key: s.key,
        state: run?.state ?? "missing",
        counts: run?.counts ?? {},
        outputs,
        copies,
        ...droppedAt.has(s) ? { seconds: ((run ? Date.parse(run.updatedAt) : Date.now()) - droppedAt.get(s)) / 1e3 } : {},
        ...run?.reason ? { reason: run.reason } : {},
        ...run ? { runId: run.runId } : {}
      };
      rows.push({ ...row, problems: compareWithExpected(row, expected[s.sample]) });
    }
    return { rows, ok: !timedOut && rows.every((r) => r.problems.length === 0), timedOut, outDir, elapsedMs: Date.now() - started };
  } finally {
    await pipeline.stop();
  }
}
var width = (samples) => Math.max(...samples.map((s) => s.sample.length));
export {
  PIPELINE_FUNCTIONS,
  runDemo
};
//# sourceMappingURL=demo-EH3XQ2CG.js.map
