import type { FileFormat } from '../manifest/index.js';
import { openFixedWidth } from './fixed-width.js';
import { openJson } from './json.js';
import { openJsonl } from './jsonl.js';
import { openXlsx } from './xlsx.js';
import type { OpenSource } from './types.js';

/** The formats the worker extracts; CSV, TSV and PSV are the platform's own (native extraction). */
const SOURCES: Partial<Record<FileFormat, OpenSource>> = {
  xlsx: openXlsx,
  json: openJson,
  jsonl: openJsonl,
  fixed: openFixedWidth,
};

export function sourceFor(format: FileFormat): OpenSource | undefined {
  return SOURCES[format];
}
