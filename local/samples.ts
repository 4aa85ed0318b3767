import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../shared/manifest/index.js';

/** A partner file under `<samplesDir>/<feed>/`, and where it lands in the inbox. */
export interface Sample {
  feed: string;
  /** `<feed>/<file name>`: how expected.json names it. */
  sample: string;
  path: string;
  key: string;
  size: number;
}

/** Every sample of every feed in the manifest, sorted by feed then file name. */
export async function listSamples(samplesDir: string, manifest: Manifest): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const feed of manifest.feeds) {
    const dir = join(samplesDir, feed.name);
    const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    for (const file of names.sort()) {
      const path = join(dir, file);
      const stats = await stat(path);
      if (!stats.isFile() || file.startsWith('.')) continue;
      samples.push({ feed: feed.name, sample: `${feed.name}/${file}`, path, key: `${feed.source.inboxPrefix}${file}`, size: stats.size });
    }
  }
  return samples;
}
