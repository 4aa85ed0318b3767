import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { Events } from '@flatfile/api/api/resources/events/client/Client.js';
import { connectFlatfile } from '../../../shared/flatfile/connect.js';
import { resolveSecret, SecretUnavailableError } from '../../../shared/runtime/secrets.js';

// In AWS the Flatfile key lives in Secrets Manager; a function reads it once per execution environment.

const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());

describe('secrets', () => {
  it('reads the Flatfile key from Secrets Manager once, however often functions connect', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'flatfeed/flatfile-api-key' }).resolves({ SecretString: 'sk_from_secrets_manager' });
    const env = { FLATFILE_API_KEY_SECRET: 'flatfeed/flatfile-api-key', FLATFILE_ENVIRONMENT_ID: 'us_env_1', AWS_REGION: 'eu-central-1' };
    const first = await connectFlatfile({ events: Events }, env);
    const second = await connectFlatfile({ events: Events }, env);
    expect([first.token, second.token]).toEqual(['sk_from_secrets_manager', 'sk_from_secrets_manager']);
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
  });

  it('prefers a value given in the environment (local runs) and never calls Secrets Manager then', async () => {
    expect(await resolveSecret('key', { value: 'sk_local', secretName: 'ignored' })).toBe('sk_local');
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  it('fails clearly, without the value, when neither is configured or the secret is empty', async () => {
    await expect(resolveSecret('Flatfile API key', {})).rejects.toThrow(
      new SecretUnavailableError('Flatfile API key: neither a value nor a secret name is configured'),
    );
    sm.on(GetSecretValueCommand).resolves({ SecretString: '' });
    await expect(resolveSecret('Flatfile API key', { secretName: 'flatfeed/empty' })).rejects.toThrow(/secret "flatfeed\/empty" is empty/);
  });
});
