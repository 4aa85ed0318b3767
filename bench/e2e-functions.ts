// The functions of the pipeline for the end-to-end benchmark, in a process of their own: the real handlers behind
// SQS triggers and the events-poller schedule, as `flatfeed dev` runs them, against local AWS and the emulator in
// their own processes (BENCH_AWS: the stack's description; FLATFILE_API_URL, EMULATOR_TOKEN, FLATFILE_ENVIRONMENT_ID).
// Each invocation is timed, by function and (for the worker) by kind of work: on SIGTERM the longest and the total
// per kind go to BENCH_INVOCATIONS_FILE, so the benchmark can say how long one Lambda invocation runs.
// Prints {"ready":true} as one JSON line when it polls.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { SQSEvent } from 'aws-lambda';
import { buildTopology, type FunctionId } from '../infra/topology.js';
import { PIPELINE_FUNCTIONS } from '../local/demo.js';
import { startPipeline } from '../local/pipeline.js';
import type { SqsHandler } from '../local/sqs-trigger.js';
import { loadManifest } from '../shared/manifest/index.js';
import type { Invocations } from './e2e-report.js';
import { connectLocalAws, type LocalAwsDescription } from './e2e-stack.js';


const manifestPath = process.env.MANIFEST_PATH!;
const manifest = await loadManifest(manifestPath);
const local = connectLocalAws(JSON.parse(process.env.BENCH_AWS!) as LocalAwsDescription);
const invocations: Invocations = {};
/** Invocations still running: the run reads `done` before the egress invocation that wrote it has returned. */
const running = new Set<Promise<unknown>>();
/** How many invocations of each kind are under way, for the peak RSS seen while each kind ran. */
const active = new Map<string, number>();
const peakRss: Record<string, number> = {};
// Every 250 ms: which kind of work holds the process's memory when it peaks (the process hosts all the functions;
// in AWS each has its own).
setInterval(() => {
  const rss = process.memoryUsage.rss();
  for (const [kind, n] of active) if (n > 0) peakRss[kind] = Math.max(peakRss[kind] ?? 0, rss);
}, 250).unref();
// BENCH_MEMORY_TRACE: a line every 500 ms with process.memoryUsage() in MiB and the kinds of work under way.
if (process.env.BENCH_MEMORY_TRACE) {
  const { appendFileSync } = await import('node:fs');
  const t0 = performance.now();
  setInterval(() => {
    const m = process.memoryUsage();
    const mib = (b: number) => Math.round(b / 1048576);
    const kinds = [...active].filter(([, n]) => n > 0).map(([k, n]) => `${k}×${n}`).join(',');
    appendFileSync(process.env.BENCH_MEMORY_TRACE!, `${((performance.now() - t0) / 1000).toFixed(1)} rss=${mib(m.rss)} heapUsed=${mib(m.heapUsed)} heapTotal=${mib(m.heapTotal)} external=${mib(m.external)} ab=${mib(m.arrayBuffers)} ${kinds}\n`);
  }, 500).unref();
}

/** `worker:validate`, `worker:extract`, `egress`…: the worker's message says which work it does. */
function kindOf(id: FunctionId, event: unknown): string {
  const body = (event as Partial<SQSEvent>)?.Records?.[0]?.body;
  if (id !== 'worker' || !body) return id;
  try {
    return `${id}:${String((JSON.parse(body) as { kind?: string }).kind)}`;
  } catch {
    return id;
  }
}

const handlers: Partial<Record<FunctionId, SqsHandler>> = {};
for (const fn of buildTopology(manifest).functions.filter((f) => PIPELINE_FUNCTIONS.includes(f.id))) {
  const mod = (await import(pathToFileURL(new URL(`../functions/${fn.dir}/handler.ts`, import.meta.url).pathname).href)) as { handler: SqsHandler };
  handlers[fn.id] = async (event, context) => {
    const t = performance.now();
    const kind = kindOf(fn.id, event);
    active.set(kind, (active.get(kind) ?? 0) + 1);
    const invocation = mod.handler(event, context);
    running.add(invocation);
    try {
      return await invocation;
    } finally {
      running.delete(invocation);
      active.set(kind, active.get(kind)! - 1);
      const s = (performance.now() - t) / 1000;
      const k = (invocations[kind] ??= { count: 0, totalSeconds: 0, maxSeconds: 0 });
      k.count++;
      k.totalSeconds += s;
      k.maxSeconds = Math.max(k.maxSeconds, s);
    }
  };
}

const pipeline = await startPipeline({
  manifest,
  manifestPath,
  functions: PIPELINE_FUNCTIONS,
  handlers,
  scheduleEverySeconds: 1,
  local,
  flatfile: { apiUrl: process.env.FLATFILE_API_URL!, token: process.env.EMULATOR_TOKEN!, environmentId: process.env.FLATFILE_ENVIRONMENT_ID! },
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.once('SIGTERM', () => {
  // The invocations under way finish first (at most 10 s), so the one that ended the run is counted too.
  const settled = Promise.allSettled([...running]).then(() => undefined);
  void Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 10_000))])
    .then(() => {
      for (const [kind, bytes] of Object.entries(peakRss)) if (invocations[kind]) invocations[kind].peakRssBytes = bytes;
      if (process.env.BENCH_INVOCATIONS_FILE) writeFileSync(process.env.BENCH_INVOCATIONS_FILE, JSON.stringify(invocations));
      return pipeline.stop();
    })
    .then(() => local.stop())
    .then(() => process.exit(0));
});
