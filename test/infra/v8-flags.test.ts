import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildTopology, hostV8Flags, v8Flags } from '../../infra/topology.js';
import { PIPELINE_FUNCTIONS } from '../../local/demo.js';
import { loadManifest } from '../../shared/manifest/index.js';

/** What V8 makes of the flags in a real Node process: its heap limit and its young generation's largest size. */
function heapOf(flags: string[]): { limitMiB: number; semiSpaceMiB: number } {
  const script =
    "const v8 = require('node:v8');" +
    // Enough short-lived garbage that the young generation grows to its cap.
    'for (let j = 0; j < 60; j++) { const t = []; for (let i = 0; i < 1e5; i++) t.push({ i }); }' +
    "const ns = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');" +
    'console.log(JSON.stringify({ limit: v8.getHeapStatistics().heap_size_limit, newSpace: ns.space_size }));';
  const out = JSON.parse(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' })) as { limit: number; newSpace: number };
  return { limitMiB: out.limit / 2 ** 20, semiSpaceMiB: out.newSpace / 2 / 2 ** 20 };
}

describe('V8 flags from the topology', () => {
  it('renders the caps a spec sets, and nothing for one that sets none', () => {
    expect(v8Flags({ heapMb: 384, semiSpaceMb: 16 })).toEqual(['--max-old-space-size=384', '--max-semi-space-size=16']);
    expect(v8Flags({ heapMb: 256 })).toEqual(['--max-old-space-size=256']);
    expect(v8Flags({})).toEqual([]);
  });

  it('a process hosting several functions takes the tightest cap of each kind', () => {
    expect(hostV8Flags([{ heapMb: 512 }, { heapMb: 384, semiSpaceMb: 16 }, { semiSpaceMb: 32 }, {}])).toEqual([
      '--max-old-space-size=384',
      '--max-semi-space-size=16',
    ]);
    expect(hostV8Flags([{}, {}])).toEqual([]);
  });

  it("the bench's functions process gets the worker's caps, and Node 24 applies them", async () => {
    const topology = buildTopology(await loadManifest());
    const worker = topology.functions.find((f) => f.id === 'worker')!;
    expect(worker.heapMb).toBeDefined();
    expect(worker.semiSpaceMb).toBeDefined();
    const flags = hostV8Flags(topology.functions.filter((f) => PIPELINE_FUNCTIONS.includes(f.id)));
    expect(flags).toEqual(v8Flags(worker));

    const capped = heapOf(flags);
    const uncapped = heapOf([]);
    // The old-space cap plus a young generation: well under what this machine's memory gives an uncapped process.
    expect(capped.limitMiB).toBeGreaterThanOrEqual(worker.heapMb!);
    expect(capped.limitMiB).toBeLessThan(worker.heapMb! + 8 * worker.semiSpaceMb!);
    expect(capped.semiSpaceMiB).toBeLessThanOrEqual(worker.semiSpaceMb!);
    expect(uncapped.limitMiB).toBeGreaterThan(capped.limitMiB);
  });
});
