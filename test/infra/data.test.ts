import { beforeAll, describe, expect, it } from 'vitest';
import { nagRef } from '../../infra/constructs/names.js';
import { synthStack, type Fixture } from './fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await synthStack();
});

describe('ledger table', () => {
  it('on demand, PITR, TTL on expiresAt, pk/sk and the byFeed index, retained on stack delete', () => {
    const { spec, table } = f.stack.tables.entry('ledger');
    const resource = f.template.toJSON().Resources[nagRef(table)];
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        { AttributeName: spec.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
    expect(resource.Properties.GlobalSecondaryIndexes).toEqual(
      spec.indexes.map((i) => expect.objectContaining({ IndexName: i.name })),
    );
  });
});

describe('secrets', () => {
  it('one Secrets Manager secret per topology secret, by its name, with a generated placeholder value', () => {
    f.template.resourceCountIs('AWS::SecretsManager::Secret', f.topology.secrets.length);
    for (const spec of f.topology.secrets) {
      f.template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: spec.name,
        GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 48 },
      });
    }
  });

  it('no secret value anywhere in the template', () => {
    const json = JSON.stringify(f.template.toJSON());
    expect(json.includes('"SecretString":'), 'a SecretString property').toBe(false);
    expect(/sk_[A-Za-z0-9]{8,}/.test(json), 'a Flatfile secret key').toBe(false);
  });
});
