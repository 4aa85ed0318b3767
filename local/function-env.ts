import type { EnvRef, FunctionId, Topology } from '../infra/topology.js';
import type { LocalAws } from './aws.js';

/**
 * A function's environment on this machine: the topology's references resolved to the local stack's names and URLs,
 * plus the stack's SDK variables. There is no Secrets Manager locally, so a secret reference takes its value from the
 * caller's environment under the same variable name when set, and otherwise holds the secret's name as in AWS.
 */
export function functionEnv(
  topology: Topology,
  fnId: FunctionId,
  local: Pick<LocalAws, 'env' | 'names' | 'queueUrls'>,
  callerEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const fn = topology.functions.find((f) => f.id === fnId);
  if (!fn) throw new Error(`topology has no function "${fnId}"`);
  const resolve = (name: string, ref: EnvRef): string => {
    if ('bucket' in ref) return local.names.buckets[ref.bucket];
    if ('queueUrl' in ref) return local.queueUrls[ref.queueUrl];
    if ('table' in ref) return local.names.tables[ref.table];
    if ('secretName' in ref) {
      const secret = topology.secrets.find((s) => s.id === ref.secretName);
      if (!secret) throw new Error(`function "${fnId}" refers to unknown secret "${ref.secretName}"`);
      return callerEnv[name] ?? secret.name;
    }
    return ref.value;
  };
  return {
    ...local.env,
    ...Object.fromEntries(Object.entries(fn.env).map(([name, ref]) => [name, resolve(name, ref)])),
  };
}
