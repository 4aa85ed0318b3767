// exceljs's address cache, filled ahead of reading (excel-addresses.ts); it ships no types for its internals.
declare module 'exceljs/lib/utils/col-cache.js' {
  const colCache: import('./excel-addresses.js').ColCache;
  export default colCache;
}
// exceljs's helpers; only xmlDecode is replaced (exceljs.ts).
declare module 'exceljs/lib/utils/utils.js' {
  const utils: { xmlDecode: (text: string) => string };
  export default utils;
}
