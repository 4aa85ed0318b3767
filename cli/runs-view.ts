import { TERMINAL_STATES, type Run, type RunCounts } from '../shared/ledger/index.js';
import { painter, stateStyle, type Paint } from './colour.js';
import { duration, progressPhrase, timeline, type RunView } from '../local/run-timeline.js';
import { renderTable } from './table.js';

const time = (iso: string) => iso.slice(0, 19).replace('T', ' ');
const n = (v: number | undefined) => (v === undefined ? '-' : String(v));

export interface ViewOptions {
  /** The terminal's width; undefined when stdout is not a terminal. */
  width?: number;
  paint?: Paint;
}

/** `flatfeed runs`: one line per run, the run id first (what `run`, `get`, `redrive` take). */
export function renderRuns(runs: readonly Run[], options: ViewOptions = {}): string[] {
  if (runs.length === 0) return ['No runs.'];
  return renderTable(
    [
      { header: 'run id' },
      { header: 'created (UTC)' },
      { header: 'feed' },
      { header: 'state', style: stateStyle },
      { header: 'rows', align: 'right' },
      { header: 'valid', align: 'right' },
      { header: 'invalid', align: 'right' },
      { header: 'out', align: 'right' },
      { header: 'key', shrink: true },
    ],
    runs.map((r) => [
      r.runId,
      time(r.createdAt),
      r.feed,
      r.state,
      n(r.counts.rowsRead),
      n(r.counts.valid),
      n(r.counts.invalid),
      String(r.outputs?.length ?? 0),
      r.member ? `${r.key} › ${r.member}` : r.key,
    ]),
    options,
  );
}

const COUNT_LABELS: [keyof RunCounts, string][] = [
  ['rowsRead', 'rows read'],
  ['blankRows', 'blank rows'],
  ['recordsCreated', 'records created'],
  ['valid', 'valid'],
  ['invalid', 'invalid'],
  ['egressed', 'egressed'],
  ['rejected', 'rejected'],
];

export interface RunExtras {
  /** Why records were invalid, counted from the rejects file: [reason, count], most frequent first. */
  reasons?: readonly (readonly [string, number])[];
  /** Where to see the run in Flatfile (real Flatfile only). */
  flatfileLink?: string;
  /** For needs-review: what the file's header row holds, and a fieldMap to paste into the manifest. */
  review?: { headers: readonly string[]; fieldMap: readonly string[] };
  now?: Date;
}

/** `flatfeed run <id>`: state and reason, the timeline, live progress, counts, reasons by count, outputs, ids. */
export function renderRun(run: RunView, extras: RunExtras = {}, options: ViewOptions = {}): string[] {
  const paint = options.paint ?? painter(false);
  const fields: [string, string | readonly string[] | number | undefined][] = [
    ['run id', run.runId],
    ['feed', run.feed],
    ['state', paint(stateStyle(run.state), run.state)],
    ['reason', run.reason],
    ['source', `s3://${run.bucket}/${run.key}`],
    ['member', run.member],
    ['created', run.createdAt],
    ['updated', run.updatedAt],
    // A stage's last report says nothing once the run has ended.
    ['progress', TERMINAL_STATES.includes(run.state) ? undefined : progressPhrase(run)],
    [
      'last error',
      run.lastError ? paint('red', `${run.lastError.at} ${run.lastError.stage}: ${run.lastError.code}: ${run.lastError.message}`) : undefined,
    ],
  ];
  const lines = labelled(fields);
  const stages = timeline(run, extras.now);
  if (stages.length > 0) {
    lines.push('', 'timeline');
    lines.push(
      ...renderTable(
        [{ header: 'stage' }, { header: 'started (UTC)' }, { header: 'ended (UTC)' }, { header: 'took', align: 'right' }],
        stages.map((s) => [
          s.stage,
          s.startedAt ? time(s.startedAt) : '-',
          s.endedAt ? time(s.endedAt) : s.running ? 'running' : '-',
          s.seconds !== undefined ? duration(s.seconds) : '-',
        ]),
        { paint },
      ).map((l) => `  ${l}`),
    );
  }
  const counts = COUNT_LABELS.filter(([k]) => run.counts[k] !== undefined);
  if (counts.length > 0) {
    lines.push('', 'counts');
    lines.push(...counts.map(([k, label]) => `  ${label.padEnd(16)}${String(run.counts[k]).padStart(10)}`));
  }
  if (extras.reasons && extras.reasons.length > 0) {
    lines.push('', 'why records were invalid (from the rejects file)');
    lines.push(...extras.reasons.map(([reason, count]) => `  ${String(count).padStart(6)}  ${reason}`));
  }
  if (run.outputs && run.outputs.length > 0) lines.push('', 'outputs', ...run.outputs.map((o) => `  ${o}`));
  if (run.missingFields && run.missingFields.length > 0) lines.push('', `missing fields  ${run.missingFields.join(', ')}`);
  if (extras.review) {
    lines.push('', `the file's headers  ${extras.review.headers.map((h) => JSON.stringify(h)).join(', ')}`);
    if (extras.review.fieldMap.length > 0) {
      lines.push('', `add to feed "${run.feed}" in the manifest for the next files; this one waits in Flatfile for a person to map it:`, '', ...extras.review.fieldMap.map((l) => `    ${l}`));
    }
  }
  const ids = labelled([
    ['etag', run.etag],
    ['version id', run.versionId],
    ['bytes in', run.bytesIn],
    ['bytes out', run.bytesOut],
    ['space id', run.spaceId],
    ['workbook id', run.workbookId],
    ['file id', run.fileId],
    ['map job id', run.mapJobId],
    ['egress job id', run.egressJobId],
    ['in Flatfile', extras.flatfileLink],
  ]);
  if (ids.length > 0) lines.push('', ...ids);
  return lines;
}

function labelled(fields: [string, string | readonly string[] | number | undefined][]): string[] {
  const shown = fields.filter((f): f is [string, string | readonly string[] | number] => f[1] !== undefined && !(Array.isArray(f[1]) && f[1].length === 0));
  if (shown.length === 0) return [];
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown.flatMap(([label, value]) => {
    const values = Array.isArray(value) ? value : [String(value)];
    return values.map((v, i) => `${(i === 0 ? label : '').padEnd(width)}  ${v}`);
  });
}
