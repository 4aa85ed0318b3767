import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/ledger/index.js';
import type { RunNotice } from '../../shared/notify/outbound.js';
import { Manifest, type Feed } from '../../shared/manifest/index.js';
import { compileNumberFormat } from '../../shared/validate/numbers.js';
import { rejectReasons } from '../../cli/ledger-read.js';
import { startTestPipeline, type TestPipeline } from '../support/pipeline.js';
import { waitFor } from '../support/wait.js';
import { CORPUS, FIXED_COLUMNS, type CorpusFile, type SourceRow } from './corpus/files.js';

// The fidelity corpus: messy partner files (encodings, separators, numbers, JSON, spreadsheets, archives, refusals)
// through the whole embedded pipeline — one stack, every file dropped at once. Each must end in its state with exact
// counts, and every value a done run egresses must be the partner's value after the feed's declared rules.

const fields = [
  { key: 'id', type: 'string', required: true, unique: true },
  { key: 'name', type: 'string' },
  { key: 'amount', type: 'number' },
  { key: 'day', type: 'date', dateFormats: ['YYYY-MM-DD', 'DD.MM.YYYY'] },
];
const feed = (name: string, prefix: string, format: Record<string, unknown> = {}, egress: Record<string, unknown> = {}, more: Record<string, unknown> = {}) => ({
  name,
  source: { inboxPrefix: prefix },
  format: { accept: ['csv', 'tsv', 'psv', 'json', 'jsonl', 'xlsx'], ...format },
  sheet: { slug: 'rows', name: 'Rows' },
  fields,
  egress: { formats: ['jsonl', 'csv'], ...egress },
  ...more,
});
const raw = {
  version: 1,
  feeds: [
    feed('corpus', 'corpus/plain/'),
    feed('corpus-de', 'corpus/de/', { numberFormat: 'de-DE' }),
    feed('corpus-cp1252', 'corpus/cp1252/', { encoding: 'windows-1252', utf8InDeclared: 'refuse' }),
    feed('corpus-cp1252w', 'corpus/cp1252w/', { encoding: 'windows-1252' }),
    feed('corpus-acme', 'acme/contacts/'),
    // A machine reads this feed's outbox CSV: formulas are written as sent (the opt-out); its rejects file, which
    // people open, is neutralised all the same.
    feed('corpus-raw', 'corpus/raw/', {}, { csvFormulaEscape: false }),
    // Rejects go back as the partner wrote the file: their headers (mapped here by fieldMap), delimiter, encoding.
    // Fixed-width text has no header: the manifest's columns are it.
    feed('corpus-fixed', 'corpus/fixed/', { accept: ['fixed'], fixedWidth: { columns: FIXED_COLUMNS } }),
    feed('corpus-partner', 'corpus/partner/', {}, { rejectsLayout: 'partner' }, { mapping: { fieldMap: { Kennung: 'id', Kunde: 'name', Betrag: 'amount', Tag: 'day' } } }),
    // A feed whose date field takes date-times (dateTime: date): the date part is kept, as declared.
    feed('corpus-dt', 'corpus/dt/', {}, {}, { fields: fields.map((f) => (f.key === 'day' ? { ...f, dateTime: 'date' } : f)) }),
  ],
};
const manifest = Manifest.parse(raw);
// The functions load the manifest from MANIFEST_PATH, as deployed: JSON is YAML.
const manifestPath = join(mkdtempSync(join(tmpdir(), 'flatfeed-corpus-')), 'feeds.yaml');
writeFileSync(manifestPath, JSON.stringify(raw, null, 2));

let p: TestPipeline;
beforeAll(async () => {
  p = await startTestPipeline(['ingress', 'eventsPoller', 'listener', 'worker', 'egress'], { manifest, manifestPath });
  await Promise.all(CORPUS.map(async (f) => p.drop(f.key, typeof f.body === 'function' ? await f.body() : f.body)));
}, 300_000);
afterAll(async () => {
  await p?.stop();
});

const TERMINAL = ['done', 'rejected', 'expanded', 'mismatch', 'needs-review', 'unrouted'] as const;
const feedOf = (key: string): Feed | undefined => manifest.feeds.find((f) => key.startsWith(f.source.inboxPrefix));

async function runOf(key: string, member?: string): Promise<Run> {
  const name = feedOf(key)?.name ?? '(unrouted)';
  return waitFor(
    `the run of ${key}${member ? ` member ${member}` : ''} to end`,
    async () => {
      const runs = await p.ledger.listRuns(name);
      const run = runs.find((r) => r.key === key && (member === undefined ? !r.member : r.member === member));
      return run && (TERMINAL as readonly string[]).includes(run.state) ? run : undefined;
    },
    600_000,
  );
}

async function objectBytes(uri: string): Promise<Buffer> {
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)!;
  const r = await p.local.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await r.Body!.transformToByteArray());
}

const objectText = async (uri: string): Promise<string> => (await objectBytes(uri)).toString('utf8');

/**
 * What the partner's row must become under the feed's declared rules: text trimmed, numbers by the feed's number
 * format (`#` marks a number the file typed itself), dates as ISO 8601. Nothing else may differ.
 */
function expected(row: SourceRow, f: Feed): Record<string, unknown> {
  const [id, name, amount, cell] = row;
  const numbers = compileNumberFormat(f.format.numberFormat);
  const day = datePart(cell, f);
  const iso = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(day);
  return {
    id: id.trim(),
    name: name.trim(),
    amount: amount.startsWith('#') ? Number(amount.slice(1)) : numbers.parse(amount),
    day: iso ? `${iso[3]}-${iso[2]}-${iso[1]}` : day,
  };
}

async function checkDone(run: Run, c: Omit<CorpusFile, 'key' | 'body' | 'name'>, f: Feed) {
  expect(run.state, run.reason).toBe('done');
  expect(run.counts.blankRows).toBe(c.blankRows);
  expect(run.counts).toMatchObject({
    rowsRead: c.rows,
    recordsCreated: c.rows,
    valid: c.valid!.length,
    invalid: c.invalid!.length,
    egressed: c.valid!.length,
    rejected: c.invalid!.length,
  });
  const jsonl = await objectText(run.outputs!.find((o) => o.endsWith('.jsonl'))!);
  const records = jsonl.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  // Valid records leave in the partner's order.
  expect(records.map((r) => r.id)).toEqual(c.valid);
  // No value differs from the source without a declared rule that says so: every field of every egressed record.
  for (const r of records) {
    const source = c.source!.find((s) => s[0] === r.id)!;
    const { _id, ...values } = r;
    expect(values, `record ${String(r.id)}`).toEqual(expected(source, f));
  }
  // Both outbox files byte for byte: each record's values as the source row and the feed's rules make them (the
  // record id is the platform's, read back), JSON Lines as JSON writes them, the CSV with formulas neutralised.
  const want = records.map((r) => ({ _id: r._id, ...expected(c.source!.find((s) => s[0] === r.id)!, f) }));
  expect(jsonl).toBe(want.map((w) => `${JSON.stringify(w)}\n`).join(''));
  const csv = await objectText(run.outputs!.find((o) => o.endsWith('.csv') && !o.endsWith('.rejects.csv'))!);
  const cell = (v: unknown) => csvText(v, f.egress.csvFormulaEscape);
  expect(csv).toBe(['_id,id,name,amount,day', ...want.map((w) => Object.values(w).map(cell).join(','))].map((l) => `${l}\n`).join(''));
  if (c.invalid!.length > 0) {
    const bytes = await objectBytes(run.outputs!.find((o) => o.endsWith('.rejects.csv'))!);
    const { encoding = 'utf-8', delimiter = ',' } = c.rejectsAs ?? {};
    if (c.rejects !== undefined) expect(bytes.equals(iconv.encode(c.rejects, encoding)), iconv.decode(bytes, encoding)).toBe(true);
    const rejects = iconv.decode(bytes, encoding);
    for (const id of c.invalid!) expect(rejects).toContain(`${id}${delimiter}`);
    // One reason per problem: no reason written twice for one record.
    for (const line of rejects.split('\n').slice(1).filter(Boolean)) {
      const reasons = line.slice(line.lastIndexOf(delimiter) + 1).split('; ');
      expect(new Set(reasons).size).toBe(reasons.length);
    }
  }
}

/**
 * A cell as an outbox CSV must hold it, written out here rather than by the writer's own code: RFC 4180 quoting, and a
 * text starting with = + - @ (a spreadsheet formula) prefixed with ' (egress.csvFormulaEscape, on by default).
 */
function csvText(v: unknown, escapeFormulas: boolean): string {
  if (v === null || v === undefined) return '';
  const text = escapeFormulas && typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A run that did not end done: its state, and a reason that starts with its code and says what to do. */
function checkReason(run: Run, c: Pick<CorpusFile, 'state' | 'reason'>) {
  expect(run.state, run.reason).toBe(c.state);
  expect(run.reason).toMatch(new RegExp(`^${c.reason!.code}: `));
  for (const words of c.reason!.contains) expect(run.reason).toContain(words);
}

describe('the fidelity corpus, end to end', () => {
  it('holds at least 40 messy partner files', () => {
    const files = CORPUS.length + CORPUS.reduce((n, c) => n + Object.keys(c.members ?? {}).length, 0);
    expect(files).toBeGreaterThanOrEqual(40);
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const run = await runOf(c.key);
    if (c.state !== 'done') checkReason(run, c);
    if (c.state === 'rejected' || c.state === 'unrouted') return;
    const f = feedOf(c.key)!;
    if (c.state === 'expanded') {
      for (const [member, mc] of Object.entries(c.members!)) {
        const memberRun = await runOf(c.key, member);
        if (mc.state === 'rejected') checkReason(memberRun, mc);
        else await checkDone(memberRun, mc, f);
      }
      return;
    }
    await checkDone(run, c, f);
    if (c.warning) {
      expect(run.warnings?.join(' ')).toContain(c.warning);
    }
    if (c.note) expect(run.reason).toContain(c.note);
  }, 600_000);

  it('sums up why records were rejected, each reason with its count, on the run and in its notice', async () => {
    const notANumber = 'amount: "…" is not a number in plain format (e.g. 1234.56); a feed writing decimal commas or thousands separators declares format.numberFormat';
    const summaries: Record<string, { reason: string; count: number }[]> = {
      'decimal-comma-plain.csv': [{ reason: notANumber, count: 2 }],
      'titled-rejects.csv': [
        { reason: notANumber, count: 1 },
        { reason: 'day: expected a date like 2026-11-17 (YYYY-MM-DD) or 17.11.2026 (DD.MM.YYYY), got "…"', count: 1 },
      ],
      'formula-raw.csv': [{ reason: notANumber, count: 1 }],
    };
    const runs = await Promise.all(Object.keys(summaries).map((name) => runOf(CORPUS.find((c) => c.name === name)!.key)));
    const notices = (await p.peek('outbound')) as RunNotice[];
    for (const [i, [name, reasons]] of Object.entries(summaries).entries()) {
      expect(runs[i]!.rejectReasons, name).toEqual(reasons);
      expect(notices.find((n) => n.runId === runs[i]!.runId)?.rejectReasons, name).toEqual(reasons);
    }
  }, 600_000);

  it("`flatfeed run` counts the reasons of a partner-layout rejects file as it was written (';', windows-1252)", async () => {
    const run = await runOf('corpus/partner/partner-1252.csv');
    expect(await rejectReasons(p.local.clients.s3, run)).toEqual([
      ['Betrag: "zwölf" is not a number in plain format (e.g. 1234.56); a feed writing decimal commas or thousands separators declares format.numberFormat', 1],
    ]);
  }, 600_000);

  it('no run ends done with a value that differs from its source cell without a declared rule that says so', async () => {
    // Property over every value of every done run (archive members included): the egressed value is the partner's
    // cell byte for byte, or the feed declares the rule that changed it — a number field read by the feed's number
    // format (or typed as a number by the file itself), a date field read by its declared dateFormats into ISO 8601.
    const why: Record<string, number> = {};
    const unexplained: string[] = [];
    type Case = { key: string; c: Omit<CorpusFile, 'key' | 'body' | 'name'>; member: string | undefined };
    const cases = CORPUS.flatMap((c): Case[] =>
      c.state === 'done'
        ? [{ key: c.key, c, member: undefined }]
        : Object.entries(c.members ?? {}).filter(([, m]) => m.state === 'done').map(([member, m]) => ({ key: c.key, c: m, member })),
    );
    for (const { key, c, member } of cases) {
      const f = feedOf(key)!;
      const run = await runOf(key, member);
      expect(run.state, `${key} ${member ?? ''}`).toBe('done');
      const numbers = compileNumberFormat(f.format.numberFormat);
      const jsonl = run.outputs!.find((o) => o.endsWith('.jsonl'))!;
      for (const line of (await objectText(jsonl)).split('\n').filter(Boolean)) {
        const { _id, ...out } = JSON.parse(line) as Record<string, unknown>;
        const source = c.source!.find((s) => s[0] === out.id)!;
        fields.forEach((field, i) => {
          const cell = source[i]!;
          const value = out[field.key];
          const explained =
            typeof value === 'string' && value === cell
              ? 'identical'
              : field.type === 'number' && cell.startsWith('#') && value === Number(cell.slice(1))
                ? 'typed by the file'
                : field.type === 'number' && typeof value === 'number' && value === numbers.parse(cell)
                  ? `numberFormat ${JSON.stringify(f.format.numberFormat ?? 'default')}`
                  : field.type === 'date' && value === isoOf(cell, field.dateFormats!)
                    ? 'dateFormats'
                    : field.type === 'date' && datePart(cell, f) !== cell && value === isoOf(datePart(cell, f), field.dateFormats!)
                      ? 'dateTime "date"'
                      : undefined;
          if (explained) why[explained] = (why[explained] ?? 0) + 1;
          else unexplained.push(`${key}${member ? ` › ${member}` : ''} ${String(out.id)}.${field.key}: source ${JSON.stringify(cell)}, out ${JSON.stringify(value)}`);
        });
      }
    }
    expect(unexplained).toEqual([]);
    // Every kind of explanation occurs, and most values arrive untouched.
    expect(Object.keys(why).sort()).toEqual(['dateFormats', 'dateTime "date"', 'identical', 'numberFormat "de-DE"', 'numberFormat "default"', 'typed by the file']);
    expect(why.identical).toBeGreaterThan(150);
  }, 600_000);
});

/** A date-time cell's date part where the feed's date field keeps only that (dateTime: date); the cell otherwise. */
function datePart(cell: string, f: Feed): string {
  const split = /^(.+?)[T ]\d{2}:\d{2}/.exec(cell);
  return f.fields.find((x) => x.key === 'day')?.dateTime === 'date' && split ? split[1]! : cell;
}

/** A date cell read by one of the declared formats, as ISO 8601 (only the two formats the corpus feeds declare). */
function isoOf(cell: string, formats: readonly string[]): string | undefined {
  if (formats.includes('YYYY-MM-DD') && /^\d{4}-\d{2}-\d{2}$/.test(cell)) return cell;
  const de = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(cell);
  return formats.includes('DD.MM.YYYY') && de ? `${de[3]}-${de[2]}-${de[1]}` : undefined;
}
