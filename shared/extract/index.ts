export { runExtraction, type ExtractDeps, type ExtractResult } from './run-extraction.js';
export { handleExtractWork, type ExtractWorkDeps } from './extract-work.js';
export { sourceFor } from './sources.js';
export { openXlsx } from './xlsx.js';
export { openJson } from './json.js';
export { openJsonl } from './jsonl.js';
export { openFixedWidth } from './fixed-width.js';
export { normalizeKey, toFields, type SourceField } from './keys.js';
export type { FormatOptions, OpenSource, RecordSource } from './types.js';
