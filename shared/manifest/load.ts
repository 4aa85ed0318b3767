import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { ManifestError } from '../errors/index.js';
import { Manifest } from './schema.js';
import { checkRules, hookModulesExist } from './rules.js';
import { DEFAULT_MANIFEST_PATH } from './default-path.js';
import { didYouMean, exampleOf, keysOf, schemaAt } from './hints.js';

export { DEFAULT_MANIFEST_PATH };

/** Reads and validates a manifest file; throws ManifestError listing every problem as `file:line:col path: message`. */
export async function loadManifest(path = DEFAULT_MANIFEST_PATH): Promise<Manifest> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT' && e.code !== 'EISDIR') throw e;
    const problem = `${path}: ${e.code === 'ENOENT' ? 'no such file' : 'is a folder, not a file'} (the feed manifest; pass another with -m/--manifest)`;
    throw new ManifestError(problem, [problem], { cause: e });
  });
  return parseManifest(text, path, dirname(path));
}

/** `baseDir`: where files the manifest names (hook modules) are looked up; without it they are not checked. */
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

  // reportInput: without it zod 4 leaves `input` out of issues, and a wrong type would read as a missing value.
  const parsed = Manifest.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path as (string | number)[];
      const offset = (issue.code === 'unrecognized_keys' ? keyOffset(doc, path, issue.keys[0]!) : undefined) ?? offsetOf(doc, path);
      return `${where(offset)} ${formatPath(path)}: ${describeIssue(issue, doc)}`;
    });
    throw new ManifestError(summary(fileName, problems), problems);
  }

  const ruleProblems = [...checkRules(parsed.data), ...(baseDir === undefined ? [] : hookModulesExist(parsed.data, baseDir))].map(
    (p) => `${where(offsetOf(doc, p.path))} ${formatPath(p.path)}: ${p.message}`,
  );
  if (ruleProblems.length > 0) throw new ManifestError(summary(fileName, ruleProblems), ruleProblems);
  return parsed.data;
}

function summary(fileName: string, problems: string[]): string {
  const n = problems.length;
  return `${fileName}: ${n} problem${n === 1 ? '' : 's'} in the feed manifest\n  ${problems.join('\n  ')}`;
}

/** `feeds[1].fields[3].type`, the way a person reads a path. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
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

function describeIssue(issue: z.core.$ZodIssue, doc: Document): string {
  const path = issue.path as (string | number)[];
  const got = () => JSON.stringify(doc.getIn(path));
  const valueAt = (p: readonly PropertyKey[]) => (p.length === 0 ? doc.toJS() : doc.getIn(p as (string | number)[]));
  const schema = () => schemaAt(Manifest, path, valueAt);
  const example = () => {
    const s = schema();
    const key = path.at(-1);
    return s ? `, e.g. ${typeof key === 'string' ? `${key}: ` : ''}${exampleOf(s)}` : '';
  };
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join('|')}, got ${got()}`;
    case 'invalid_type':
      return issue.input === undefined
        ? `required ${issue.expected} is missing${example()}`
        : `expected ${issue.expected}, got ${got()}${example()}`;
    case 'unrecognized_keys': {
      const here = schema();
      const allowed = keysOf(here) ?? [];
      return issue.keys
        .map((k) => {
          const meant = didYouMean(k, allowed);
          const shape = meant && schemaAt(here!, [meant], () => undefined);
          if (meant) return `unknown key "${k}"; did you mean "${meant}"?${shape ? ` e.g. ${meant}: ${exampleOf(shape)}` : ''}`;
          return `unknown key "${k}"${allowed.length > 0 ? `; expected one of ${allowed.join('|')}` : ''}`;
        })
        .join(', ');
    }
    case 'invalid_union':
      return `${issue.message}, got ${got()}${example()}`;
    default:
      return issue.message.startsWith('expected') ? `${issue.message}, got ${got()}` : issue.message;
  }
}
