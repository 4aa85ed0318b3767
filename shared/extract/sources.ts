import type { FileFormat } from '../manifest/index.js';
import { openFixedWidth } from './fixed-width.js';
import { openJson } from './json.js';
import { openJsonl } from './jsonl.js';
import { openXlsx } from './xlsx.js';
import type { OpenSource } from './types.js';
import type { WorkerFormat } from './formats.js';

/** The formats the worker extracts; CSV, TSV and PSV are the platform's own (native extraction). */
const SOURCES: Partial<Record<FileFormat, OpenSource>> & Record<WorkerFormat, OpenSource> = {
  xlsx: openXlsx,
  json: openJson,
  jsonl: openJsonl,
  fixed: openFixedWidth,
};

export function sourceFor(format: FileFormat): OpenSource | undefined {
  return SOURCES[format];
}

/**
 * Why a format has no extractor, in words a partner can act on. Legacy .xls (BIFF) is refused on purpose: the only
 * parser on the registry, SheetJS 0.18.5, has a known prototype-pollution flaw on crafted files (CVE-2023-30533),
 * and partner files are untrusted input.
 */
export function unsupportedReason(format: FileFormat): string {
  if (format === 'xls') return 'legacy Excel 97-2003 (.xls) files are not accepted; save the file as .xlsx or CSV and send it again';
  return `${format} files are not extracted; send CSV, TSV, XLSX, JSON, JSON Lines or fixed-width text`;
}
