import type { Flatfile } from '@flatfile/api';
import { describe, expect, it } from 'vitest';
import { completedUpload, uploadComplete } from '../../../shared/flatfile/upload-complete.js';

const file = (size: number, bytesReceived: number) => ({ id: 'us_fl_1', name: 'by-hand.xlsx', size, bytesReceived }) as Flatfile.File_;

/** files.get answering each of `states` in turn, then the last one for ever. */
function filesGetting(states: Flatfile.File_[]) {
  let calls = 0;
  return { calls: () => calls, api: { files: { get: async () => ({ data: states[Math.min(calls++, states.length - 1)]! }) } } as never };
}

describe('uploadComplete', () => {
  it('is complete only with a known size fully received', () => {
    expect(uploadComplete(file(0, 0))).toBe(false);
    expect(uploadComplete(file(0, 4096))).toBe(false); // a streamed upload still running (the emulator's reading)
    expect(uploadComplete(file(81953, 81593))).toBe(false); // the SDK's own example of a partial file
    expect(uploadComplete(file(81953, 81953))).toBe(true);
  });
});

describe('completedUpload', () => {
  const sleep = async () => undefined;

  it('reads the file again until its upload is complete, and says once that it waits', async () => {
    const { api, calls } = filesGetting([file(0, 10), file(0, 900), file(1000, 1000)]);
    let waits = 0;
    const done = await completedUpload(api, file(0, 1), { sleep, onWait: () => waits++ });
    expect(done.size).toBe(1000);
    expect(calls()).toBe(3);
    expect(waits).toBe(1);
  });

  it('does not wait for a file that is whole', async () => {
    const { api, calls } = filesGetting([]);
    let waits = 0;
    await completedUpload(api, file(10, 10), { sleep, onWait: () => waits++ });
    expect([calls(), waits]).toEqual([0, 0]);
  });

  it('refuses an upload that never completes, with both figures', async () => {
    const { api } = filesGetting([file(0, 512)]);
    await expect(completedUpload(api, file(0, 512), { sleep, timeoutMs: 0 })).rejects.toMatchObject({
      reason: 'upload-incomplete',
      message: expect.stringMatching(/by-hand\.xlsx.*did not complete.*512 bytes received, size 0/),
    });
  });
});
