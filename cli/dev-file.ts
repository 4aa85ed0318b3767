import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Where `flatfeed dev` says how to reach it, for `drop` and `runs` in another shell. */
export const DEV_FILE = '.flatfeed/dev.json';

export interface DevStack {
  /** The dev process; a file whose process is gone is stale and ignored. */
  pid: number;
  /** The manifest it runs (absolute path): other commands default to it, so no command needs -m twice. */
  manifest?: string;
  /** AWS SDK variables reaching the stack (region, local credentials, AWS_ENDPOINT_URL_S3/SQS/DYNAMODB). */
  env: Record<string, string>;
  buckets: Record<string, string>;
  tables: { ledger: string };
  /** Each queue's URL and its DLQ's (`flatfeed redrive`, `flatfeed replay`); absent in files of older dev stacks. */
  queues?: Record<string, { url: string; dlqUrl?: string }>;
  flatfile: { apiUrl?: string; environmentId: string };
}

export async function writeDevFile(stack: DevStack, path = DEV_FILE): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(stack, null, 2)}\n`);
}

/** The running dev stack, or undefined when there is none (no file, or its process has ended). */
export async function readDevFile(path = DEV_FILE): Promise<DevStack | undefined> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (text === undefined) return undefined;
  const stack = JSON.parse(text) as DevStack;
  return isAlive(stack.pid) ? stack : undefined;
}

export async function removeDevFile(path = DEV_FILE): Promise<void> {
  await rm(path, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
