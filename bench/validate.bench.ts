// Validation of 1,000,000 contacts records (100 commits of 10,000, the platform's commit slice) by our pipeline
// (shared/validate checkRecord: rules, diff; uniqueness is the platform's constraint) and by @flatfile/plugin-record-hook's
// BulkRecordHook running the same compiled rules through FlatfileRecord get/set/addError. In process, same input,
// no HTTP: the plugin gets a stand-in event whose data is the pre-generated page and whose update() is a no-op.
// Target (issue 5): ours >= 3x faster. BENCH_RECORDS=<n> for a quick look.
import { fileURLToPath } from 'node:url';
import { loadManifest } from '../shared/manifest/index.js';
import { checkRecord, compileFeed, type SheetRecord } from '../shared/validate/index.js';

const TOTAL = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const COMMIT = 10_000;

const COUNTRIES = ['DE', 'Germany', 'Deutschland', 'FR', 'France', 'UK', 'GB', 'USA', 'United States', 'Italy'];
const STATUSES = ['lead', 'active', 'customer', 'inactive', 'churned', '', 'vip'];

/** A raw record as mapping leaves it in the sheet: strings, partner spellings, roughly one in ten broken. */
function record(i: number): SheetRecord {
  const email = i % 997 === 0 ? 'not-an-email' : i % 1000 === 1 ? `user${i - 1}@example.com` : i % 3 === 0 ? ` User${i}@Example.COM` : `user${i}@example.com`;
  const day = (i % 28) + 1;
  const month = (i % 12) + 1;
  const date = i % 501 === 0 ? '13/45/2026' : i % 2 === 0 ? `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : `${month}/${day}/2026`.replace(/^(\d)\//, '0$1/').replace(/\/(\d)\//, '/0$1/');
  const cell = (value: string) => value;
  return {
    id: `us_rc_${i.toString(36)}`,
    values: {
      email: cell(email),
      first_name: cell(i % 211 === 0 ? '' : `First${i % 500}`),
      last_name: cell(`Last${i % 700}`),
      phone: cell(i % 307 === 0 ? 'call me' : `+49 30 ${1000000 + (i % 8999999)}`),
      company: cell(`Company ${i % 1000} GmbH`),
      country: cell(COUNTRIES[i % COUNTRIES.length]!),
      status: cell(STATUSES[i % STATUSES.length]!),
      signup_date: cell(date),
    },
  };
}

interface Timing {
  seconds: number;
  updates: number;
}

const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} records/s`;

export default async function bench(): Promise<void> {
  // util-common (imported by the plugin) builds an API client at import time; it never calls it here.
  process.env.FLATFILE_BEARER_TOKEN ??= 'bench';
  process.env.AGENT_INTERNAL_URL ??= 'http://127.0.0.1:9';
  const { BulkRecordHook } = await import('@flatfile/plugin-record-hook');
  type Plugin = Parameters<typeof BulkRecordHook>;

  const manifest = await loadManifest(fileURLToPath(new URL('../feeds/feeds.yaml', import.meta.url)));
  const feed = manifest.feeds.find((f) => f.name === 'contacts')!;
  const validator = compileFeed(feed);
  const ctx = { feed: feed.name, commitId: 'us_vr_bench' };

  let t = performance.now();
  const commits: SheetRecord[][] = [];
  for (let at = 0; at < TOTAL; at += COMMIT) commits.push(Array.from({ length: Math.min(COMMIT, TOTAL - at) }, (_, k) => record(at + k)));
  console.log(`generated ${TOTAL.toLocaleString('en-US')} records in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const ours = (pages: SheetRecord[][]): Timing => {
    const start = performance.now();
    let updates = 0;
    for (const page of pages) {
      const out = [];
      for (const r of page) {
        const { update } = checkRecord(r, validator, undefined, ctx) as Awaited<ReturnType<typeof checkRecord>>;
        if (update) out.push(update);
      }
      updates += out.length;
    }
    return { seconds: (performance.now() - start) / 1000, updates };
  };

  /** The same compiled rules, through the FlatfileRecord API the plugin hands to a bulk hook. */
  let handlerSeconds = 0;
  const handler: Plugin[1] = (records) => {
    const start = performance.now();
    for (const r of records) {
      for (const f of validator.fields) {
        const raw = r.get(f.key);
        const res = f.check(raw);
        if (res.value !== raw && !(res.value == null && raw == null)) r.set(f.key, res.value ?? null);
        for (const m of res.messages) {
          if (m.type === 'error') r.addError(f.key, m.message);
          else r.addWarning(f.key, m.message);
        }
      }
    }
    handlerSeconds += (performance.now() - start) / 1000;
  };

  const plugin = async (pages: SheetRecord[][]): Promise<Timing> => {
    let seconds = 0;
    let updates = 0;
    handlerSeconds = 0;
    for (const page of pages) {
      // The plugin reads v1 records (an object per cell) and its diff deletes unchanged cells from its input: give it
      // its own copy in that shape, outside the clock.
      const data = page.map((r) => ({ id: r.id, values: Object.fromEntries(Object.entries(r.values).map(([k, value]) => [k, { value, messages: [] }])) }));
      const cache = new Map<string, unknown>();
      const after: (() => Promise<void>)[] = [];
      const event = {
        context: { commitId: ctx.commitId },
        payload: { trackChanges: false },
        data: Promise.resolve({ records: data }),
        cache: {
          init: async (k: string, fn: () => Promise<unknown>) => {
            if (!cache.has(k)) cache.set(k, await fn());
            return cache.get(k);
          },
          get: (k: string) => cache.get(k),
        },
        afterAll: (fn: () => Promise<void>) => after.push(fn),
        update: async (records: unknown[]) => {
          updates += records.length;
        },
        fetch: async () => ({}),
      } as unknown as Plugin[0];
      const start = performance.now();
      await BulkRecordHook(event, handler, { chunkSize: COMMIT });
      for (const fn of after) await fn();
      seconds += (performance.now() - start) / 1000;
    }
    return { seconds, updates };
  };

  // Warm both paths up on one commit so the JIT does not favour whichever runs second.
  ours(commits.slice(0, 1));
  await plugin(commits.slice(0, 1));

  const a = ours(commits);
  console.log(`ours   checkRecord (rules + diff):               ${a.seconds.toFixed(2)} s  ${rate(TOTAL, a.seconds)}  (${a.updates} records to write)`);
  const b = await plugin(commits);
  console.log(`plugin BulkRecordHook, rules in the handler only: ${handlerSeconds.toFixed(2)} s  ${rate(TOTAL, handlerSeconds)}`);
  console.log(`plugin BulkRecordHook, whole (wrap, rules, diff): ${b.seconds.toFixed(2)} s  ${rate(TOTAL, b.seconds)}  (${b.updates} records to write)`);
  console.log(`ratio vs the plugin's rule-running part: ${(handlerSeconds / a.seconds).toFixed(1)}x`);
  console.log(`ratio vs the whole BulkRecordHook:      ${(b.seconds / a.seconds).toFixed(1)}x  (target >= 3x)`);
}
