// Turns a function's topology grants into IAM statements on its own role, and nothing more. Object access is spelled
// out action by action (no `s3:GetObject*` style wildcards) and scoped to the key prefixes the topology names.
import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Grant } from '../topology.js';
import type { Storage } from './storage.js';
import type { Queues } from './queues.js';
import type { Secrets, Tables } from './data.js';
import { nagRef } from './names.js';

export interface GrantTargets {
  storage: Storage;
  queues: Queues;
  tables: Tables;
  secrets: Secrets;
}

const S3_ACTIONS = {
  read: ['s3:GetObject', 's3:GetObjectVersion'],
  // lib-storage uploads large files in parts; aborting a failed upload needs its own permission.
  write: ['s3:PutObject', 's3:AbortMultipartUpload'],
} as const;

const LEDGER_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export function applyGrants(role: Role, grants: readonly Grant[], targets: GrantTargets): void {
  for (const grant of grants) {
    if ('bucket' in grant) {
      grantObjects(role, targets.storage.bucket(grant.bucket), grant.access, grant.prefixes);
    } else if ('queue' in grant) {
      const queue = targets.queues.queue(grant.queue);
      if (grant.access === 'send') queue.grantSendMessages(role);
      else queue.grantConsumeMessages(role);
    } else if ('table' in grant) {
      const { spec, table } = targets.tables.entry(grant.table);
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: LEDGER_ACTIONS,
          // Indexes by name, not `index/*`: a new index is not readable until the topology says so.
          resources: [table.tableArn, ...spec.indexes.map((i) => `${table.tableArn}/index/${i.name}`)],
        }),
      );
    } else if ('secret' in grant) {
      targets.secrets.secret(grant.secret).grantRead(role);
    } else if ('externalBucket' in grant) {
      grantExternalBucket(role, grant.externalBucket, grant.prefix);
    } else if ('assumeRole' in grant) {
      role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sts:AssumeRole'], resources: [grant.assumeRole] }));
    } else {
      // By name: Secrets Manager appends six random characters to every secret ARN.
      const arn = Stack.of(role).formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${grant.externalSecret}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [arn] }));
    }
  }
}

/** A partner's bucket in this account that a scheduled pull copies from: list and read under its prefix only. */
function grantExternalBucket(role: Role, bucket: string, prefix: string): void {
  const stack = Stack.of(role);
  const bucketArn = stack.formatArn({ service: 's3', region: '', account: '', resource: bucket });
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': `${prefix}*` } },
    }),
  );
  role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [`${bucketArn}/${prefix}*`] }));
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucket}/${prefix}*]`,
    reason: `Scheduled pull: object keys under "${prefix}" in ${bucket} are not known in advance; read-only, that prefix.`,
  });
}

function grantObjects(role: Role, bucket: Bucket, access: 'read' | 'write' | 'readWrite', prefixes?: string[]): void {
  const actions = access === 'readWrite' ? [...S3_ACTIONS.read, ...S3_ACTIONS.write] : [...S3_ACTIONS[access]];
  const patterns = (prefixes ?? ['']).map((p) => `${p}*`);
  // A prefix list can be empty (e.g. no feed is pulled): then there is nothing to grant.
  if (patterns.length === 0) return;
  role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: patterns.map((p) => bucket.arnForObjects(p)) }));

  const bucketId = nagRef(bucket);
  for (const pattern of patterns) {
    const scope = pattern === '*' ? 'this bucket' : `keys under "${pattern.slice(0, -1)}"`;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${pattern}]`,
      reason: `Object keys are not known in advance; access is limited to ${scope}.`,
    });
  }
}
