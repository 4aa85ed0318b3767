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

export async function synthStack(options: { bundle?: boolean; alarmEmail?: string } = {}): Promise<Fixture> {
  const manifest = await loadManifest(MANIFEST_FILE);
  const topology = buildTopology(manifest);
  const app = new App({
    context: { ...cdkJsonContext(), ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const stack = new FlatfeedStack(app, 'Flatfeed', {
    topology,
    manifest,
    manifestFile: MANIFEST_FILE,
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
  });
  return { app, stack, template: Template.fromStack(stack), topology, manifest };
}
