import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import type { NormalizedFile } from '../normalize/index.js';

/**
 * The name a file gets in Flatfile: the inbox key with folders flattened, so the partner's original key stays
 * readable, and an extension that matches what is uploaded (a .csv.gz arrives as .csv).
 */
export function uploadName(file: NormalizedFile): string {
  const flat = file.name.replace(/^\/+/, '').replaceAll('/', '__');
  const base = flat.replace(/\.(gz|gzip)$/i, '').replace(/\.(csv|tsv|psv|txt|dat|json|jsonl|ndjson|xml|xlsx|xls)$/i, '');
  return `${base}.${extensionOf(file)}`;
}

function extensionOf(file: NormalizedFile): string {
  switch (file.format) {
    case 'csv':
      return 'csv';
    case 'tsv':
      return 'tsv';
    case 'psv':
      return 'psv';
    case 'fixed':
      return 'txt';
    default:
      return file.format;
  }
}

/**
 * The body to upload. Flatfile extracts CSV, TSV and PSV natively by extension; any other delimiter (`;` is common
 * in Europe) is rewritten as standard comma CSV so the platform reads it right.
 */
export function uploadBody(file: NormalizedFile): Readable {
  const d = file.delimiter;
  if (file.format !== 'csv' || d === undefined || d === ',') return file.body;
  const out = stringify({ quoted_match: /["\n,]/ });
  pipeline(file.body, parse({ delimiter: d, relax_column_count: true, bom: false }), out as unknown as Transform).catch(
    (e: unknown) => out.destroy(e as Error),
  );
  return out;
}
