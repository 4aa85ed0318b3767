// Child process: @flatfile/plugin-xlsx-extractor driven by @flatfile/listener, as a Flatfile agent runs it. The plugin
// builds its API client at import, so the environment is set before the dynamic imports.
const env = (name: string): string => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
const [BENCH_URL, BENCH_TOKEN, BENCH_FILE, BENCH_SPACE, BENCH_ENV] = ['BENCH_URL', 'BENCH_TOKEN', 'BENCH_FILE', 'BENCH_SPACE', 'BENCH_ENV'].map(env) as [string, string, string, string, string];
process.env.AGENT_INTERNAL_URL = BENCH_URL;
process.env.FLATFILE_BEARER_TOKEN = BENCH_TOKEN;

const { FlatfileClient } = await import('@flatfile/api');
const { FlatfileListener } = await import('@flatfile/listener');
const { ExcelExtractor } = await import('@flatfile/plugin-xlsx-extractor');

const api = new FlatfileClient({ token: BENCH_TOKEN, apiUrl: BENCH_URL });
const listener = FlatfileListener.create((l) => l.use(ExcelExtractor()));
const events = async (topic: string) => {
  const { data } = await api.events.list({ environmentId: BENCH_ENV, spaceId: BENCH_SPACE, topic, includeAcknowledged: true, pageSize: 1000 });
  // Listeners get the wire form, as from a poller's JSON.
  return data.map((e) => JSON.parse(JSON.stringify(e)) as Record<string, any>);
};

const created = (await events('file:created')).find((e) => e.context.fileId === BENCH_FILE);
if (!created) throw new Error('no file:created event for the benchmark file');
await listener.dispatchEvent(created);
const ready = (await events('job:ready')).find((e) => e.context.fileId === BENCH_FILE);
if (!ready) throw new Error('the plugin created no extraction job');

const t = performance.now();
await listener.dispatchEvent(ready);
const seconds = (performance.now() - t) / 1000;
const { data: job } = await api.jobs.get(ready.context.jobId as string);
const { data: file } = await api.files.get(BENCH_FILE);
process.stdout.write(
  `${JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, result: { jobStatus: job.status, outcome: job.outcome?.message, workbookId: file.workbookId } })}\n`,
);
