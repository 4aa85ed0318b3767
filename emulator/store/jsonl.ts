import { closeSync, existsSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from 'node:fs';

/**
 * The JSON values of a JSON-lines file, oldest first. A last line without its newline is the write a crash cut short:
 * it is cut off the file, so the next append starts on a line of its own. Any other bad line is corruption and throws.
 */
export function readLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const buf = readFileSync(path);
  const out: T[] = [];
  let start = 0;
  for (let end = buf.indexOf(0x0a); end >= 0; end = buf.indexOf(0x0a, start)) {
    if (end > start) out.push(JSON.parse(buf.toString('utf8', start, end)) as T);
    start = end + 1;
  }
  if (start < buf.length) truncateSync(path, start);
  return out;
}

/** Appends values as JSON lines; returns how many. */
export function appendLines(path: string, values: Iterable<unknown>): number {
  return writeLines(path, 'a', values);
}

/** Replaces the file with these JSON lines, atomically (a crash leaves the old file); returns how many. */
export function rewriteLines(path: string, values: Iterable<unknown>): number {
  const n = writeLines(`${path}.tmp`, 'w', values);
  renameSync(`${path}.tmp`, path);
  return n;
}

function writeLines(path: string, flags: 'a' | 'w', values: Iterable<unknown>): number {
  let fd: number | undefined;
  let n = 0;
  try {
    for (const v of values) {
      fd ??= openSync(path, flags);
      writeSync(fd, JSON.stringify(v) + '\n');
      n++;
    }
    if (fd === undefined && flags === 'w') fd = openSync(path, flags);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return n;
}
