import type { z } from 'zod';
import { ManifestError } from '../errors/index.js';
import { Manifest } from './schema.js';
import { checkRules, hookModulesExist } from './rules.js';
import { didYouMean, exampleOf, keysOf, schemaAt } from './hints.js';

/** What validation needs of the text a manifest came from, whatever its syntax (YAML in a repository, JSON in a bundle). */
export interface ManifestSource {
  fileName: string;
  /** The parsed document, as plain data. */
  data: unknown;
  /** The value at a path of the document (undefined where there is none). */
  valueAt(path: readonly (string | number)[]): unknown;
  /** `file:line:col` of the path (of its key when `key` is given), or the file's name where the syntax keeps no positions. */
  where(path: readonly (string | number)[], key?: string): string;
}

/**
 * Validates a parsed manifest; throws ManifestError listing every problem as `file:line:col path: message`.
 * `baseDir`: where files the manifest names (hook modules) are looked up; without it they are not checked.
 */
export function validateManifest(source: ManifestSource, baseDir?: string): Manifest {
  // reportInput: without it zod 4 leaves `input` out of issues, and a wrong type would read as a missing value.
  const parsed = Manifest.safeParse(source.data, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path as (string | number)[];
      const at = issue.code === 'unrecognized_keys' ? source.where(path, issue.keys[0]!) : source.where(path);
      return `${at} ${formatPath(path)}: ${describeIssue(issue, source)}`;
    });
    throw new ManifestError(summary(source.fileName, problems), problems);
  }

  const ruleProblems = [...checkRules(parsed.data), ...(baseDir === undefined ? [] : hookModulesExist(parsed.data, baseDir))].map(
    (p) => `${source.where(p.path)} ${formatPath(p.path)}: ${p.message}`,
  );
  if (ruleProblems.length > 0) throw new ManifestError(summary(source.fileName, ruleProblems), ruleProblems);
  return parsed.data;
}

export function summary(fileName: string, problems: string[]): string {
  const n = problems.length;
  return `${fileName}: ${n} problem${n === 1 ? '' : 's'} in the feed manifest\n  ${problems.join('\n  ')}`;
}

/** `feeds[1].fields[3].type`, the way a person reads a path. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue, source: ManifestSource): string {
  const path = issue.path as (string | number)[];
  const got = () => JSON.stringify(source.valueAt(path));
  const valueAt = (p: readonly PropertyKey[]) => source.valueAt(p as (string | number)[]);
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
