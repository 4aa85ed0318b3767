import { setTimeout as sleep } from 'node:timers/promises';
import { TERMINAL_STATES } from '../shared/ledger/index.js';
import { Ledger } from '../shared/ledger/index.js';
import { createDocumentClient } from '../shared/aws/clients.js';
import { CliError } from './cli-error.js';
import { painter, terminalWidth } from './colour.js';
import { flatfileLink } from './flatfile-link.js';
import { rejectReasons } from './ledger-read.js';
import { progressPhrase, type Progress, type RunView } from '../local/run-timeline.js';
import { renderRun, type RunExtras } from './runs-view.js';
import { reviewHints } from './review-hints.js';
import { resolveTarget, type TargetOptions } from './target.js';

export interface ShowRunOptions extends TargetOptions {
  json?: boolean;
  watch?: boolean;
  manifest?: string;
  /** The run may not be in the ledger yet (just dropped): wait for it to appear, up to this long. */
  waitForRun?: boolean;
  /** Between ledger reads while watching. */
  intervalMs?: number;
  print?: (line: string) => void;
}

/** `flatfeed run <id> [--watch]`. */
export async function showRun(id: string, opts: ShowRunOptions): Promise<void> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const target = await resolveTarget(opts);
  try {
    if (!target.ledgerTable) throw new CliError('no ledger table: start `npm run dev`, or pass --ledger-table / set LEDGER_TABLE');
    const ledger = new Ledger(createDocumentClient(target.dynamodb), target.ledgerTable);
    const read = async () => {
      const run = (await ledger.getRun(id)) as RunView | undefined;
      if (!run) throw new CliError(`no run ${id} in ${target.ledgerTable} on ${target.where}`);
      return run;
    };
    if (opts.waitForRun) {
      // Ingress writes the run once the S3 notification reaches it; a drop is followed from that moment.
      const until = Date.now() + 120_000;
      while (!(await ledger.getRun(id)) && Date.now() < until) await sleep(opts.intervalMs ?? 1000);
    }
    let run = await read();
    if (opts.watch) {
      const live = Boolean(process.stdout.isTTY) && !opts.json;
      let previous: Progress | undefined;
      let said = '';
      while (!TERMINAL_STATES.includes(run.state)) {
        const phrase = progressPhrase(run, previous);
        const line = `${new Date().toISOString().slice(11, 19)}  ${run.state}${phrase ? `  ${phrase}` : ''}`;
        if (line.slice(10) !== said) {
          // On a terminal the line is rewritten in place; elsewhere (a log, a pipe) each change is a line of its own.
          if (live) process.stdout.write(`\r\u001b[2K${line}`);
          else print(line);
          said = line.slice(10);
        }
        previous = run.progress ?? previous;
        await sleep(opts.intervalMs ?? 1000);
        run = await read();
      }
      if (live) process.stdout.write('\r\u001b[2K');
    }
    if (opts.json) {
      print(JSON.stringify(run, null, 2));
      return;
    }
    const extras: RunExtras = {};
    const reasons = await rejectReasons(target.s3, run).catch(() => []);
    if (reasons.length > 0) extras.reasons = reasons;
    const link = await flatfileLink(run);
    if (link) extras.flatfileLink = link;
    if (run.state === 'needs-review') {
      const review = await reviewHints(target.s3, run, opts.manifest).catch(() => undefined);
      if (review) extras.review = review;
    }
    const width = terminalWidth();
    print(renderRun(run, extras, { paint: painter(), ...(width ? { width } : {}) }).join('\n'));
  } finally {
    target.destroy();
  }
}
