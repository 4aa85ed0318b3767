import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Run } from '../shared/ledger/index.js';
import { loadManifest } from '../shared/manifest/index.js';
import { copyOutputs } from '../local/copy-outputs.js';
import { manifestPath } from './options.js';
import { tryFile, type TryReport } from './try-file.js';

/**
 * For a run waiting in needs-review: the headers of its file (read again from the inbox, through the same steps as
 * `flatfeed try`) and a `fieldMap` to paste into the manifest, one line per field that could not be mapped.
 */
export async function reviewHints(s3: S3Client, run: Run, manifest?: string): Promise<{ headers: string[]; fieldMap: string[] } | undefined> {
  const feed = (await loadManifest(await manifestPath({ ...(manifest ? { manifest } : {}) }))).feeds.find((f) => f.name === run.feed);
  if (!feed || run.member) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'flatfeed-review-'));
  try {
    const [path] = await copyOutputs(s3, [`s3://${run.bucket}/${run.key}`], dir);
    const report = await tryFile(path!, feed, { sample: 0 });
    return { headers: report.headers, fieldMap: fieldMapLines(report, run.missingFields ?? report.decision.missingFields) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `mapping: fieldMap:` YAML for the missing fields: the header the platform matched below the feed's minimum
 * certainty, if any, else a placeholder to replace with one of the headers listed.
 */
export function fieldMapLines(report: Pick<TryReport, 'plan' | 'unmappedHeaders'>, missing: readonly string[]): string[] {
  if (missing.length === 0) return [];
  const lines = ['mapping:', '  fieldMap:'];
  for (const field of missing) {
    const planned = report.plan.find((p) => p.field === field);
    const header = planned?.header ?? planned?.suggestion?.header ?? '<one of the headers above>';
    lines.push(`    ${JSON.stringify(header)}: ${field}`);
  }
  return lines;
}
