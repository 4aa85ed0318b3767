import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

// Secrets come from the environment (local runs, tests) or from Secrets Manager by name (AWS). They are cached by
// Powertools for the lifetime of the execution environment and never logged.

export interface SecretSource {
  /** The secret's value given directly, e.g. FLATFILE_API_KEY locally. */
  value?: string;
  /** The Secrets Manager secret name, e.g. FLATFILE_API_KEY_SECRET in AWS. */
  secretName?: string;
}

export class SecretUnavailableError extends Error {
  override readonly name = 'SecretUnavailableError';
}

export async function resolveSecret(what: string, source: SecretSource): Promise<string> {
  if (source.value) return source.value;
  if (source.secretName) {
    const value = await getSecret<string>(source.secretName, { maxAge: 300 });
    if (typeof value === 'string' && value.length > 0) return value;
    throw new SecretUnavailableError(`${what}: secret "${source.secretName}" is empty or not a string`);
  }
  throw new SecretUnavailableError(`${what}: neither a value nor a secret name is configured`);
}
