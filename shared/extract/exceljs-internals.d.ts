// exceljs's address cache, filled ahead of reading (excel-addresses.ts); it ships no types for its internals.
declare module 'exceljs/lib/utils/col-cache.js' {
  const colCache: import('./excel-addresses.js').ColCache;
  export default colCache;
}
