import type { Paint } from './colour.js';
import { painter } from './colour.js';
import { fieldMapLines } from './review-hints.js';
import { renderTable } from './table.js';
import type { TryReport } from './try-file.js';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** `flatfeed try`: what the pipeline would make of the file, top to bottom in the order it happens. */
export function renderTry(r: TryReport, paint: Paint = painter(false)): string[] {
  const lines = [`${r.file} (${r.bytes.toLocaleString('en-US')} bytes) as feed "${r.feed}"`, ''];
  const sniffed = [
    `  format     ${r.format}`,
    ...(r.encoding ? [`  encoding   ${r.encoding}`] : []),
    ...(r.delimiter ? [`  delimiter  ${DELIMITER_NAMES[r.delimiter] ?? JSON.stringify(r.delimiter)}`] : []),
    ...(r.sheet ? [`  sheet      ${r.sheet}`] : []),
  ];
  lines.push('sniffed', ...sniffed);
  if (r.otherMembers) lines.push(`  also in the zip (each a run of its own): ${r.otherMembers.join(', ')}`);
  if (r.refused) {
    lines.push('', paint('red', `✗ the file would be rejected: ${r.refused.reason}: ${r.refused.message}`));
    return lines;
  }
  lines.push(`  header     ${r.headers.map((h) => JSON.stringify(h)).join(', ')}`, '');
  lines.push('mapping');
  lines.push(
    ...renderTable(
      [{ header: 'field' }, { header: 'required' }, { header: 'from header' }, { header: 'certainty', style: (c) => (c === '-' ? 'red' : c === 'absolute' || c === 'strong' ? 'green' : 'yellow') }, { header: 'by' }],
      r.plan.map((p) => [
        p.field,
        p.required ? 'yes' : '',
        p.header ?? (p.suggestion ? `(${p.suggestion.header}?)` : '-'),
        p.certainty ?? (p.suggestion ? p.suggestion.certainty : '-'),
        p.origin ?? (p.suggestion ? 'below the feed\'s minimum certainty' : ''),
      ]),
      { paint },
    ).map((l) => `  ${l}`),
  );
  if (r.unmappedHeaders.length > 0) lines.push(`  not mapped: ${r.unmappedHeaders.map((h) => JSON.stringify(h)).join(', ')}`);
  if (r.decision.action === 'execute') lines.push(paint('green', '  ✓ the plan runs unattended'));
  else {
    lines.push(paint('yellow', `  ! a person must confirm the mapping in Flatfile: ${r.decision.reason}`));
    const yaml = fieldMapLines(r, r.decision.missingFields);
    if (yaml.length > 0) lines.push('  to map them without a person, add to the feed:', ...yaml.map((l) => `      ${l}`));
  }
  lines.push('', `records    ${r.rows} read, ${paint('green', `${r.valid} valid`)}, ${paint(r.invalid > 0 ? 'red' : undefined, `${r.invalid} invalid`)}`);
  if (r.firstValid.length > 0) {
    lines.push('', `first valid rows, as egress writes them (JSONL)`);
    lines.push(...r.firstValid.map((row) => `  ${JSON.stringify(row)}`));
  }
  if (r.firstInvalid.length > 0) {
    lines.push('', 'first invalid rows, with the reasons the rejects file gives');
    for (const bad of r.firstInvalid) lines.push(`  row ${bad.row}: ${bad.reasons}`, paint('dim', `    ${JSON.stringify(bad.values)}`));
  }
  lines.push('', paint('dim', 'Nothing was uploaded or written.'));
  return lines;
}
