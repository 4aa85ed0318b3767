import type { DemoResult } from '../local/demo.js';
import { renderTable } from './table.js';

const n = (v: number | undefined) => (v === undefined ? '-' : String(v));

/** The demo's closing report: one table row per sample, then notes, where the outputs went and the verdict. */
export function renderDemoReport(result: DemoResult): string[] {
  const table = renderTable(
    [
      { header: 'feed' },
      { header: 'file' },
      { header: 'rows', align: 'right' },
      { header: 'valid', align: 'right' },
      { header: 'invalid', align: 'right' },
      { header: 'state' },
      { header: 'outputs', align: 'right' },
      { header: 'seconds', align: 'right' },
    ],
    result.rows.map((r) => [
      r.feed,
      r.sample.slice(r.feed.length + 1),
      n(r.counts.rowsRead),
      n(r.counts.valid),
      n(r.counts.invalid),
      r.state,
      String(r.outputs.length),
      r.seconds?.toFixed(1) ?? '-',
    ]),
  );
  const lines = ['', ...table];
  const reasons = result.rows.filter((r) => r.reason);
  if (reasons.length > 0) lines.push('', 'Notes:', ...reasons.map((r) => `  ${r.sample}: ${r.reason}`));
  const copies = result.rows.flatMap((r) => r.copies);
  if (copies.length > 0) lines.push('', `Outputs copied to ${result.outDir}/ (outbox and rejects, by bucket and key):`, ...copies.map((c) => `  ${c}`));
  lines.push('');
  const wrong = result.rows.filter((r) => r.problems.length > 0);
  for (const r of wrong) lines.push(`✗ ${r.sample}: ${r.problems.join('; ')}`);
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  if (result.timedOut) lines.push(`✗ The demo gave up after ${seconds} s: the pipeline did not finish every run in time.`);
  else if (result.ok) lines.push(`✓ All ${result.rows.length} runs reached their expected state (samples/expected.json) in ${seconds} s.`);
  else lines.push(`✗ ${wrong.length} of ${result.rows.length} runs did not reach their expected state (samples/expected.json).`);
  return lines;
}
