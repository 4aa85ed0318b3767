import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { ManifestError } from '../errors/index.js';
import type { Manifest } from './schema.js';
import { DEFAULT_MANIFEST_PATH } from './default-path.js';
import { summary, validateManifest } from './validate.js';

/**
 * Parses and validates a manifest written in YAML, with `file:line:col` for every problem. The functions' bundles never
 * load this file (nor the yaml package): they read the manifest as JSON (infra/bundling.ts, `bundleManifest`).
 * `baseDir`: where files the manifest names (hook modules) are looked up; without it they are not checked.
 */
export function parseManifest(text: string, fileName = DEFAULT_MANIFEST_PATH, baseDir?: string): Manifest {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number | undefined): string => {
    if (offset === undefined) return fileName;
    const { line, col } = lineCounter.linePos(offset);
    return `${fileName}:${line}:${col}`;
  };

  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => `${where(e.pos[0])} ${e.message.split('\n')[0]}`);
    throw new ManifestError(summary(fileName, problems), problems);
  }
  const data: unknown = doc.toJS();
  return validateManifest(
    {
      fileName,
      data,
      valueAt: (path) => (path.length === 0 ? data : doc.getIn(path)),
      where: (path, key) => where((key === undefined ? undefined : keyOffset(doc, path, key)) ?? offsetOf(doc, path)),
    },
    baseDir,
  );
}

/** The offset of the deepest YAML node that exists along the path, so missing keys point at their parent. */
function offsetOf(doc: Document, path: readonly (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

/** Where a key itself is written (an unknown key is pointed at, not its value). */
function keyOffset(doc: Document, path: readonly (string | number)[], key: string): number | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return isNode(pair?.key) ? pair.key.range?.[0] : undefined;
}
