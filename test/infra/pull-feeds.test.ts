// Feeds with a scheduled pull: one Scheduler schedule each, in the feed's time zone, and cron-feed gets exactly what
// the pull needs (inbox write under the feed's prefix, read on the source) and nothing for feeds that are not pulled.
import { readFileSync } from 'node:fs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDocument } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { nagRef } from '../../infra/constructs/names.js';
import { parseManifest } from '../../shared/manifest/parse-yaml.js';
import { actionsOf, MANIFEST_FILE, refersTo, statementsOf, synthStack, type Fixture } from './fixture.js';

let f: Fixture;
beforeAll(async () => {
  const doc = parseDocument(readFileSync(MANIFEST_FILE, 'utf8'));
  doc.setIn(['feeds', 0, 'source', 'pull'], {
    type: 'https',
    url: 'https://crm.example.com/export.csv',
    headersSecret: 'acme/crm-headers',
    schedule: { cron: '30 6 ? * MON *', timezone: 'Europe/Berlin' },
  });
  doc.setIn(['feeds', 1, 'source', 'pull'], {
    type: 's3',
    bucket: 'nordwind-drop',
    prefix: 'exports/',
    schedule: { cron: '0 5 * * ? *', timezone: 'America/New_York' },
  });
  f = await synthStack({ manifest: parseManifest(doc.toString()) });
});

const cronFeedStatements = () => statementsOf(f.template, nagRef(f.stack.functions.get('cronFeed').fn.role as never));

describe('pulled feeds', () => {
  it('alarm when a pull is misconfigured (credentials, host key, missing source)', () => {
    for (const feed of ['contacts', 'orders']) {
      f.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `Flatfeed-${feed}-pull-misconfigured`,
        MetricName: 'PullMisconfigured',
        Namespace: 'flatfeed',
        Dimensions: [{ Name: 'feed', Value: feed }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  it('one pull-<feed> schedule per pulled feed, with its cron and time zone, targeting cron-feed', () => {
    const cronFeed = { 'Fn::GetAtt': [nagRef(f.stack.functions.get('cronFeed').fn), 'Arn'] };
    for (const [feed, expression, timezone] of [
      ['contacts', 'cron(30 6 ? * MON *)', 'Europe/Berlin'],
      ['orders', 'cron(0 5 * * ? *)', 'America/New_York'],
    ]) {
      f.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Description: `flatfeed pull-${feed}`,
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: timezone,
        Target: { Arn: cronFeed, Input: JSON.stringify({ action: 'pull', feed }) },
      });
    }
  });

  it('cron-feed writes the inbox only under the pulled feeds’ prefixes', () => {
    const inbox = nagRef(f.stack.storage.bucket('inbox'));
    const writes = cronFeedStatements().filter((s) => refersTo(s.Resource, inbox));
    expect(writes).toHaveLength(1);
    expect(actionsOf(writes[0]!).sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
    expect(JSON.stringify(writes[0]!.Resource)).toContain('/acme/contacts/*');
    expect(JSON.stringify(writes[0]!.Resource)).toContain('/nordwind/orders/*');
  });

  it('reads the source bucket under its prefix, and the headers secret by name', () => {
    const json = JSON.stringify(cronFeedStatements());
    expect(json).toContain(':s3:::nordwind-drop/exports/*');
    expect(json).toContain('"s3:prefix":"exports/*"');
    expect(json).toContain(':secret:acme/crm-headers-??????');
  });

  it('stays free of unacknowledged cdk-nag findings', () => {
    expect(new AwsSolutionsChecks().validateScope(f.stack).violations).toEqual([]);
  });
});
