import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { Flatfile } from '@flatfile/api';
import { extractDelimited } from '../emulator/extract/csv.js';
import { matchField } from '../emulator/mapping/plan.js';
import type { Property, SheetConfig } from '../emulator/types.js';
import { reasonsOf, rowOf, type Row, type SheetRecord as EgressRecord } from '../shared/egress/rows.js';
import { BadInputError, type RejectReason } from '../shared/errors/index.js';
import { toFields } from '../shared/extract/keys.js';
import { sourceFor, unsupportedReason } from '../shared/extract/sources.js';
import type { SourceCell } from '../shared/extract/types.js';
import { sheetConfig } from '../shared/flatfile/blueprint.js';
import { normalizeOptionsFor } from '../shared/ingress/normalize-options.js';
import type { Certainty, Feed } from '../shared/manifest/index.js';
import { decidePlan } from '../shared/mapping/plan.js';
import { normalize, type FileFormat } from '../shared/normalize/index.js';
import { checkRecord, compileFeed, type FeedHooks } from '../shared/validate/index.js';
import { compileSchema, uniqueKey } from '../emulator/validation.js';
import type { SheetRecord } from '../shared/validate/types.js';

// `flatfeed try`: one partner file through the pipeline's own steps on this machine — normalise (sniff, decompress,
// transcode), extract (the platform's native CSV extraction as the emulator does it, or our worker's extractors),
// the mapping decision (platform suggestions as the emulator makes them, then the manifest's fieldMap and aliases),
// validation (the manifest's rules, within-file uniqueness and the feed's hooks) and the rows as egress writes
// them. Nothing is uploaded or written anywhere.

export interface TryOptions {
  /** Valid and invalid rows to show, each. */
  sample?: number;
  hooks?: FeedHooks;
}

export interface PlannedField {
  field: string;
  required: boolean;
  /** The source header mapped onto it, when one is. */
  header?: string;
  certainty?: Certainty;
  /** manifest (fieldMap), alias, or the platform's kind of match (exact, normalized, fuzzy…). */
  origin?: string;
  /** For a field left unmapped: the platform's match that fell below the feed's minimum certainty. */
  suggestion?: { header: string; certainty: Certainty };
}

/** What was sniffed (ReadFile's description of the file), then what the pipeline would make of it. */
export interface TryReport extends Omit<ReadFile, 'columns' | 'rows'> {
  file: string;
  feed: string;
  /** The file's header row as extracted. */
  headers: string[];
  plan: PlannedField[];
  unmappedHeaders: string[];
  decision: { action: 'execute' | 'review'; reason?: string; missingFields: string[] };
  rows: number;
  valid: number;
  invalid: number;
  /** The first valid rows as egress writes them (JSONL). */
  firstValid: Row[];
  /** The first invalid rows with the reasons the rejects file gives. */
  firstInvalid: { row: number; values: Row; reasons: string }[];
  /** Set when the whole file would be refused; then nothing after it was reached. */
  refused?: { reason: RejectReason; message: string };
}

/** A file as the pipeline reads it: what was sniffed, the extracted columns (with Flatfile's keys) and every row. */
export interface ReadFile {
  bytes: number;
  format: FileFormat;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  /** Members after the first, when the file is a zip (each would be a run of its own). */
  otherMembers?: string[];
  columns: Property[];
  /** Cells by column key. */
  rows: Record<string, SourceCell>[];
}

/**
 * Normalises and extracts a local file as ingress and extraction would for the feed (its limits, declared encoding,
 * delimiter, sheet, header row). A file the pipeline would refuse throws the same BadInputError.
 */
export async function readFile(file: string, feed: Feed): Promise<ReadFile> {
  const { size } = await stat(file);
  const name = basename(file);
  const input = createReadStream(file);
  const files = normalize(input, name, normalizeOptionsFor(feed));
  try {
    const first = await files.next();
    if (first.done) throw new BadInputError('empty-file', 'the file holds nothing to read');
    const normalized = first.value;
    const described = {
      bytes: size,
      format: normalized.format,
      ...(normalized.sourceEncoding ? { encoding: normalized.sourceEncoding } : {}),
      ...(normalized.delimiter ? { delimiter: normalized.delimiter } : {}),
    };
    if (!feed.format.accept.includes(normalized.format)) {
      normalized.body.destroy();
      throw Object.assign(new BadInputError('unsupported-format', `feed "${feed.name}" accepts ${feed.format.accept.join(', ')}, not ${normalized.format}`), { described });
    }
    const records = await extract(normalized.body, normalized.format, normalized.delimiter, feed, name).catch((e: unknown) => {
      throw Object.assign(e as Error, { described });
    });
    // Later members of a zip are only named: each would be a run of its own, tried the same way.
    const otherMembers: string[] = [];
    for (let next = await files.next(); !next.done; next = await files.next()) {
      otherMembers.push(next.value.name);
      next.value.body.destroy();
    }
    return { ...described, ...records, ...(otherMembers.length > 0 ? { otherMembers } : {}) };
  } finally {
    await files.return(undefined).catch(() => undefined);
    input.destroy();
  }
}

export async function tryFile(file: string, feed: Feed, options: TryOptions = {}): Promise<TryReport> {
  const head = { file, feed: feed.name };
  let read: ReadFile;
  try {
    read = await readFile(file, feed);
  } catch (e) {
    if (!(e instanceof BadInputError)) throw e;
    const described = (e as { described?: Partial<ReadFile> }).described;
    return emptyReport({ ...head, bytes: (await stat(file)).size, format: described?.format ?? 'csv', ...pickDefined(described), refused: { reason: e.reason, message: e.message } });
  }
  const { columns, rows, ...described } = read;
  return { ...head, ...described, ...(await analyse(columns, rows, feed, options)) };
}

const pickDefined = (d: Partial<ReadFile> | undefined) => ({
  ...(d?.encoding ? { encoding: d.encoding } : {}),
  ...(d?.delimiter ? { delimiter: d.delimiter } : {}),
});

type Body = Omit<TryReport, 'file' | 'feed' | 'bytes' | 'format' | 'encoding' | 'delimiter' | 'sheet' | 'otherMembers' | 'refused'>;

function emptyReport(head: Omit<TryReport, keyof Body>): TryReport {
  return { ...head, headers: [], plan: [], unmappedHeaders: [], decision: { action: 'review', missingFields: [] }, rows: 0, valid: 0, invalid: 0, firstValid: [], firstInvalid: [] };
}

/** The records as the platform (CSV, TSV, PSV: native extraction, here the emulator's) or our worker extracts them. */
async function extract(body: Readable, format: FileFormat, delimiter: string | undefined, feed: Feed, name: string): Promise<{ columns: Property[]; rows: Record<string, SourceCell>[]; sheet?: string }> {
  const rows: Record<string, SourceCell>[] = [];
  if (delimiter !== undefined && (format === 'csv' || format === 'tsv' || format === 'psv')) {
    let columns: Property[] = [];
    await extractDelimited(
      body,
      delimiter,
      (fields) => (columns = fields),
      (batch) => {
        for (const r of batch) rows.push(Object.fromEntries(Object.entries(r).map(([k, c]) => [k, String(c.value ?? '')])));
      },
    );
    return { columns, rows };
  }
  const open = sourceFor(format);
  if (!open) throw new BadInputError('unsupported-format', unsupportedReason(format));
  const source = await open(body, { fileName: name, ...pick(feed) });
  const positional: SourceCell[][] = [];
  for await (const cells of source.rows) positional.push([...cells]);
  // Keyed as the worker's inserts key them, once the columns are final (JSON keys can appear late).
  const fields = toFields(source.columns);
  for (const cells of positional) rows.push(Object.fromEntries(cells.map((v, i) => [fields[i]?.key ?? String(i), v])));
  return { columns: fields.map((f) => ({ ...f })), rows, sheet: source.sheetName };
}

/** The mapping decision and validation of the extracted records. */
async function analyse(columns: Property[], rows: Record<string, SourceCell>[], feed: Feed, options: TryOptions): Promise<Body> {
  const platform = platformPlan(columns, feed);
  const decision = decidePlan(feed, platform);
  const byDestination = new Map(decision.plan.fieldMapping.map((e) => [e.destinationField.key, e]));
  const usedSources = new Set(decision.plan.fieldMapping.map((e) => e.sourceField.key));
  const plan: PlannedField[] = feed.fields.map((f) => {
    const edge = byDestination.get(f.key);
    const meta = edge?.metadata as { certainty?: Certainty; source?: string } | undefined;
    const weak = edge ? undefined : platform.fieldMapping.find((e) => e.destinationField.key === f.key && !usedSources.has(e.sourceField.key));
    return {
      ...(weak ? { suggestion: { header: weak.sourceField.label ?? weak.sourceField.key, certainty: (weak.metadata?.certainty ?? 'weak') as Certainty } } : {}),
      field: f.key,
      required: f.required,
      ...(edge ? { header: edge.sourceField.label ?? edge.sourceField.key } : {}),
      ...(meta?.certainty ? { certainty: meta.certainty } : {}),
      ...(meta?.source ? { origin: meta.source } : {}),
    };
  });

  // Validation as the listener's hook runs it: the manifest's rules, uniqueness over the whole file, the feed's hook.
  const validator = compileFeed(feed);
  const records: SheetRecord[] = rows.map((r, i) => ({
    id: `row_${i + 1}`,
    values: Object.fromEntries([...byDestination].map(([dest, e]) => [dest, r[e.sourceField.key] ?? ''])),
  }));
  const sample = options.sample ?? 5;
  const keys = feed.fields.map((f) => f.key);
  const checked: { egress: EgressRecord; invalid: boolean }[] = [];
  for (const record of records) {
    const c = await checkRecord(record, validator, options.hooks, { feed: feed.name, commitId: 'try' });
    checked.push({ egress: egressRecord(record, c.update), invalid: c.invalid });
  }
  // Uniqueness within the file is the platform's unique constraint (the blueprint declares it), here as the emulator
  // applies it to the values validation wrote back.
  for (const rule of compileSchema(sheetConfig(feed) as unknown as SheetConfig).fields) {
    if (!rule.unique) continue;
    const holders = new Map<string, number[]>();
    checked.forEach((c, i) => {
      const key = uniqueKey(rule.unique!, c.egress.values[rule.key]?.value);
      if (key !== undefined) holders.set(key, [...(holders.get(key) ?? []), i]);
    });
    for (const rows of holders.values()) {
      if (rows.length < 2) continue;
      for (const i of rows) {
        const cell = checked[i]!.egress.values[rule.key] ?? {};
        checked[i]!.egress.values[rule.key] = { ...cell, messages: [...(cell.messages ?? []), { type: rule.unique.type, message: rule.unique.message }] };
        if (rule.unique.type === 'error') checked[i]!.invalid = true;
      }
    }
  }
  const firstValid: Row[] = [];
  const firstInvalid: TryReport['firstInvalid'] = [];
  let invalid = 0;
  for (const [i, c] of checked.entries()) {
    if (c.invalid) {
      invalid++;
      if (firstInvalid.length < sample) firstInvalid.push({ row: i + 1, values: rowOf(c.egress, keys), reasons: reasonsOf(c.egress, keys) });
    } else if (firstValid.length < sample) firstValid.push(rowOf(c.egress, keys));
  }
  return {
      headers: columns.map((c) => c.label ?? c.key),
      plan,
      unmappedHeaders: columns.filter((c) => !usedSources.has(c.key)).map((c) => c.label ?? c.key),
      decision: { action: decision.action, missingFields: decision.action === 'review' ? decision.missingFields : [], ...(decision.action === 'review' ? { reason: decision.reason } : {}) },
      rows: records.length,
      valid: records.length - invalid,
      invalid,
      firstValid,
      firstInvalid,
  };
}

const pick = (feed: Feed) => ({
  ...(feed.format.sheet ? { sheet: feed.format.sheet } : {}),
  ...(feed.format.headerRow ? { headerRow: feed.format.headerRow } : {}),
  ...(feed.format.fixedWidth ? { fixedWidth: feed.format.fixedWidth } : {}),
});

/** What the platform suggests before the manifest has its say: each source field's best match, each used once. */
function platformPlan(columns: Property[], feed: Feed): Flatfile.JobExecutionPlan {
  const destinations = sheetConfig(feed).fields as unknown as Property[];
  const candidates: { src: Property; dst: Property; certainty: string; confidence: number; source: string }[] = [];
  for (const src of columns) for (const dst of destinations) {
    const m = matchField(src, dst);
    if (m) candidates.push({ src, dst, ...m });
  }
  candidates.sort((a, b) => b.confidence - a.confidence);
  const usedSrc = new Set<string>();
  const usedDst = new Set<string>();
  const fieldMapping: Flatfile.Edge[] = [];
  for (const c of candidates) {
    if (usedSrc.has(c.src.key) || usedDst.has(c.dst.key)) continue;
    usedSrc.add(c.src.key);
    usedDst.add(c.dst.key);
    fieldMapping.push({ sourceField: c.src as unknown as Flatfile.Property, destinationField: c.dst as unknown as Flatfile.Property, metadata: { certainty: c.certainty as Flatfile.Certainty, confidence: c.confidence, source: c.source } });
  }
  return {
    fieldMapping,
    unmappedSourceFields: columns.filter((c) => !usedSrc.has(c.key)).map((c) => ({ sourceField: c as unknown as Flatfile.Property })),
    unmappedDestinationFields: destinations.filter((d) => !usedDst.has(d.key)).map((d) => ({ destinationField: d as unknown as Flatfile.Property })),
  };
}

/** The record as the sheet holds it after the write-back, in the shape egress reads. */
function egressRecord(record: SheetRecord, update: { values: Record<string, { value?: unknown; messages: { type: string; message: string }[] }> } | undefined): EgressRecord {
  const values: EgressRecord['values'] = {};
  for (const [key, value] of Object.entries(record.values)) values[key] = { value };
  for (const [key, cell] of Object.entries(update?.values ?? {})) {
    values[key] = { value: 'value' in cell ? cell.value : values[key]?.value, messages: cell.messages };
  }
  return { id: record.id, values };
}

/** The manifest's folder: where a feed's hook module path is relative to. */
export const manifestDir = (manifestPath: string): string => dirname(manifestPath);
