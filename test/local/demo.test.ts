import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../local/demo.js';

describe('runDemo (npm start, first cut)', () => {
  it('uploads every sample into its feed prefix and sees each one arrive at the ingress step', async () => {
    const lines: string[] = [];
    const result = await runDemo({ print: (l) => lines.push(l) });

    const expected: { feed: string; size: number; name: string }[] = [];
    for (const feed of ['contacts', 'orders']) {
      for (const name of await readdir(join('samples', feed))) {
        expected.push({ feed, name, size: (await stat(join('samples', feed, name))).size });
      }
    }
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(result.received).toHaveLength(expected.length);
    for (const e of expected) {
      const got = result.received.find((r) => r.key.endsWith(`/${e.name}`));
      expect(got).toMatchObject({ feed: e.feed, size: e.size, eventName: 'ObjectCreated:Put' });
      expect(lines.some((l) => l.includes('received') && l.includes(e.name))).toBe(true);
    }
  });

  it('fails, naming the folder, when there are no samples', async () => {
    await expect(runDemo({ samplesDir: 'test/local/no-such-dir', print: () => {} })).rejects.toThrow(/no sample files under test\/local\/no-such-dir/);
  });
});
