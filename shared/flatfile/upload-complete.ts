import type { Flatfile } from '@flatfile/api';
import { BadInputError } from '../errors/index.js';
import type { FlatfileApi } from './client.js';

/**
 * Whether all of a file has arrived: `file:created` comes when an upload begins (Guides events.mdx), and the file is
 * listed, and downloadable, while its body is still arriving (`bytesReceived`: "Number of bytes that have been
 * uploaded so far", SDK `File_`, whose example of a partial upload has it below `size`). Complete when `size` is
 * known and every byte of it received. What the platform reports as `size` while a streamed upload runs is
 * unverified; the emulator reports 0 (docs/flatfile.md).
 */
export function uploadComplete(file: Pick<Flatfile.File_, 'size' | 'bytesReceived'>): boolean {
  return file.size > 0 && file.bytesReceived >= file.size;
}

export interface UploadWait {
  /** Give up after this long (the worker keeps the job acknowledged meanwhile). */
  timeoutMs?: number;
  pollMs?: number;
  /** Told once, when the file turns out to be still arriving. */
  onWait?: () => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The file once its upload is complete: read again until it is, for at most `timeoutMs`; then the file is refused
 * (`upload-incomplete`) with both figures. Only a file no run of ours uploaded needs this (a person's in the Space):
 * ingress starts a run's extraction only after its own upload request has returned.
 */
export async function completedUpload(
  api: Pick<FlatfileApi, 'files'>,
  file: Flatfile.File_,
  { timeoutMs = 240_000, pollMs = 1_000, onWait, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) }: UploadWait = {},
): Promise<Flatfile.File_> {
  const deadline = Date.now() + timeoutMs;
  let current = file;
  if (!uploadComplete(current)) onWait?.();
  while (!uploadComplete(current)) {
    if (Date.now() >= deadline) {
      throw new BadInputError(
        'upload-incomplete',
        `the upload of "${current.name}" did not complete within ${Math.round(timeoutMs / 1000)} s (${current.bytesReceived} bytes received, size ${current.size})`,
      );
    }
    await sleep(pollMs);
    current = (await api.files.get(current.id)).data;
  }
  return current;
}
