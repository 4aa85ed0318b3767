import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ManifestError } from '../errors/index.js';
import type { Manifest } from './schema.js';
import { DEFAULT_MANIFEST_PATH } from './default-path.js';
import { validateManifest } from './validate.js';

export { DEFAULT_MANIFEST_PATH };

/**
 * Reads and validates a manifest file; throws ManifestError listing every problem as `file:line:col path: message`.
 * A `.json` file is read as JSON: the functions' bundles carry the manifest so (infra/bundling.ts), and neither load
 * nor parse the yaml package at a cold start; anything else is YAML, whose parser is imported only then.
 */
export async function loadManifest(path = DEFAULT_MANIFEST_PATH): Promise<Manifest> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT' && e.code !== 'EISDIR') throw e;
    const problem = `${path}: ${e.code === 'ENOENT' ? 'no such file' : 'is a folder, not a file'} (the feed manifest; pass another with -m/--manifest)`;
    throw new ManifestError(problem, [problem], { cause: e });
  });
  if (path.endsWith('.json')) return parseManifestJson(text, path, dirname(path));
  const { parseManifest } = await import('./parse-yaml.js');
  return parseManifest(text, path, dirname(path));
}

/** A manifest as JSON: problems name the file and the path, without line and column. */
export function parseManifestJson(text: string, fileName: string, baseDir?: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const problem = `${fileName} ${(e as Error).message}`;
    throw new ManifestError(problem, [problem], { cause: e });
  }
  const valueAt = (path: readonly (string | number)[]): unknown =>
    path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), data);
  return validateManifest({ fileName, data, valueAt, where: () => fileName }, baseDir);
}
