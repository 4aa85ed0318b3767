import type { Ledger, Run, RunState } from '../shared/ledger/index.js';
import type { Progress, RunView } from './run-timeline.js';

export interface RunWatch {
  /** The latest version of every run seen so far, by run id. */
  runs(): ReadonlyMap<string, Run>;
  /** Polls the ledger once more now (e.g. right before a final report). */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

export interface RunWatchOptions {
  ledger: Ledger;
  feeds: readonly string[];
  /** Only runs created at or after this ISO time. */
  since: string;
  /** Called once per run for each state it is seen in, in the order seen. */
  onChange: (run: Run, previous: RunState | undefined) => void;
  /**
   * Called when a run still in the same state reports new progress (run.progress), at most once per
   * `progressEveryMs` per run, with the progress seen before (for the rate between two observations).
   */
  onProgress?: (run: Run, previous: Progress | undefined) => void;
  progressEveryMs?: number;
  onError?: (err: unknown) => void;
  intervalMs?: number;
}

/**
 * Follows runs through the ledger by polling it (the ledger is the pipeline's memory; nothing else needs to know a
 * watcher exists). A state held for less than one interval can be missed: this is progress for people, not an audit.
 */
export function watchRuns(options: RunWatchOptions): RunWatch {
  const { ledger, feeds, since, onChange } = options;
  const seen = new Map<string, Run>();
  const progressSaid = new Map<string, { at: number; progress: Progress }>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const poll = async () => {
    const lists = await Promise.all(feeds.map((feed) => ledger.listRuns(feed, since)));
    // Oldest first, so lines for several runs come out in the order the runs began.
    for (const run of lists.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      const previous = seen.get(run.runId);
      seen.set(run.runId, run);
      if (previous?.state !== run.state) onChange(run, previous?.state);
      else reportProgress(run as RunView);
    }
  };
  const reportProgress = (run: RunView) => {
    const progress = run.progress;
    // Progress belongs to the stage the run is in; a run that has moved on (or ended) keeps its last figures, which
    // are no longer news.
    if (!options.onProgress || !progress || progress.stage !== run.state) return;
    const said = progressSaid.get(run.runId);
    if (said && (said.progress.at === progress.at || Date.now() - said.at < (options.progressEveryMs ?? 5000))) return;
    options.onProgress(run, said?.progress);
    progressSaid.set(run.runId, { at: Date.now(), progress });
  };
  let current = Promise.resolve();
  const tick = () => {
    current = poll()
      .catch((err: unknown) => options.onError?.(err))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 250);
      });
  };
  tick();

  return {
    runs: () => seen,
    async poll() {
      await current;
      await poll();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
