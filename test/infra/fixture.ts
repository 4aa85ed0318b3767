// Builds the stack the way infra/app.ts does (cdk.json context, the example manifest), with bundling skipped: the
// template is identical apart from asset hashes, and synth takes a fraction of a second instead of seconds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadManifest, type Manifest } from '../../shared/manifest/index.js';
import { PROJECT_ROOT } from '../../infra/bundling.js';
import { FlatfeedStack } from '../../infra/stack.js';
import { buildTopology, type Topology } from '../../infra/topology.js';

export const MANIFEST_FILE = join(PROJECT_ROOT, 'feeds', 'feeds.yaml');

export interface Fixture {
  app: App;
  stack: FlatfeedStack;
  template: Template;
  topology: Topology;
  manifest: Manifest;
}

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

/**
 * `bundle: true` is the real thing: esbuild bundling and CloudFormation validation (about 10 s). Otherwise both are
 * skipped (about 0.3 s); the smoke test covers them once.
 */
export async function synthStack(
  options: { bundle?: boolean; alarmEmail?: string; manifest?: Manifest } = {},
): Promise<Fixture> {
  const manifest = options.manifest ?? (await loadManifest(MANIFEST_FILE));
  const topology = buildTopology(manifest);
  const app = new App({
    context: { ...cdkJsonContext(), ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
    builtinCloudFormationValidation: options.bundle === true,
  });
  const stack = new FlatfeedStack(app, 'Flatfeed', {
    topology,
    manifest,
    manifestFile: MANIFEST_FILE,
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
  });
  return { app, stack, template: Template.fromStack(stack), topology, manifest };
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of the inline policies attached to a role. */
export function statementsOf(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleLogicalId}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

export function actionsOf(s: Statement): string[] {
  return Array.isArray(s.Action) ? s.Action : [s.Action];
}

export function resourcesOf(s: Statement): unknown[] {
  return Array.isArray(s.Resource) ? s.Resource : [s.Resource];
}

/** Whether a CloudFormation value refers to the resource with this logical id. */
export function refersTo(value: unknown, logicalId: string): boolean {
  return JSON.stringify(value).includes(`"${logicalId}"`);
}
