import { describe, expect, it } from 'vitest';
import { progressPhrase, type RunView } from '../../local/run-timeline.js';

// A stage's progress line names what the stage counts: the upload and extraction bytes of the file, mapping and egress
// records, validation commits.
const view = (progress: NonNullable<RunView['progress']>): RunView =>
  ({ state: progress.stage, stages: { [progress.stage]: { startedAt: '2026-12-06T06:00:00.000Z' } }, progress }) as unknown as RunView;

describe('progressPhrase', () => {
  it('says records, bytes as MB, or commits, with rate and ETA over the stage so far', () => {
    expect(progressPhrase(view({ stage: 'egressing', done: 20_000, total: 100_000, at: '2026-12-06T06:00:10.000Z' }))).toBe(
      'egressing 20,000 of 100,000 records (20%), 2,000/s, ETA 40 s',
    );
    expect(progressPhrase(view({ stage: 'extracting', done: 10 * 2 ** 20, total: 40 * 2 ** 20, unit: 'bytes', at: '2026-12-06T06:00:05.000Z' }))).toBe(
      'extracting 10.0 MB of 40.0 MB (25%), 2.0 MB/s, ETA 15 s',
    );
    expect(progressPhrase(view({ stage: 'received', done: 6 * 2 ** 20, total: 24 * 2 ** 20, unit: 'bytes', at: '2026-12-06T06:00:04.000Z' }))).toBe(
      'uploading 6.0 MB of 24.0 MB (25%), 1.5 MB/s, ETA 12 s',
    );
    expect(progressPhrase(view({ stage: 'received', done: 40 * 1024, total: 80 * 1024, unit: 'bytes', at: '2026-12-06T06:00:01.000Z' }))).toBe(
      'uploading 40.0 KB of 80.0 KB (50%), 40.0 KB/s, ETA 1.0 s',
    );
    expect(progressPhrase(view({ stage: 'mapping', done: 100_000, total: 300_000, at: '2026-12-06T06:00:08.000Z' }))).toBe(
      'mapping 100,000 of 300,000 records (33%), 12,500/s, ETA 16 s',
    );
    expect(progressPhrase(view({ stage: 'validating', done: 3, total: 12, unit: 'commits', at: '2026-12-06T06:00:06.000Z' }))).toBe(
      'validating 3 of 12 commits (25%), 1/s, ETA 18 s',
    );
  });

  it('says nothing of a stage the run has left: its last figures are no longer news', () => {
    const run = { ...view({ stage: 'received', done: 10, total: 10, unit: 'bytes', at: '2026-12-06T06:00:01.000Z' }), state: 'mapping' } as RunView;
    expect(progressPhrase(run)).toBeUndefined();
  });
});
