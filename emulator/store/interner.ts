/** Distinct strings a column keeps for sharing; past this it only shares those it already has. */
const CAPACITY = 1 << 16;

/**
 * One copy of each repeated string of a column: a parsed file makes a new string for every cell, and most columns of
 * a partner file repeat a few values (statuses, countries, cities, dates, names). At 1M rows × 12 columns the extracted
 * sheet held 504 bytes of strings per row, most of them copies. A column whose values do not repeat (ids, emails)
 * is noticed once its table is full with fewer hits than misses, and is passed through from then on.
 */
export class StringInterner {
  private strings = new Map<string, string>();
  private hits = 0;
  private misses = 0;
  private off = false;

  intern<T>(value: T): T {
    if (this.off || typeof value !== 'string') return value;
    const known = this.strings.get(value);
    if (known !== undefined) {
      this.hits++;
      return known as T;
    }
    this.misses++;
    if (this.strings.size < CAPACITY) this.strings.set(value, value);
    else if (this.hits < this.misses) {
      this.off = true;
      this.strings.clear();
    }
    return value;
  }
}
