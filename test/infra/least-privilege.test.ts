import { beforeAll, describe, expect, it } from 'vitest';
import type { Construct } from 'constructs';
import { nagRef } from '../../infra/constructs/names.js';
import type { FunctionId, FunctionSpec, Grant } from '../../infra/topology.js';
import { actionsOf, refersTo, resourcesOf, statementsOf, synthStack, type Fixture, type Statement } from './fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await synthStack();
});

const roleId = (id: FunctionId) => nagRef(f.stack.functions.get(id).fn.role as unknown as Construct);
const statements = (id: FunctionId) => statementsOf(f.template, roleId(id));
const ids = () => f.topology.functions.map((s) => s.id);

function grantTarget(g: Grant): Construct {
  if ('bucket' in g) return f.stack.storage.bucket(g.bucket);
  if ('queue' in g) return f.stack.queues.queue(g.queue);
  if ('table' in g) return f.stack.tables.entry(g.table).table;
  if ('secret' in g) return f.stack.secrets.secret(g.secret);
  throw new Error(`the example manifest pulls nothing, so no external grant is expected: ${JSON.stringify(g)}`);
}

/** Logical ids a function may reference: its log group, its grants, the queue it consumes. */
function allowedRefs(spec: FunctionSpec): Set<string> {
  const refs = new Set([nagRef(f.stack.functions.get(spec.id).logGroup)]);
  for (const g of spec.grants) {
    // An empty prefix list grants nothing.
    if ('bucket' in g && g.prefixes?.length === 0) continue;
    refs.add(nagRef(grantTarget(g)));
  }
  if (spec.trigger.kind === 'sqs') refs.add(nagRef(f.stack.queues.queue(spec.trigger.queue)));
  return refs;
}

function referencedIds(s: Statement): string[] {
  return [...JSON.stringify(s.Resource).matchAll(/"(?:Ref|Fn::GetAtt)":\s*\[?"([A-Za-z0-9]+)"/g)].map((m) => m[1]!);
}

const can = (id: FunctionId, action: string, target: Construct) =>
  statements(id).some((s) => actionsOf(s).includes(action) && refersTo(s.Resource, nagRef(target)));

describe('least privilege', () => {
  it('each function role references only its own log group, granted resources and trigger queue', () => {
    for (const spec of f.topology.functions) {
      const referenced = new Set(statements(spec.id).flatMap(referencedIds));
      expect([...referenced].sort(), spec.id).toEqual([...allowedRefs(spec)].sort());
    }
  });

  it('function roles carry no managed policies and no wildcard actions', () => {
    const roles = f.template.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>;
    for (const id of ids()) {
      expect(roles[roleId(id)]!.Properties.ManagedPolicyArns, id).toBeUndefined();
      for (const s of statements(id)) expect(actionsOf(s).filter((a) => a.includes('*')), id).toEqual([]);
    }
  });

  it('"*" resources only for X-Ray, which accepts nothing else', () => {
    for (const id of ids()) {
      const star = statements(id).filter((s) => resourcesOf(s).includes('*'));
      expect(star.map((s) => actionsOf(s).sort()), id).toEqual([['xray:PutTelemetryRecords', 'xray:PutTraceSegments']]);
    }
  });

  it('only egress writes the outbox and the rejects bucket', () => {
    for (const bucket of ['outbox', 'rejects'] as const) {
      const writers = ids().filter((id) => can(id, 's3:PutObject', f.stack.storage.bucket(bucket)));
      expect(writers, bucket).toEqual(['egress']);
    }
    expect(can('ingress', 's3:PutObject', f.stack.storage.bucket('outbox'))).toBe(false);
  });

  it('egress writes outbox and rejects only under each feed’s destination prefix', () => {
    for (const bucket of ['outbox', 'rejects'] as const) {
      // minimizePolicies may merge both buckets into one statement: compare resources, not statements.
      const resources = statements('egress')
        .filter((s) => actionsOf(s).includes('s3:PutObject'))
        .flatMap(resourcesOf)
        .filter((r) => refersTo(r, nagRef(f.stack.storage.bucket(bucket))));
      const suffixes = resources.map((r) => (r as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1]);
      expect(suffixes, bucket).toEqual(f.manifest.feeds.map((feed) => `/${feed.egress.prefix ?? `${feed.name}/`}*`));
    }
  });

  it('ingress reads the inbox only under feed prefixes and cannot write it', () => {
    const inbox = nagRef(f.stack.storage.bucket('inbox'));
    const reads = statements('ingress').filter((s) => refersTo(s.Resource, inbox));
    expect(reads).toHaveLength(1);
    expect(actionsOf(reads[0]!).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    const suffixes = resourcesOf(reads[0]!).map((r) => (r as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1]);
    expect(suffixes).toEqual(f.manifest.feeds.map((feed) => `/${feed.source.inboxPrefix}*`));
  });

  it('cron-feed writes the inbox only under the prefixes of pulled feeds (none in the example manifest)', () => {
    const pulled = f.manifest.feeds.filter((feed) => feed.source.pull);
    expect(can('cronFeed', 's3:PutObject', f.stack.storage.bucket('inbox'))).toBe(pulled.length > 0);
  });

  it('only the webhook reads the webhook secret; the Flatfile key goes to those that call Flatfile', () => {
    const readers = (secret: 'webhookSecret' | 'flatfileApiKey') =>
      ids().filter((id) => can(id, 'secretsmanager:GetSecretValue', f.stack.secrets.secret(secret)));
    expect(readers('webhookSecret')).toEqual(['webhook']);
    expect(readers('flatfileApiKey').sort()).toEqual(
      f.topology.functions.filter((s) => s.grants.some((g) => 'secret' in g && g.secret === 'flatfileApiKey')).map((s) => s.id).sort(),
    );
    expect(readers('flatfileApiKey')).not.toContain('webhook');
    for (const id of ids()) {
      const secretActions = statements(id).flatMap(actionsOf).filter((a) => a.startsWith('secretsmanager:'));
      expect(secretActions.every((a) => ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'].includes(a)), id).toBe(true);
    }
  });

  it('queues: senders send, consumers consume, nobody else touches them', () => {
    for (const { spec, queue } of f.stack.queues.pairs.values()) {
      const senders = ids().filter((id) => can(id, 'sqs:SendMessage', queue));
      const consumers = ids().filter((id) => can(id, 'sqs:ReceiveMessage', queue));
      const expectedSenders = f.topology.functions
        .filter((s) => s.grants.some((g) => 'queue' in g && g.queue === spec.id && g.access === 'send'))
        .map((s) => s.id);
      const expectedConsumers = f.topology.functions
        .filter((s) => s.trigger.kind === 'sqs' && s.trigger.queue === spec.id)
        .map((s) => s.id);
      expect(senders, spec.id).toEqual(expectedSenders);
      expect(consumers, spec.id).toEqual(expectedConsumers);
    }
  });

  it('the ledger: item-level actions on the table and its named indexes, no Scan, no table admin', () => {
    const { table, spec } = f.stack.tables.entry('ledger');
    for (const id of ids()) {
      const s = statements(id).filter((x) => refersTo(x.Resource, nagRef(table)));
      const granted = f.topology.functions.find((x) => x.id === id)!.grants.some((g) => 'table' in g);
      expect(s.length, id).toBe(granted ? 1 : 0);
      if (!granted) continue;
      expect(actionsOf(s[0]!).filter((a) => !/^dynamodb:(Get|BatchGet|Query|ConditionCheck|Put|Update|Delete|BatchWrite)/.test(a)), id).toEqual([]);
      expect(JSON.stringify(s[0]!.Resource)).toContain(`/index/${spec.indexes[0]!.name}`);
      expect(JSON.stringify(s[0]!.Resource)).not.toContain('index/*');
    }
  });
});
