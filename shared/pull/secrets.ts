import { resolveSecret } from '../runtime/secrets.js';
import { PullConfigError } from './errors.js';

/**
 * A pull's secret by its Secrets Manager name. Where there is no Secrets Manager (local runs, `flatfeed pull` against
 * the local stack), PULL_SECRET_<NAME> holds the value: the name upper-cased, every other character an underscore.
 */
export function pullSecret(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const value = env[pullSecretVar(name)];
  return resolveSecret(`pull secret "${name}"`, { ...(value ? { value } : {}), secretName: name });
}

export function pullSecretVar(name: string): string {
  return `PULL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Parses a secret that must be a JSON object, without ever echoing its content. */
export function secretJson(what: string, raw: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new PullConfigError('bad-config', `${what} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new PullConfigError('bad-config', `${what} is not a JSON object`);
  return parsed as Record<string, unknown>;
}
