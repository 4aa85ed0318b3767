import * as z from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates a function's environment once; a missing or malformed variable fails at cold start, by name. */
export function readEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
}
