// Zips keep their directory at the end, so a forward-only stream is written to local disk (Lambda's /tmp) first.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Spooled {
  path: string;
  size: number;
  /** Deletes the file; descriptors already open keep working. */
  remove(): Promise<void>;
}

/** Writes the stream to a private temporary file. Size limits are the caller's streams' job. */
export async function spool(source: Readable): Promise<Spooled> {
  const dir = await mkdtemp(join(tmpdir(), 'flatfeed-normalize-'));
  const path = join(dir, 'archive.zip');
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const out = createWriteStream(path);
    await pipeline(source, out);
    return { path, size: out.bytesWritten, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}
