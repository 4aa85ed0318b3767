import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crashScenario, verdictLine, writeCrashManifest } from '../../bench/crash-restart.js';
import { partnerFile } from '../../bench/e2e-files.js';

// The small variant of `npm run bench -- crash` (RELIABILITY.md): `flatfeed dev --data-dir` as a child process,
// killed with SIGKILL (the whole process group) while its run is `uploaded`, started again on the same directory.
// The run must end done exactly once: one upload, one mapping job, one egress job, one outbox and one rejects
// object, one terminal notice, counts reconciled. It takes a few minutes: what a dead dev had in hand comes back
// after dev's visibility timeout (cli/commands/dev.ts, 130 s).

const ROWS = 2_000;
let dir: string;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('flatfeed dev --data-dir, killed and restarted', () => {
  it('finishes the run in flight exactly once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'flatfeed-crash-test-'));
    const manifest = await writeCrashManifest(dir);
    const file = await partnerFile(dir, 'csv', ROWS);
    const verdict = await crashScenario({ point: 'uploaded', file, rows: ROWS, manifest, dir, deadlineS: 480, log: () => undefined });
    expect(verdict.checks, verdictLine(verdict)).toEqual([]);
    expect(verdict.state).toBe('done');
  }, 900_000);
});
