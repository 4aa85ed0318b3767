import { CliError } from './cli-error.js';

const UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--since`: a span back from now (`30m`, `24h`, `7d`) or a date/time (`2026-11-20`, ISO 8601); an ISO instant. */
export function parseSince(text: string, now: Date = new Date()): string {
  const span = /^(\d+)([mhd])$/.exec(text.trim());
  if (span) return new Date(now.getTime() - Number(span[1]) * UNITS[span[2] as keyof typeof UNITS]).toISOString();
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new CliError(`--since ${text}: expected a span such as 30m, 24h, 7d or a date such as 2026-11-20`);
  return new Date(at).toISOString();
}
