import { describe, expect, it } from 'vitest';
import { assessCadence } from '../../../shared/cadence/index.js';

// Daily by 07:00 Berlin with an hour's grace: in June the deadline is 08:00 CEST = 06:00Z.
const daily = { cron: '0 7 * * ? *', timezone: 'Europe/Berlin', graceMinutes: 60 };
const at = (s: string) => new Date(s);

describe('assessCadence', () => {
  const now = at('2025-06-10T09:00:00Z');

  it("is on cadence when a file arrived since yesterday's deadline", () => {
    const v = assessCadence(daily, now, at('2025-06-10T04:50:00Z'));
    expect(v).toMatchObject({ stale: false, deadline: at('2025-06-10T06:00:00Z'), windowStart: at('2025-06-09T06:00:00Z') });
    expect(v.minutesSinceLastFile).toBe(250);
  });

  it("is stale when the newest file is yesterday's, or there is none", () => {
    expect(assessCadence(daily, now, at('2025-06-09T05:30:00Z')).stale).toBe(true);
    expect(assessCadence(daily, now, undefined)).toMatchObject({ stale: true, deadline: at('2025-06-10T06:00:00Z') });
    expect(assessCadence(daily, now, undefined).minutesSinceLastFile).toBeUndefined();
  });

  it('a late file clears it again', () => {
    expect(assessCadence(daily, now, at('2025-06-10T08:30:00Z')).stale).toBe(false);
  });

  it("within the grace period, yesterday's file still counts", () => {
    const early = at('2025-06-10T05:30:00Z'); // 07:30 CEST: expected, but the grace is not over
    expect(assessCadence(daily, early, at('2025-06-09T05:00:00Z'))).toMatchObject({ stale: false, deadline: at('2025-06-09T06:00:00Z') });
  });

  it('uses the winter offset in winter', () => {
    const winter = at('2025-01-10T06:30:00Z'); // 07:30 CET: deadline 08:00 CET = 07:00Z has not passed
    expect(assessCadence(daily, winter, at('2025-01-09T05:30:00Z'))).toMatchObject({ stale: false, deadline: at('2025-01-09T07:00:00Z') });
    expect(assessCadence(daily, at('2025-01-10T07:01:00Z'), at('2025-01-09T05:30:00Z')).stale).toBe(true);
  });
});
