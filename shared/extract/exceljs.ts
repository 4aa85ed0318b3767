// exceljs, the unzipper it parses packages with, and its address cache (excel-addresses.ts): one module, so that the
// worker loads them together, as one chunk, on its first XLSX (xlsx.ts).
export { default as Excel } from 'exceljs';
export { default as colCache } from 'exceljs/lib/utils/col-cache.js';
export { default as unzipper } from 'unzipper';
