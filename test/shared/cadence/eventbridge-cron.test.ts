import { describe, expect, it } from 'vitest';
import { CronError, occurrencesBefore, parseEventBridgeCron } from '../../../shared/cadence/index.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const before = (cron: string, tz: string, at: string, count = 1) => iso(occurrencesBefore(cron, tz, new Date(at), count));

describe('EventBridge cron: latest expected arrival before a time', () => {
  it('follows the time zone across DST: 07:00 Berlin is 06:00Z in winter and 05:00Z in summer', () => {
    expect(before('0 7 * * ? *', 'Europe/Berlin', '2025-03-29T12:00:00Z')).toEqual(['2025-03-29T06:00:00.000Z']);
    expect(before('0 7 * * ? *', 'Europe/Berlin', '2025-03-31T12:00:00Z')).toEqual(['2025-03-31T05:00:00.000Z']);
    // Before today's 07:00 the answer is yesterday's, on the other side of the change.
    expect(before('0 7 * * ? *', 'Europe/Berlin', '2025-03-30T04:00:00Z')).toEqual(['2025-03-29T06:00:00.000Z']);
  });

  it('handles zones west of UTC and off the hour', () => {
    // The US changed on 9 March 2025: Monday 09:00 EDT is 13:00Z, the Friday before was 09:00 EST = 14:00Z.
    expect(before('0 9 ? * MON-FRI *', 'America/New_York', '2025-03-10T12:59:00Z')).toEqual(['2025-03-07T14:00:00.000Z']);
    expect(before('0 9 ? * MON-FRI *', 'America/New_York', '2025-03-10T13:01:00Z')).toEqual(['2025-03-10T13:00:00.000Z']);
    expect(before('0 7 * * ? *', 'Asia/Kolkata', '2025-06-01T12:00:00Z')).toEqual(['2025-06-01T01:30:00.000Z']);
  });

  it('numbers weekdays like EventBridge: 1 is Sunday, 2 Monday, 6#1 the first Friday', () => {
    expect(before('0 6 ? * 2 *', 'UTC', '2025-04-02T12:00:00Z')).toEqual(['2025-03-31T06:00:00.000Z']);
    expect(before('0 6 ? * 1 *', 'UTC', '2025-04-02T12:00:00Z')).toEqual(['2025-03-30T06:00:00.000Z']);
    expect(before('0 6 ? * 2-6 *', 'UTC', '2025-04-06T12:00:00Z')).toEqual(['2025-04-04T06:00:00.000Z']);
    expect(before('0 6 ? * 6#1 *', 'UTC', '2025-04-10T12:00:00Z')).toEqual(['2025-04-04T06:00:00.000Z']);
    expect(before('0 6 L * ? *', 'UTC', '2025-04-10T12:00:00Z')).toEqual(['2025-03-31T06:00:00.000Z']);
  });

  it('skips a time the spring change removes, as EventBridge Scheduler does', () => {
    // 02:30 did not exist in Berlin on 30 March 2025.
    expect(before('30 2 * * ? *', 'Europe/Berlin', '2025-03-30T12:00:00Z', 2)).toEqual([
      '2025-03-29T01:30:00.000Z',
      '2025-03-28T01:30:00.000Z',
    ]);
  });

  it('runs a time the autumn change repeats once', () => {
    // 02:30 happened twice in Berlin on 26 October 2025 (00:30Z CEST, 01:30Z CET).
    const [day, previous] = occurrencesBefore('30 2 * * ? *', 'Europe/Berlin', new Date('2025-10-26T12:00:00Z'), 2);
    expect(['2025-10-26T00:30:00.000Z', '2025-10-26T01:30:00.000Z']).toContain(day?.toISOString());
    expect(previous?.toISOString()).toBe('2025-10-25T00:30:00.000Z');
  });

  it('honours the year field', () => {
    expect(before('0 7 1 1 ? 2024', 'UTC', '2026-06-01T00:00:00Z')).toEqual(['2024-01-01T07:00:00.000Z']);
    expect(before('0 7 1 1 ? 2030', 'UTC', '2026-06-01T00:00:00Z')).toEqual([]);
    expect(before('0 7 1 1 ? 2020-2030/5', 'UTC', '2026-06-01T00:00:00Z', 2)).toEqual([
      '2025-01-01T07:00:00.000Z',
      '2020-01-01T07:00:00.000Z',
    ]);
  });

  it('rejects what EventBridge would reject or what it cannot evaluate', () => {
    expect(() => parseEventBridgeCron('0 7 * * *')).toThrow(CronError);
    expect(() => parseEventBridgeCron('0 7 1 * 2 *')).toThrow(/must be "\?"/);
    expect(() => parseEventBridgeCron('0 7 15W * ? *')).toThrow(/W/);
    expect(() => occurrencesBefore('0 25 * * ? *', 'UTC', new Date(), 1)).toThrow(CronError);
  });
});
