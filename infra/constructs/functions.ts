// One Lambda function per topology function: its own role (no managed policies), its own log group, environment and
// triggers rendered from the topology.
import { AssetHashType, Duration, Size, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, FunctionUrlAuthType, Runtime, Tracing, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../shared/telemetry/index.js';
import { BUNDLED_MANIFEST, FunctionBundling, PROJECT_ROOT } from '../bundling.js';
import { v8Flags, type EnvRef, type FunctionId, type FunctionSpec } from '../topology.js';
import { applyGrants, type GrantTargets } from './grants.js';
import { pascal } from './names.js';

export interface FunctionsProps extends GrantTargets {
  specs: readonly FunctionSpec[];
  /** Absolute path of the manifest file copied into every bundle. */
  manifestFile: string;
  logRetention: RetentionDays;
}

export interface RenderedFunction {
  spec: FunctionSpec;
  fn: LambdaFunction;
  logGroup: LogGroup;
  url?: FunctionUrl;
}

export class Functions extends Construct {
  readonly functions = new Map<FunctionId, RenderedFunction>();

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    for (const spec of props.specs) this.functions.set(spec.id, this.render(spec, props));
  }

  get(id: FunctionId): RenderedFunction {
    const f = this.functions.get(id);
    if (!f) throw new Error(`topology names function "${id}" but the stack has none`);
    return f;
  }

  private render(spec: FunctionSpec, props: FunctionsProps): RenderedFunction {
    const name = pascal(spec.id);
    const role = new Role(this, `${name}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `flatfeed ${spec.dir}: only the resources its topology grants name`,
    });
    const logGroup = new LogGroup(this, `${name}Logs`, { retention: props.logRetention });
    logGroup.grantWrite(role);

    const fn = new LambdaFunction(this, name, {
      description: `flatfeed ${spec.dir}`,
      // Bundled by infra/bundling.ts (esbuild with plugins, which NodejsFunction cannot run), locally, no Docker.
      // The asset hash is the bundle's, as NodejsFunction does it: the manifest copied in is part of it.
      code: Code.fromAsset(PROJECT_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Required by the type, never pulled: local bundling either succeeds or throws.
          image: Runtime.NODEJS_24_X.bundlingImage,
          local: new FunctionBundling(spec.dir, props.manifestFile),
        },
      }),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      ...(spec.ephemeralStorageMb !== undefined ? { ephemeralStorageSize: Size.mebibytes(spec.ephemeralStorageMb) } : {}),
      ...(spec.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: spec.reservedConcurrency } : {}),
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        ...renderEnv(spec.env, props),
        POWERTOOLS_SERVICE_NAME: spec.dir,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        MANIFEST_PATH: BUNDLED_MANIFEST,
        NODE_OPTIONS: nodeOptions(spec),
      },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords only accept Resource "*".',
    });

    applyGrants(role, spec.grants, props);
    return { spec, fn, logGroup, ...this.trigger(spec, fn, props) };
  }

  private trigger(spec: FunctionSpec, fn: LambdaFunction, props: FunctionsProps): { url?: FunctionUrl } {
    const t = spec.trigger;
    switch (t.kind) {
      case 'sqs': {
        // Pollers beyond the reserved concurrency would only be throttled, and throttled receives count towards
        // maxReceiveCount: cap the event source at the reservation.
        const maxConcurrency = t.maxConcurrency ?? spec.reservedConcurrency;
        fn.addEventSource(
          new SqsEventSource(props.queues.queue(t.queue), {
            batchSize: t.batchSize,
            ...(t.maxBatchingWindowSeconds > 0 ? { maxBatchingWindow: Duration.seconds(t.maxBatchingWindowSeconds) } : {}),
            ...(maxConcurrency !== undefined ? { maxConcurrency: Math.max(2, maxConcurrency) } : {}),
            reportBatchItemFailures: true,
          }),
        );
        return {};
      }
      case 'url':
        // IAM where callers are ours (proxy). Flatfile cannot sign with SigV4: the webhook verifies the forwarder's
        // HMAC itself; reserved concurrency throttles.
        return { url: fn.addFunctionUrl({ authType: t.auth === 'iam' ? FunctionUrlAuthType.AWS_IAM : FunctionUrlAuthType.NONE }) };
      case 'schedule':
        return {}; // rendered by Schedules
    }
  }
}

function renderEnv(env: Record<string, EnvRef>, t: GrantTargets): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([key, ref]): [string, string] => {
      if ('bucket' in ref) return [key, t.storage.bucket(ref.bucket).bucketName];
      if ('queueUrl' in ref) return [key, t.queues.queue(ref.queueUrl).queueUrl];
      if ('table' in ref) return [key, t.tables.entry(ref.table).table.tableName];
      // The plain name from the topology: `secret.secretName` renders as a split of the ARN, same value, unreadable.
      if ('secretName' in ref) return [key, t.secrets.name(ref.secretName)];
      return [key, ref.value];
    }),
  );
}

/** Source maps for readable stack traces, and the topology's heap caps where it sets them. */
export function nodeOptions(spec: FunctionSpec): string {
  return ['--enable-source-maps', ...v8Flags(spec)].join(' ');
}
