// A feed with `egress.resync`: one `resync-<feed>` schedule (a rate) targeting cron-feed, and cron-feed may read the
// Flatfile key only then — without a re-sync it never calls Flatfile and gets no grant for it.
import { readFileSync } from 'node:fs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDocument } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { nagRef } from '../../infra/constructs/names.js';
import { parseManifest } from '../../shared/manifest/parse-yaml.js';
import { MANIFEST_FILE, refersTo, statementsOf, synthStack, type Fixture } from './fixture.js';

let withResync: Fixture;
let without: Fixture;
beforeAll(async () => {
  const doc = parseDocument(readFileSync(MANIFEST_FILE, 'utf8'));
  doc.setIn(['feeds', 1, 'egress', 'resync'], { every: '1 hour' });
  withResync = await synthStack({ manifest: parseManifest(doc.toString()) });
  without = await synthStack();
});

const readsFlatfileKey = (f: Fixture) => {
  const key = nagRef(f.stack.secrets.secret('flatfileApiKey'));
  return statementsOf(f.template, nagRef(f.stack.functions.get('cronFeed').fn.role as never)).some((s) => refersTo(s.Resource, key));
};

describe('scheduled egress re-sync', () => {
  it('one resync-<feed> schedule per re-synced feed, at its rate, targeting cron-feed', () => {
    withResync.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Description: 'flatfeed resync-orders',
      ScheduleExpression: 'rate(1 hour)',
      Target: { Arn: { 'Fn::GetAtt': [nagRef(withResync.stack.functions.get('cronFeed').fn), 'Arn'] }, Input: JSON.stringify({ action: 'resync', feed: 'orders' }) },
    });
    expect(withResync.topology.schedules.filter((s) => s.id.startsWith('resync-')).map((s) => s.id)).toEqual(['resync-orders']);
    expect(without.topology.schedules.filter((s) => s.id.startsWith('resync-'))).toEqual([]);
  });

  it('cron-feed reads the Flatfile key only when a feed re-syncs', () => {
    expect(readsFlatfileKey(withResync)).toBe(true);
    expect(readsFlatfileKey(without)).toBe(false);
  });

  it('stays free of unacknowledged cdk-nag findings', () => {
    expect(new AwsSolutionsChecks().validateScope(withResync.stack).violations).toEqual([]);
  });
});
