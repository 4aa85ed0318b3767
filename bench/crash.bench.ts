// `npm run bench -- crash`: bench/crash-restart.ts at each kill point, a printed verdict per point.
// Env: CRASH_ROWS (default 200000), CRASH_AT (default "received,uploaded,validating,egressing"), CRASH_DEADLINE_S per
// run after the restart (default 1800), CRASH_DIR for the generated file, data directories and dev logs (default: the
// OS temp dir). Exits 1 if any kill point fails.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Run } from '../shared/ledger/index.js';
import { crashScenario, verdictLine, writeCrashManifest, type Verdict } from './crash-restart.js';
import { partnerFile } from './e2e-files.js';

const ROWS = Number(process.env.CRASH_ROWS ?? 200_000);
const POINTS = (process.env.CRASH_AT ?? 'received,uploaded,validating,egressing').split(',').map((s) => s.trim()) as Run['state'][];
const DEADLINE_S = Number(process.env.CRASH_DEADLINE_S ?? 1800);
const DIR = process.env.CRASH_DIR ?? join(tmpdir(), 'flatfeed-crash');

export default async function crash(): Promise<void> {
  const manifest = await writeCrashManifest(DIR);
  const file = await partnerFile(DIR, 'csv', ROWS);
  console.log(`crash and restart of flatfeed dev --data-dir: ${ROWS} rows (${file}), kill points ${POINTS.join(', ')}`);
  const verdicts: Verdict[] = [];
  for (const point of POINTS) verdicts.push(await crashScenario({ point, file, rows: ROWS, manifest, dir: DIR, deadlineS: DEADLINE_S }));
  console.log('\nkill point   killed in    drop→kill  restart→end  end    resumed  verdict');
  for (const v of verdicts) console.log(verdictLine(v));
  if (verdicts.some((v) => !v.ok)) process.exitCode = 1;
}
