import { beforeAll, describe, expect, it } from 'vitest';
import { nagRef } from '../../infra/constructs/names.js';
import type { FunctionSpec } from '../../infra/topology.js';
import { synthStack, type Fixture } from './fixture.js';

let f: Fixture;
let resources: Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;
beforeAll(async () => {
  f = await synthStack();
  resources = f.template.toJSON().Resources;
});

const rendered = (spec: FunctionSpec) => resources[nagRef(f.stack.functions.get(spec.id).fn)]!.Properties;
const each = () => f.topology.functions.map((spec) => [spec.id, spec] as const);

describe('functions', () => {
  it('one Lambda per topology function (plus CDK’s bucket-notifications handler)', () => {
    const ours = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).startsWith('flatfeed '),
    );
    expect(ours).toHaveLength(f.topology.functions.length);
  });

  it('runtime, architecture, memory, timeout, reserved concurrency, tracing and handler follow the topology', () => {
    for (const [id, spec] of each()) {
      expect(rendered(spec), id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
      });
      expect(rendered(spec).ReservedConcurrentExecutions, id).toBe(spec.reservedConcurrency);
      expect(rendered(spec).EphemeralStorage, id).toEqual(spec.ephemeralStorageMb === undefined ? undefined : { Size: spec.ephemeralStorageMb });
    }
  });

  it("the worker's /tmp holds a 1M-row worksheet exceljs spools uncompressed (560 MB)", () => {
    const worker = f.topology.functions.find((fn) => fn.id === 'worker')!;
    expect(worker.ephemeralStorageMb).toBeGreaterThanOrEqual(1024);
  });

  it('logs to its own log group with a retention', () => {
    for (const [id, spec] of each()) {
      const ref = rendered(spec).LoggingConfig?.LogGroup as { Ref: string };
      expect(resources[ref.Ref], id).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
    }
  });

  it('environment: every topology env ref rendered to its resource, plus Powertools and the bundled manifest', () => {
    for (const [id, spec] of each()) {
      const vars = rendered(spec).Environment.Variables as Record<string, unknown>;
      const expected: Record<string, unknown> = {
        POWERTOOLS_SERVICE_NAME: spec.dir,
        POWERTOOLS_METRICS_NAMESPACE: 'flatfeed',
        MANIFEST_PATH: 'feeds.json',
        NODE_OPTIONS: ['--enable-source-maps', ...(spec.heapMb ? [`--max-old-space-size=${spec.heapMb}`] : []), ...(spec.semiSpaceMb ? [`--max-semi-space-size=${spec.semiSpaceMb}`] : [])].join(' '),
      };
      for (const [key, ref] of Object.entries(spec.env)) {
        if ('bucket' in ref) expected[key] = { Ref: nagRef(f.stack.storage.bucket(ref.bucket)) };
        else if ('queueUrl' in ref) expected[key] = { Ref: nagRef(f.stack.queues.queue(ref.queueUrl)) };
        else if ('table' in ref) expected[key] = { Ref: nagRef(f.stack.tables.entry(ref.table).table) };
        else if ('secretName' in ref) expected[key] = f.topology.secrets.find((s) => s.id === ref.secretName)!.name;
        else expected[key] = ref.value;
      }
      expect(vars, id).toEqual(expected);
    }
  });

  it('webhook and record-write are Function URLs without IAM auth (HMAC in code), the proxy one with IAM; no other function has a URL', () => {
    const urls = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Url');
    const authOf = (id: 'webhook' | 'proxy' | 'recordWrite') =>
      urls.find((u) => JSON.stringify(u.Properties.TargetFunctionArn) === JSON.stringify({ 'Fn::GetAtt': [nagRef(f.stack.functions.get(id).fn), 'Arn'] }))?.Properties
        .AuthType;
    expect(urls).toHaveLength(3);
    expect([authOf('webhook'), authOf('recordWrite'), authOf('proxy')]).toEqual(['NONE', 'NONE', 'AWS_IAM']);
    expect(rendered(f.topology.functions.find((s) => s.id === 'webhook')!).ReservedConcurrentExecutions).toBeGreaterThan(0);
  });
});

describe('schedules', () => {
  it('one EventBridge Scheduler schedule per topology schedule: expression, time zone, target, input', () => {
    const schedules = Object.values(resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(f.topology.schedules.length);
    for (const spec of f.topology.schedules) {
      const s = schedules.find((x) => x.Properties.Description === `flatfeed ${spec.id}`);
      expect(s?.Properties, spec.id).toMatchObject({
        ScheduleExpression: spec.expression,
        ScheduleExpressionTimezone: spec.timezone,
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [nagRef(f.stack.functions.get(spec.target).fn), 'Arn'] },
          Input: JSON.stringify(spec.input),
        },
      });
    }
    expect(f.topology.schedules.map((s) => [s.id, s.expression])).toEqual(
      expect.arrayContaining([
        ['events-poller', 'rate(1 minute)'],
        ['feed-cadence', 'rate(15 minutes)'],
      ]),
    );
  });

  it('the invoke role can be assumed by Scheduler from this account only, and invokes only its target', () => {
    const roles = Object.entries(resources).filter(
      ([, r]) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    expect(roles.length).toBe(new Set(f.topology.schedules.map((s) => s.target)).size);
    for (const [, role] of roles) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      });
    }
  });
});
