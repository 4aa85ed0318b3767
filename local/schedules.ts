import { setTimeout as sleep } from 'node:timers/promises';
import type { FunctionId, ScheduleSpec, Topology } from '../infra/topology.js';
import type { LocalAws } from './aws.js';
import { lambdaContext } from './lambda-context.js';

export type ScheduledHandler = (event: unknown, context: never) => Promise<unknown>;

export interface ScheduleRunnerOptions {
  topology: Topology;
  local: Pick<LocalAws, 'region'>;
  handlers: ReadonlyMap<FunctionId, ScheduledHandler>;
  /**
   * Run minute-rate schedules (the events poller) this often instead: locally, events should flow within a second.
   * Slower schedules (the cadence check) keep their real rate, or a local run would warn of stale feeds every second.
   */
  everySeconds?: number;
  onError?: (err: unknown, schedule: ScheduleSpec) => void;
}

export interface ScheduleRunner {
  /** Invokes one schedule now, as `flatfeed pull <feed>` does for a cron feed. */
  runNow(scheduleId: string): Promise<unknown>;
  /** Stops and waits for invocations in flight. */
  stop(): Promise<void>;
}

/**
 * Plays EventBridge Scheduler locally for rate() schedules: each target is invoked with the schedule's input as the
 * event, never overlapping itself. cron() schedules (feed pulls at partner times) run on demand through runNow.
 */
export function startSchedules(options: ScheduleRunnerOptions): ScheduleRunner {
  const { topology, handlers } = options;
  const onError = options.onError ?? ((err, s) => console.error(`[schedule ${s.id}]`, err));
  let stopped = false;
  const abort = new AbortController();

  const invoke = async (schedule: ScheduleSpec) => {
    const fn = topology.functions.find((f) => f.id === schedule.target);
    const handler = handlers.get(schedule.target);
    if (!fn || !handler) throw new Error(`schedule ${schedule.id}: no handler for ${schedule.target}`);
    return handler(schedule.input, lambdaContext(fn, options.local.region) as never);
  };

  const loops = topology.schedules
    .filter((s) => handlers.has(s.target))
    .map((schedule) => {
      const rate = rateSeconds(schedule.expression);
      if (rate === undefined) return Promise.resolve();
      const every = rate <= 60 ? Math.min(rate, options.everySeconds ?? rate) : rate;
      return (async () => {
        while (!stopped) {
          try {
            await invoke(schedule);
          } catch (err) {
            if (!stopped) onError(err, schedule);
          }
          await sleep(every * 1000, undefined, { signal: abort.signal }).catch(() => undefined);
        }
      })();
    });

  return {
    async runNow(scheduleId) {
      const schedule = topology.schedules.find((s) => s.id === scheduleId);
      if (!schedule) throw new Error(`no schedule "${scheduleId}"; known: ${topology.schedules.map((s) => s.id).join(', ')}`);
      return invoke(schedule);
    },
    async stop() {
      stopped = true;
      abort.abort();
      await Promise.all(loops);
    },
  };
}

/** Seconds between runs of a rate() expression; undefined for cron(). */
export function rateSeconds(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!m) return undefined;
  const unit = { minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86_400, days: 86_400 }[m[2]!]!;
  return Number(m[1]) * unit;
}
