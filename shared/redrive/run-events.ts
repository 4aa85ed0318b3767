import type { FlatfileApi } from '../flatfile/client.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { Run } from '../ledger/index.js';

const PAGE = 1000;
/** Clocks of the ledger and the platform differ a little: read events from a minute before the run began. */
const CLOCK_SLACK_MS = 60_000;

type ListedEvent = Awaited<ReturnType<FlatfileApi['events']['list']>>['data'][number];

/**
 * The Flatfile events about one run, oldest first: those of its Space since it began whose context names one of its
 * own ids (its uploaded file, destination workbook and sheet, the jobs it created). The platform's own extraction
 * job of the file carries the file's id.
 */
export async function runEvents(
  api: Pick<FlatfileApi, 'events'>,
  environmentId: string,
  run: Run,
  jobIds: readonly string[],
): Promise<EventEnvelope[]> {
  if (!run.spaceId) return [];
  const ids = new Set([run.fileId, run.workbookId, run.sheetId, run.mapJobId, run.egressJobId, ...jobIds].filter((x): x is string => !!x));
  const since = new Date(Date.parse(run.createdAt) - CLOCK_SLACK_MS);
  const mine: ListedEvent[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const { data } = await api.events.list({ environmentId, spaceId: run.spaceId, since, pageSize: PAGE, pageNumber, includeAcknowledged: true });
    mine.push(...data.filter((e) => belongs(e.context as unknown as Record<string, unknown> | undefined, ids)));
    if (data.length < PAGE) break;
  }
  const at = (e: ListedEvent) => new Date(e.createdAt).getTime();
  return (mine.sort((a, b) => at(a) - at(b)) as unknown[]) as EventEnvelope[];
}

function belongs(context: Record<string, unknown> | undefined, ids: ReadonlySet<string>): boolean {
  if (!context) return false;
  return ['fileId', 'workbookId', 'sheetId', 'jobId'].some((k) => typeof context[k] === 'string' && ids.has(context[k]));
}
