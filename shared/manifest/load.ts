import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ManifestError } from '../errors/index.js';
import { Manifest } from './schema.js';
import { checkRules, hookModulesExist } from './rules.js';

export const DEFAULT_MANIFEST_PATH = 'feeds/feeds.yaml';

/** Reads and validates a manifest file; throws ManifestError listing every problem as `file:line:col path: message`. */
export async function loadManifest(path = DEFAULT_MANIFEST_PATH): Promise<Manifest> {
  const text = await readFile(path, 'utf8');
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

  const parsed = Manifest.safeParse(doc.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path as (string | number)[];
      return `${where(offsetOf(doc, path))} ${formatPath(path)}: ${describeIssue(issue, doc)}`;
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

function describeIssue(issue: z.core.$ZodIssue, doc: Document): string {
  const got = () => JSON.stringify(doc.getIn(issue.path as (string | number)[]));
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join('|')}, got ${got()}`;
    case 'invalid_type':
      return issue.input === undefined ? `required ${issue.expected} is missing` : `expected ${issue.expected}, got ${got()}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_union':
      return `${issue.message}, got ${got()}`;
    default:
      return issue.message.startsWith('expected') ? `${issue.message}, got ${got()}` : issue.message;
  }
}
