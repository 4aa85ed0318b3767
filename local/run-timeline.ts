import type { Run, RunProgress } from '../shared/ledger/index.js';
import { STAGES } from '../shared/run/states.js';

// The ledger's timeline of a run, written by the stages (the `run` engineer's fields, read here as optional so older
// runs and ledgers without them still show): when each stage started and ended, the last error, live progress.

export type { RunProgress as Progress } from '../shared/ledger/index.js';
/** A run as the ledger holds it; the timeline fields are optional (older runs lack them). */
export type RunView = Run;

/** Pipeline order, so stages list as a file passes through them; unknown stages follow in order of start. */
const STAGE_ORDER: readonly string[] = STAGES;

export interface TimelineRow {
  stage: string;
  startedAt?: string;
  endedAt?: string;
  /** Seconds from start to end, or to `now` while the stage runs. */
  seconds?: number;
  running: boolean;
}

export function timeline(run: RunView, now: Date = new Date()): TimelineRow[] {
  const stages = Object.entries(run.stages ?? {}) as [string, { startedAt?: string; endedAt?: string }][];
  const rank = (s: string) => (STAGE_ORDER.includes(s) ? STAGE_ORDER.indexOf(s) : STAGE_ORDER.length);
  stages.sort(([a, ta], [b, tb]) => rank(a) - rank(b) || (ta.startedAt ?? '').localeCompare(tb.startedAt ?? ''));
  return stages.map(([stage, t]) => {
    const start = t.startedAt ? Date.parse(t.startedAt) : undefined;
    const end = t.endedAt ? Date.parse(t.endedAt) : undefined;
    const running = start !== undefined && end === undefined;
    const seconds = start === undefined ? undefined : ((end ?? now.getTime()) - start) / 1000;
    return { stage, ...(t.startedAt ? { startedAt: t.startedAt } : {}), ...(t.endedAt ? { endedAt: t.endedAt } : {}), ...(seconds !== undefined ? { seconds } : {}), running };
  });
}

export interface Rate {
  done: number;
  total?: number;
  /** Records per second since the stage started (or between two observations). */
  perSecond?: number;
  /** Seconds left at that rate. */
  etaSeconds?: number;
}

/**
 * Records done of total, rate and ETA. The rate is over the whole stage when the ledger has its start, else between
 * the previous observation of the same stage and this one.
 */
export function rateOf(run: RunView, previous?: RunProgress): Rate | undefined {
  const p = run.progress;
  if (!p) return undefined;
  const startedAt = run.stages?.[p.stage]?.startedAt;
  let perSecond: number | undefined;
  if (startedAt) {
    const s = (Date.parse(p.at) - Date.parse(startedAt)) / 1000;
    if (s > 0 && p.done > 0) perSecond = p.done / s;
  } else if (previous && previous.stage === p.stage) {
    const s = (Date.parse(p.at) - Date.parse(previous.at)) / 1000;
    if (s > 0 && p.done > previous.done) perSecond = (p.done - previous.done) / s;
  }
  const etaSeconds = perSecond && p.total !== undefined && p.total >= p.done ? (p.total - p.done) / perSecond : undefined;
  return { done: p.done, ...(p.total !== undefined ? { total: p.total } : {}), ...(perSecond ? { perSecond } : {}), ...(etaSeconds !== undefined ? { etaSeconds } : {}) };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
/** Bytes as MB, or KB below a tenth of a MB (a sample file is not `0.0 MB`). */
const mb = (bytes: number) => (bytes < 0.1 * 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);

/** What a stage is doing while its progress shows, where its state's name does not say it: `received` is uploading. */
const DOING: Partial<Record<string, string>> = { received: 'uploading' };

export function duration(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 90) return `${m} min ${Math.round(seconds - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * `egressing 120,000 of 300,000 records (40%), 8,000/s, ETA 23 s`; the upload (`uploading`) and extraction count MB of
 * the file, validation commits, mapping and egress records.
 */
export function progressPhrase(run: RunView, previous?: RunProgress): string | undefined {
  const p = run.progress;
  // Progress belongs to the stage that reported it: once the run has moved on, its last figures are no longer news.
  if (!p || p.stage !== run.state) return undefined;
  const r = rateOf(run, previous);
  if (!r) return undefined;
  const of = r.total !== undefined ? ` of ${int(r.total)}` : '';
  const pct = r.total ? ` (${Math.floor((100 * r.done) / r.total)}%)` : '';
  const rate = r.perSecond ? `, ${int(r.perSecond)}/s` : '';
  const eta = r.etaSeconds !== undefined ? `, ETA ${duration(r.etaSeconds)}` : '';
  const unit = p.unit ?? 'records';
  const doing = DOING[p.stage] ?? p.stage;
  if (unit === 'bytes') {
    const of = r.total !== undefined ? ` of ${mb(r.total)}` : '';
    return `${doing} ${mb(r.done)}${of}${pct}${r.perSecond ? `, ${mb(r.perSecond)}/s` : ''}${eta}`;
  }
  return `${doing} ${int(r.done)}${of} ${unit}${pct}${rate}${eta}`;
}
