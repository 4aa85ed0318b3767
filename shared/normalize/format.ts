// Which text format a file holds, from its content first and its name second.
import { extname } from 'node:path';
import type { FileFormat } from './types.js';

export type TextFormat = Exclude<FileFormat, 'xlsx' | 'xls'>;

/** Lower-case extension without the dot, ignoring a compression suffix (`a.csv.gz` → `csv`). */
export function extensionOf(name: string): string {
  const bare = name.replace(/\.(gz|gzip)$/i, '');
  return extname(bare).slice(1).toLowerCase();
}

const DELIMITED_EXTENSIONS = new Set(['csv', 'tsv', 'psv']);

/** JSON, JSON Lines or XML by content; everything else is delimited (refined by the delimiter). */
export function structuredFormat(sample: string, name: string): 'json' | 'jsonl' | 'xml' | undefined {
  const ext = extensionOf(name);
  // A CSV header may well start with `[` or `<`; a delimited extension is trusted over that.
  if (DELIMITED_EXTENSIONS.has(ext)) return undefined;
  const text = sample.trimStart();
  if (text.startsWith('<')) return 'xml';
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) return ext === 'jsonl' || ext === 'ndjson' || isJsonLines(text) ? 'jsonl' : 'json';
  return undefined;
}

/** One complete JSON object on the first line and another line after it. */
function isJsonLines(text: string): boolean {
  const [first, second] = text.split('\n').filter((l) => l.trim() !== '');
  if (first === undefined || second === undefined || !second.trimStart().startsWith('{')) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

/** The delimiter a name implies when the content shows none (a single-column file). */
export function delimiterFromName(name: string): string {
  const ext = extensionOf(name);
  return ext === 'tsv' ? '\t' : ext === 'psv' ? '|' : ',';
}

export function delimitedFormat(delimiter: string): 'csv' | 'tsv' | 'psv' {
  return delimiter === '\t' ? 'tsv' : delimiter === '|' ? 'psv' : 'csv';
}
