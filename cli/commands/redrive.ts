import { Argument, type Command } from 'commander';

const QUEUES = ['ingress', 'events', 'work', 'egress', 'outbound'];

/**
 * `flatfeed redrive <queue>`: every message of the queue's DLQ back to the queue, once the cause is fixed. The dev
 * stack's queues come from .flatfeed/dev.json; on AWS from `<QUEUE>_QUEUE_URL` and `<QUEUE>_DLQ_URL`.
 */
export function registerRedriveCommand(program: Command): void {
  program
    .command('redrive')
    .description("Move every message of a queue's DLQ back to the queue (after fixing what sent them there); every stage is idempotent")
    .addArgument(new Argument('<queue>', 'the queue whose DLQ to empty').choices(QUEUES))
    .action(async (queue: string) => {
      const [{ CliError }, { resolveTarget }, { moveDlqMessages }] = await Promise.all([
        import('../cli-error.js'),
        import('../target.js'),
        import('../../shared/aws/dlq-redrive.js'),
      ]);
      const target = await resolveTarget({});
      try {
        const { url, dlqUrl } = target.queues[queue] ?? {};
        if (!url || !dlqUrl) {
          throw new CliError(`no URLs for the ${queue} queue and its DLQ: start \`npm run dev\`, or set ${queue.toUpperCase()}_QUEUE_URL and ${queue.toUpperCase()}_DLQ_URL`);
        }
        const report = await moveDlqMessages(target.sqs, dlqUrl, url, { fifo: url.endsWith('.fifo') });
        console.log(
          report.moved === 0 && report.refused.length === 0
            ? `the ${queue} DLQ is empty: nothing to move (${target.where})`
            : `moved ${report.moved} message(s) from the ${queue} DLQ back to ${queue} (${target.where})`,
        );
        if (report.refused.length > 0) {
          for (const r of report.refused) console.error(`refused ${r.messageId}: ${r.reason}`);
          throw new CliError(`${report.refused.length} message(s) stay in the ${queue} DLQ`);
        }
      } finally {
        target.destroy();
      }
    });
}
