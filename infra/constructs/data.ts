// The ledger table(s) and the Secrets Manager secrets named by the topology.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretId, SecretSpec, TableId, TableSpec } from '../topology.js';
import { pascal } from './names.js';

export class Tables extends Construct {
  readonly tables = new Map<TableId, { spec: TableSpec; table: TableV2 }>();

  constructor(scope: Construct, id: string, specs: readonly TableSpec[]) {
    super(scope, id);
    for (const spec of specs) {
      const table = new TableV2(this, pascal(spec.id), {
        partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
        sortKey: { name: spec.sortKey, type: AttributeType.STRING },
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: spec.ttlAttribute,
        globalSecondaryIndexes: spec.indexes.map((i) => ({
          indexName: i.name,
          partitionKey: { name: i.partitionKey, type: AttributeType.STRING },
          sortKey: { name: i.sortKey, type: AttributeType.STRING },
        })),
        // The ledger is what makes replays idempotent; losing it on a stack delete would re-run every file.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.tables.set(spec.id, { spec, table });
    }
  }

  entry(id: TableId): { spec: TableSpec; table: TableV2 } {
    const t = this.tables.get(id);
    if (!t) throw new Error(`topology names table "${id}" but the stack has none`);
    return t;
  }
}

export class Secrets extends Construct {
  readonly secrets = new Map<SecretId, { spec: SecretSpec; secret: Secret }>();

  constructor(scope: Construct, id: string, specs: readonly SecretSpec[]) {
    super(scope, id);
    for (const spec of specs) {
      // A random placeholder keeps values out of the template; the operator puts the real value (infra/README.md).
      const secret = new Secret(this, pascal(spec.id), {
        secretName: spec.name,
        description: `${spec.description}. Set its value after the first deploy (infra/README.md).`,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Issued outside AWS or shared outside it (Flatfile dashboard, the forwarder agent, clients signing record ' +
          'writes); a rotation Lambda cannot hand new ones out. ' +
          'Rotated by hand, see infra/README.md.',
      });
      this.secrets.set(spec.id, { spec, secret });
    }
  }

  secret(id: SecretId): Secret {
    return this.entry(id).secret;
  }

  name(id: SecretId): string {
    return this.entry(id).spec.name;
  }

  private entry(id: SecretId): { spec: SecretSpec; secret: Secret } {
    const s = this.secrets.get(id);
    if (!s) throw new Error(`topology names secret "${id}" but the stack has none`);
    return s;
  }
}
