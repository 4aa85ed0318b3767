import type { EnvRef, FunctionId, Topology } from '../infra/topology.js';
import type { LocalAws } from './aws.js';

/**
 * A function's environment on this machine: the topology's references resolved to the local stack's names and URLs,
 * plus the stack's SDK variables. There is no Secrets Manager locally, so instead of a secret's name a function gets
 * its value, from the caller's environment, under the value variable shared/runtime/secrets.ts reads
 * (FLATFILE_API_KEY_SECRET → FLATFILE_API_KEY, WEBHOOK_SECRET_NAME → WEBHOOK_SECRET); unset values stay unset.
 */
export function functionEnv(
  topology: Topology,
  fnId: FunctionId,
  local: Pick<LocalAws, 'env' | 'names' | 'queueUrls'>,
  callerEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const fn = topology.functions.find((f) => f.id === fnId);
  if (!fn) throw new Error(`topology has no function "${fnId}"`);
  const resolve = (name: string, ref: EnvRef): [string, string | undefined] => {
    if ('bucket' in ref) return [name, local.names.buckets[ref.bucket]];
    if ('queueUrl' in ref) return [name, local.queueUrls[ref.queueUrl]];
    if ('table' in ref) return [name, local.names.tables[ref.table]];
    if ('secretName' in ref) {
      if (!topology.secrets.some((s) => s.id === ref.secretName)) {
        throw new Error(`function "${fnId}" refers to unknown secret "${ref.secretName}"`);
      }
      const valueVar = secretValueVar(name);
      return [valueVar, callerEnv[valueVar]];
    }
    return [name, ref.value];
  };
  const resolved = Object.entries(fn.env).map(([name, ref]) => resolve(name, ref));
  return {
    ...local.env,
    ...Object.fromEntries(resolved.filter((entry): entry is [string, string] => entry[1] !== undefined)),
  };
}

/** The variable holding a secret's value, named after the one holding its name. */
export function secretValueVar(nameVar: string): string {
  return nameVar.endsWith('_NAME') ? nameVar.slice(0, -'_NAME'.length) : nameVar.replace(/(?<=.)_SECRET$/, '');
}
