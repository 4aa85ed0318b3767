/**
 * exceljs's address cache (utils/col-cache.js), filled before any sheet is read.
 *
 * Its decodeAddress keeps the address objects of the top-left 100 × 100 cells for good and lets every other one die
 * at once. A sheet's first rows are read while V8 learns, per allocation site, whether the objects it allocates
 * survive a scavenge: when one came while those first rows were read, every object the site had allocated since had
 * survived (cached), and V8 tenured the site (--trace-pretenuring: "decodeAddress ... dependent allocation site
 * tenuring changed"). From then on all of a sheet's addresses, two objects per cell, were allocated straight in the
 * old space, to be freed only by full GCs: in about half the runs of an XLSX extraction (300k rows: 230 against 25 MB
 * promoted, heap high-water 150–190 against ~50 MB, as with --no-allocation-site-pretenuring). Cached here, from an
 * allocation site of its own, decodeAddress's site only ever allocates what dies young.
 */
export interface ExcelAddress {
  address: string;
  col: number;
  row: number;
  $col$row: string;
}

export interface ColCache {
  _hash: Record<string, ExcelAddress>;
  n2l(n: number): string;
  flatfeedFilled?: true;
}

/** The square exceljs caches (col-cache.js: "cache only the tl 100x100 square"). */
const CACHED = 100;

/** Caches the objects decodeAddress would, the same fields in the same order; once per process. */
export function fillAddressCache(colCache: ColCache): void {
  if (colCache.flatfeedFilled) return;
  for (let c = 1; c <= CACHED; c++) {
    const col = colCache.n2l(c);
    for (let r = 1; r <= CACHED; r++) {
      const row = String(r);
      if (colCache._hash[col + row]) continue;
      const address: ExcelAddress = { address: col + row, col: c, row: r, $col$row: `$${col}$${row}` };
      colCache._hash[address.address] = address;
      colCache._hash[address.$col$row] = address;
    }
  }
  colCache.flatfeedFilled = true;
}
