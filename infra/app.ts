// CDK app entry (cdk.json "app"). Context: `manifest` (path of the feed manifest, default feeds/feeds.yaml),
// `alarmEmail` (subscribe an address to the alarm topic), `stackName` (default Flatfeed).
import { resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../shared/manifest/index.js';
import { FlatfeedStack } from './stack.js';
import { buildTopology } from './topology.js';

const app = new App();
const context = (key: string): string | undefined => {
  const v: unknown = app.node.tryGetContext(key);
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

const manifestFile = resolve(context('manifest') ?? DEFAULT_MANIFEST_PATH);
const manifest = await loadManifest(manifestFile);
const alarmEmail = context('alarmEmail');

new FlatfeedStack(app, context('stackName') ?? 'Flatfeed', {
  description: 'flatfeed: partner file feeds from S3 through Flatfile and back (github.com/flatfeed)',
  topology: buildTopology(manifest),
  manifest,
  manifestFile,
  ...(alarmEmail ? { alarmEmail } : {}),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
