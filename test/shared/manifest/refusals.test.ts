import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../../shared/errors/index.js';
import { loadManifest } from '../../../shared/manifest/index.js';
import { parseManifest } from '../../../shared/manifest/parse-yaml.js';

// Configuration the pipeline cannot run is refused when the manifest loads, not discovered by a run that never ends
// (issue #12: parquet output left runs egressing, a missing hook module left them validating).

const EXAMPLE = readFileSync('feeds/feeds.yaml', 'utf8');

function problems(text: string, baseDir?: string): string[] {
  try {
    parseManifest(text, 'feeds.yaml', baseDir);
  } catch (e) {
    if (e instanceof ManifestError) return [...e.problems];
    throw e;
  }
  return [];
}

describe('manifest refusals', () => {
  it('the example manifest loads', async () => {
    await expect(loadManifest()).resolves.toBeTruthy();
  });

  it('refuses an egress format no writer exists for (parquet)', () => {
    const text = EXAMPLE.replace(/formats: \[jsonl, csv\]/, 'formats: [jsonl, parquet]');
    expect(text).not.toBe(EXAMPLE);
    expect(problems(text)).toEqual([expect.stringMatching(/^feeds\.yaml:\d+:\d+ feeds\[\d\]\.egress\.formats\[1\]: expected one of jsonl\|csv, got "parquet"$/)]);
  });

  it('refuses an accepted input format no extractor exists for (xml)', () => {
    const text = EXAMPLE.replace('accept: [csv, tsv, xlsx, jsonl]', 'accept: [csv, xml, jsonl]');
    expect(problems(text)).toEqual([expect.stringMatching(/feeds\[0\]\.format\.accept\[1\]: expected one of csv\|tsv\|psv\|xlsx\|json\|jsonl\|fixed \(formats with an extractor\), got "xml"$/)]);
  });

  it('refuses a hook module that does not exist, naming where it looked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flatfeed-manifest-'));
    const text = EXAMPLE.replace(/hooks: \S+/, 'hooks: hooks/missing.ts');
    expect(text).not.toBe(EXAMPLE);
    expect(problems(text, dir)).toEqual([expect.stringMatching(/feeds\[1\]\.validation\.hooks: expected a module file, got "hooks\/missing\.ts" \(no file at .*hooks\/missing\.ts\)$/)]);
    writeFileSync(join(dir, 'present.ts'), 'export default {};\n');
    expect(problems(EXAMPLE.replace(/hooks: \S+/, 'hooks: present.ts'), dir)).toEqual([]);
  });

  it('refuses a cron EventBridge would not run', () => {
    const text = EXAMPLE.replace("cron: '0 7 ? * MON *'", "cron: '99 7 ? * MON *'");
    expect(text).not.toBe(EXAMPLE);
    expect(problems(text)).toEqual([expect.stringMatching(/cron: expected a valid EventBridge cron expression, got "99 7 \? \* MON \*"/)]);
  });

  it('refuses an egress re-sync rate EventBridge would not run, and takes one it would', () => {
    const withRate = (every: string) => EXAMPLE.replace('      mode: incremental\n', `      mode: incremental\n      resync: { every: '${every}' }\n`);
    expect(withRate('1 hour')).not.toBe(EXAMPLE);
    expect(problems(withRate('1 hour'))).toEqual([]);
    expect(problems(withRate('1 minutes'))).toEqual([
      expect.stringMatching(/feeds\[0\]\.egress\.resync\.every: expected an EventBridge rate such as "15 minutes", "1 hour" or "2 days" \(singular for 1, plural above\), got "1 minutes"$/),
    ]);
  });
});
