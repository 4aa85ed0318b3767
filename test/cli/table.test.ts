import { describe, expect, it } from 'vitest';
import { renderDemoReport } from '../../cli/demo-report.js';
import { colourEnabled, painter } from '../../cli/colour.js';
import { renderTable } from '../../cli/table.js';
import type { DemoRow } from '../../local/demo.js';

describe('renderTable', () => {
  it('pads every column to its widest cell, right-aligns numbers and trims line ends', () => {
    const lines = renderTable(
      [{ header: 'feed' }, { header: 'rows', align: 'right' }, { header: 'state' }],
      [
        ['contacts', '20', 'done'],
        ['orders', '1200', 'needs-review'],
      ],
    );
    expect(lines).toEqual([
      'feed      rows  state',
      '--------  ----  ------------',
      'contacts    20  done',
      'orders    1200  needs-review',
    ]);
  });
});

describe('renderTable at a terminal width', () => {
  it('cuts the shrinkable columns (widest first) so every line fits, and keeps the run id whole', () => {
    const key = 'acme/contacts/a-rather-long-folder-name/and-a-long-file-name-2026-11-16.csv';
    const lines = renderTable(
      [{ header: 'run id' }, { header: 'state' }, { header: 'key', shrink: true }],
      [['run_0123456789abcdef', 'done', key]],
      { width: 60 },
    );
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    expect(lines[2]!.startsWith('run_0123456789abcdef  done   ')).toBe(true);
    expect(lines[2]).not.toContain(key);
    // Without a width (not a terminal: a pipe, a file), nothing is cut.
    expect(renderTable([{ header: 'run id' }, { header: 'key', shrink: true }], [['run_1', key]])[2]).toBe(`run_1   ${key}`);
  });
});

describe('colour', () => {
  it('only on a TTY, never with NO_COLOR or TERM=dumb, always with FORCE_COLOR', () => {
    expect(colourEnabled({}, { isTTY: true })).toBe(true);
    expect(colourEnabled({}, { isTTY: false })).toBe(false);
    expect(colourEnabled({ NO_COLOR: '1' }, { isTTY: true })).toBe(false);
    expect(colourEnabled({ TERM: 'dumb' }, { isTTY: true })).toBe(false);
    expect(colourEnabled({ FORCE_COLOR: '1' }, { isTTY: false })).toBe(true);
    expect(painter(true)('green', 'done')).toBe('\u001b[32mdone\u001b[39m');
    expect(painter(false)('green', 'done')).toBe('done');
  });
});

describe('renderDemoReport', () => {
  const row = (over: Partial<DemoRow>): DemoRow => ({
    feed: 'contacts',
    sample: 'contacts/a.csv',
    key: 'acme/contacts/a.csv',
    state: 'done',
    counts: { rowsRead: 20, valid: 11, invalid: 9 },
    outputs: ['s3://o/contacts/a.jsonl'],
    copies: ['out/o/contacts/a.jsonl'],
    seconds: 2.345,
    problems: [],
    ...over,
  });

  it('prints the table, the notes, where the outputs went and the verdict', () => {
    const lines = renderDemoReport({
      rows: [
        row({ reason: 'invalid ratio 0.450 is above the feed\'s maximum 0.2 (9 of 20)' }),
        row({ feed: 'orders', sample: 'orders/b.csv.gz', state: 'rejected', counts: {}, outputs: [], copies: [], seconds: 0.5, problems: ['state rejected, expected done'] }),
      ],
      ok: false,
      timedOut: false,
      outDir: 'out',
      elapsedMs: 9_400,
    });
    expect(lines).toEqual([
      '',
      'feed      file      rows  valid  invalid  state     outputs  seconds',
      '--------  --------  ----  -----  -------  --------  -------  -------',
      'contacts  a.csv       20     11        9  done            1      2.3',
      'orders    b.csv.gz     -      -        -  rejected        0      0.5',
      '',
      'Notes:',
      "  contacts/a.csv: invalid ratio 0.450 is above the feed's maximum 0.2 (9 of 20)",
      '',
      'Outputs copied to out/ (outbox and rejects, by bucket and key):',
      '  out/o/contacts/a.jsonl',
      '',
      '✗ orders/b.csv.gz: state rejected, expected done',
      '✗ 1 of 2 runs did not reach their expected state (samples/expected.json).',
    ]);
  });

  it('says when the deadline ended the demo', () => {
    const lines = renderDemoReport({ rows: [row({ state: 'mapping', problems: ['state mapping, expected done'] })], ok: false, timedOut: true, outDir: 'out', elapsedMs: 100_000 });
    expect(lines.at(-1)).toBe('✗ The demo gave up after 100.0 s: the pipeline did not finish every run in time.');
  });
});
