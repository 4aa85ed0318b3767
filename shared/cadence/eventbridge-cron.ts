import { CronExpressionParser } from 'cron-parser';

// EventBridge cron (minutes hours day-of-month month day-of-week year) evaluated by cron-parser, which speaks classic
// five-field cron. Two differences matter: EventBridge numbers weekdays 1-7 from Sunday (cron-parser 0-6), and it has a
// year field (cron-parser has none: we filter on it). cron-parser follows the time zone's DST rules the way
// EventBridge Scheduler does: a time skipped in spring never fires.

export class CronError extends Error {
  override readonly name = 'CronError';
}

export interface ParsedCron {
  /** The five classic fields for cron-parser. */
  classic: string;
  /** Does a year match the sixth field? */
  year: (y: number) => boolean;
  /** The first year the sixth field allows (none earlier can match). */
  firstYear: number;
}

export function parseEventBridgeCron(expression: string): ParsedCron {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) throw new CronError(`"${expression}": expected six fields (minutes hours day-of-month month day-of-week year)`);
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (dom !== '?' && dow !== '?') throw new CronError(`"${expression}": one of day-of-month and day-of-week must be "?"`);
  if (/W/i.test(dom)) throw new CronError(`"${expression}": the W (nearest weekday) option is not supported`);
  return {
    classic: [minutes, hours, dom === '?' ? '*' : dom, month, dow === '?' ? '*' : shiftWeekdays(dow)].join(' '),
    ...yearMatcher(year, expression),
  };
}

/** EventBridge 1 (SUN) … 7 (SAT) → cron 0 … 6; names, `L` and `#` suffixes and steps keep their meaning. */
function shiftWeekdays(field: string): string {
  // Only numbers that name a weekday move: not the step after "/" nor the week number after "#".
  return field.replace(/(?<![/#\d])([1-7])(?!\d)/g, (_, d: string) => String(Number(d) - 1));
}

function yearMatcher(field: string, expression: string): Pick<ParsedCron, 'year' | 'firstYear'> {
  if (field === '*' || field === '?') return { year: () => true, firstYear: 1970 };
  let firstYear = Infinity;
  const parts = field.split(',').map((part) => {
    const m = /^(\d{4})(?:-(\d{4}))?(?:\/(\d+))?$/.exec(part);
    if (!m) throw new CronError(`"${expression}": unsupported year "${part}"`);
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : m[3] ? 2199 : from;
    const step = m[3] ? Number(m[3]) : 1;
    firstYear = Math.min(firstYear, from);
    return (y: number) => y >= from && y <= to && (y - from) % step === 0;
  });
  return { year: (y) => parts.some((p) => p(y)), firstYear };
}

/** Occurrences strictly before `before`, newest first, at most `count` (fewer when the years run out). */
export function occurrencesBefore(expression: string, timezone: string, before: Date, count: number): Date[] {
  const cron = parseEventBridgeCron(expression);
  let it;
  try {
    it = CronExpressionParser.parse(cron.classic, { currentDate: before, tz: timezone });
  } catch (e) {
    throw new CronError(`"${expression}": ${(e as Error).message}`, { cause: e });
  }
  const wall = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' });
  const out: Date[] = [];
  let lastWall: string | undefined;
  // Bounded: a year field can skip most occurrences (steps), and none before its first year can match.
  for (let steps = 0; out.length < count && steps < 100_000 && it.hasPrev(); steps++) {
    const at = it.prev().toDate();
    if (at.getTime() >= before.getTime()) continue;
    const local = wall.format(at);
    const year = Number(local.slice(0, 4));
    if (year < cron.firstYear) break;
    // The autumn change repeats an hour; EventBridge Scheduler runs a repeated time once.
    if (local === lastWall || !cron.year(year)) continue;
    lastWall = local;
    out.push(at);
  }
  return out;
}
