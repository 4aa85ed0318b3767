import type { RunNotice } from '../../shared/notify/outbound.js';
import type { TestPipeline } from './pipeline.js';
import { waitFor } from './wait.js';

/** Notes of the notice a drop of the same file again gets, which is not the run's own end. */
const DROPPED_AGAIN = 'the file was dropped again';

/**
 * The outbound queue's run notices, as a test reads them: `peek` hides what it read for 30 s and then shows it again,
 * so every notice read so far is kept, once each.
 */
export function noticeReader() {
  const seen = new Map<string, RunNotice>();
  const all = async (p: TestPipeline): Promise<RunNotice[]> => {
    for (const n of (await p.peek('outbound')) as RunNotice[]) seen.set(JSON.stringify(n), n);
    return [...seen.values()];
  };
  return {
    all,
    /** The run's own notices once at least one arrived (the ledger can show the end a moment before its notice is sent). */
    of: (p: TestPipeline, runId: string) =>
      waitFor(`a notice of ${runId}`, async () => {
        const mine = (await all(p)).filter((n) => n.runId === runId && !n.notes?.some((x) => x.startsWith(DROPPED_AGAIN)));
        return mine.length > 0 ? mine : undefined;
      }),
  };
}
