// exceljs, the unzipper it parses packages with, and its address cache (excel-addresses.ts): one module, so that the
// worker loads them together, as one chunk, on its first XLSX (xlsx.ts).
import utils from 'exceljs/lib/utils/utils.js';

export { default as Excel } from 'exceljs';
export { default as colCache } from 'exceljs/lib/utils/col-cache.js';
export { default as unzipper } from 'unzipper';

// exceljs's reader runs xmlDecode over text its XML parser (saxes) has already decoded: the cached text of a formula
// (`t="str"` cells) and sheet names, where a partner's literal "&lt;" (written "&amp;lt;") came out as "<". Every
// caller of xmlDecode in exceljs 4.4 is such a reader (cell-xform, sheet-xform, worksheet-reader); its writers
// encode with xmlEncode. So decoding once, by the parser, is all: the second pass is left out.
utils.xmlDecode = (text: string) => text;
