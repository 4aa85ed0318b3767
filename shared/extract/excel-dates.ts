// Excel stores dates as serial day numbers: days since 1899-12-30 (the 1900 system, whose phantom 1900-02-29 is
// already folded into that epoch for dates after February 1900) or since 1904-01-01 (the 1904 system, old Mac files).

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** A number format shows a date or time when it has date/time tokens outside quoted text and [colour] sections. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^(general|@)$/i.test(bare.trim());
}

/** Excel serial → Date (UTC wall clock), rounded to the millisecond as Excel keeps it. */
export function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((date1904 ? EPOCH_1904 : EPOCH_1900) + serial * DAY_MS));
}

/**
 * ISO 8601 text for a spreadsheet date: `YYYY-MM-DD` when there is no time of day, `YYYY-MM-DDTHH:mm:ss[.sss]`
 * otherwise (no zone: Excel values are wall-clock), `HH:mm:ss` for a time-only value (serial day 0).
 */
export function isoDate(d: Date, date1904: boolean): string {
  const iso = d.toISOString();
  const ms = d.getTime();
  const epoch = date1904 ? EPOCH_1904 : EPOCH_1900;
  const time = iso.slice(11, 23).replace(/\.000$/, '');
  if (ms >= epoch && ms < epoch + DAY_MS) return time;
  return ms % DAY_MS === 0 ? iso.slice(0, 10) : `${iso.slice(0, 10)}T${time}`;
}
