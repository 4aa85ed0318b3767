import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synthStack } from './fixture.js';

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged findings', async () => {
    const { stack } = await synthStack({ alarmEmail: 'ops@example.com' });
    const report = new AwsSolutionsChecks().validateScope(stack);
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} ${r.locations.join(',')} ${r.resourceLogicalId}`),
    );
    expect(findings).toEqual([]);
  });
});
