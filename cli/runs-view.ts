import type { Ledger, Run, RunCounts } from '../shared/ledger/index.js';
import { renderTable } from './table.js';

/** Runs of several feeds, newest first (the ledger lists one feed at a time). */
export async function listRunsOf(ledger: Ledger, feeds: readonly string[], since?: string): Promise<Run[]> {
  const lists = await Promise.all(feeds.map((feed) => ledger.listRuns(feed, since)));
  return lists.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const time = (iso: string) => iso.slice(0, 19).replace('T', ' ');
const n = (v: number | undefined) => (v === undefined ? '-' : String(v));

/** `flatfeed runs`: one line per run. */
export function renderRuns(runs: readonly Run[]): string[] {
  if (runs.length === 0) return ['No runs.'];
  return renderTable(
    [
      { header: 'created (UTC)' },
      { header: 'feed' },
      { header: 'key' },
      { header: 'state' },
      { header: 'rows', align: 'right' },
      { header: 'valid', align: 'right' },
      { header: 'invalid', align: 'right' },
      { header: 'outputs', align: 'right' },
      { header: 'run id' },
    ],
    runs.map((r) => [
      time(r.createdAt),
      r.feed,
      r.member ? `${r.key} › ${r.member}` : r.key,
      r.state,
      n(r.counts.rowsRead),
      n(r.counts.valid),
      n(r.counts.invalid),
      String(r.outputs?.length ?? 0),
      r.runId,
    ]),
  );
}

const COUNT_LABELS: [keyof RunCounts, string][] = [
  ['rowsRead', 'rows read'],
  ['recordsCreated', 'records created'],
  ['valid', 'valid'],
  ['invalid', 'invalid'],
  ['egressed', 'egressed'],
  ['rejected', 'rejected'],
];

/** `flatfeed run <id>`: every field of one run, labelled, lists one item per line. */
export function renderRun(run: Run): string[] {
  const fields: [string, string | readonly string[] | number | undefined][] = [
    ['run id', run.runId],
    ['feed', run.feed],
    ['state', run.state],
    ['reason', run.reason],
    ['source', `s3://${run.bucket}/${run.key}`],
    ['member', run.member],
    ['etag', run.etag],
    ['version id', run.versionId],
    ['created', run.createdAt],
    ['updated', run.updatedAt],
    ...COUNT_LABELS.map(([k, label]): [string, number | undefined] => [label, run.counts[k]]),
    ['outputs', run.outputs],
    ['missing fields', run.missingFields?.join(', ')],
    ['bytes in', run.bytesIn],
    ['bytes out', run.bytesOut],
    ['space id', run.spaceId],
    ['workbook id', run.workbookId],
    ['file id', run.fileId],
    ['map job id', run.mapJobId],
    ['egress job id', run.egressJobId],
  ];
  const shown = fields.filter((f): f is [string, string | readonly string[] | number] => f[1] !== undefined && !(Array.isArray(f[1]) && f[1].length === 0));
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown.flatMap(([label, value]) => {
    const values = Array.isArray(value) ? value : [String(value)];
    return values.map((v, i) => `${(i === 0 ? label : '').padEnd(width)}  ${v}`);
  });
}
