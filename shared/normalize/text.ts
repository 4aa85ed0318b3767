// A text file: decode to UTF-8, normalise line endings, guard and count as it streams.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { BadInputError } from '../errors/index.js';
import { detectDelimiter } from './delimiter.js';
import {
  bomEncoding,
  createDecoder,
  declaredEncoding,
  isSingleByteEncoding,
  sniffEncoding,
  utf16WithoutBom,
  type Utf8Decoder,
} from './encoding.js';
import { MixedEncodingWatch, type MixedEncodingPolicy } from './mixed-encoding.js';
import { delimitedFormat, delimiterFromName, structuredFormat, type TextFormat } from './format.js';
import { TextGuard } from './guards.js';
import { sampleLayout, sepHint, type Layout } from './layout.js';
import { LineEndings } from './line-endings.js';
import type { Peeked } from './peek.js';
import { DelimitedRecordCounter, LineCounter, type RowCounter } from './rows.js';
import { SourceRowTracker } from './source-rows.js';
import { binaryEvidence } from './sniff.js';
import type { NormalizedFile, NormalizeOptions, NormalizeStats } from './types.js';

const DELIMITED = new Set<TextFormat>(['csv', 'tsv', 'psv']);

/** The whole conversion as plain synchronous steps, so it can run eagerly on a small file or inside a Transform. */
class TextConverter {
  private readonly decoder: Utf8Decoder;
  readonly eol = new LineEndings();
  private readonly guard: TextGuard;
  private readonly counter: RowCounter | undefined;
  private readonly delimited: DelimitedRecordCounter | undefined;
  /** Delimited text: each record's row as a spreadsheet shows the file. */
  readonly sourceRows: SourceRowTracker | undefined;
  /** For single-byte code pages: UTF-8 mixed in (see mixed-encoding.ts). */
  readonly watch: MixedEncodingWatch | undefined;
  bytesOut = 0;

  constructor(
    encoding: string,
    private readonly format: TextFormat,
    delimiter: string | undefined,
    maxLineBytes: number,
    policy: MixedEncodingPolicy,
    private readonly layout: Layout = { aboveHeader: 0, blankAboveHeader: 0 },
    sepLine = false,
  ) {
    this.decoder = createDecoder(encoding);
    this.watch = isSingleByteEncoding(encoding) ? new MixedEncodingWatch(encoding, policy) : undefined;
    this.guard = new TextGuard(maxLineBytes);
    this.sourceRows = delimiter !== undefined ? new SourceRowTracker(layout.aboveHeader, sepLine) : undefined;
    const rows = this.sourceRows;
    this.delimited =
      delimiter !== undefined ? new DelimitedRecordCounter(delimiter.charCodeAt(0), (kind) => rows!.record(kind)) : undefined;
    this.counter =
      this.delimited !== undefined
        ? this.delimited
        : format === 'jsonl' || format === 'fixed'
          ? new LineCounter()
          : undefined;
  }

  write(chunk: Buffer): Buffer {
    this.watch?.write(chunk);
    return this.pass(this.decoder.write(chunk));
  }

  end(): Buffer {
    this.watch?.end();
    const out = this.pass(this.decoder.end());
    if (!this.guard.hasContent) throw new BadInputError('empty-file', 'file has no content (only whitespace)');
    if (DELIMITED.has(this.format) && (this.rows() ?? 0) < 1) {
      throw new BadInputError('header-only', 'file has a header row but no data rows');
    }
    return out;
  }

  /** Data rows: for delimited text, records after the header that are not blank. */
  rows(): number | undefined {
    if (!this.counter) return undefined;
    const records = this.counter.records();
    if (!this.delimited) return records;
    return Math.max(records - this.layout.aboveHeader - 1 - (this.blankRows() ?? 0), 0);
  }

  /** Blank rows (`,,,,`) after the header: skipped, counted apart from the data rows. */
  blankRows(): number | undefined {
    if (!this.delimited) return undefined;
    return Math.max(this.delimited.blankRecords() - this.layout.blankAboveHeader, 0);
  }

  private pass(decoded: Buffer): Buffer {
    const out = this.eol.normalize(decoded);
    this.guard.check(out);
    this.counter?.push(out);
    this.bytesOut += out.length;
    return out;
  }
}

class TextTransform extends Transform {
  constructor(private readonly converter: TextConverter) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      done(null, this.converter.write(chunk));
    } catch (err) {
      done(err as Error);
    }
  }
  override _flush(done: TransformCallback): void {
    try {
      done(null, this.converter.end());
    } catch (err) {
      done(err as Error);
    }
  }
}

/**
 * Builds the NormalizedFile for text whose start has been peeked. A file that fits in the peek is converted at once,
 * so an empty or header-only file is rejected before anything is uploaded.
 */
export function textFile(
  peeked: Peeked,
  name: string,
  options: NormalizeOptions,
  bytesIn: () => number,
): NormalizedFile {
  const { head } = peeked;
  if (head.length === 0) throw new BadInputError('empty-file', 'file is empty (0 bytes)');
  const bom = bomEncoding(head);
  const declared = options.encoding === undefined ? undefined : declaredEncoding(options.encoding);
  // UTF-16 without a BOM is what some Windows tools write: detected by its zero high bytes, not called binary.
  const utf16 = bom === undefined && declared === undefined ? utf16WithoutBom(head) : undefined;
  // UTF-16/32 legitimately contains NUL bytes; anything else with them is binary.
  if (bom === undefined && utf16 === undefined && !/^utf-?(16|32)/.test(declared ?? '')) {
    const evidence = binaryEvidence(head);
    if (evidence) {
      throw new BadInputError(
        'binary-content',
        `"${name}" is not text: ${evidence}; send CSV, TSV, JSON, XML, XLSX or XLS`,
      );
    }
  }
  const encoding = bom ?? declared ?? utf16 ?? sniffEncoding(head, peeked.ended);
  const sample = sampleLines(iconv.decode(head, encoding), peeked.ended);
  const structured = options.format ?? structuredFormat(sample, name);
  const delimited = structured === undefined || DELIMITED.has(structured);
  // Excel's `sep=;` first line names the delimiter; a declared one still wins.
  const hint = delimited ? sepHint(sample.slice(0, sample.indexOf('\n') + 1 || undefined).trimEnd()) : undefined;
  const delimiter = delimited ? (options.delimiter ?? hint ?? detectDelimiter(sample) ?? delimiterFromName(name)) : undefined;
  const format = structured ?? delimitedFormat(delimiter ?? ',');
  const layout = delimiter !== undefined ? sampleLayout(sample, delimiter) : undefined;
  const converter = new TextConverter(
    encoding,
    format,
    delimiter,
    options.limits.maxLineBytes,
    { declared: bom === undefined && declared !== undefined, utf8InDeclared: options.utf8InDeclared ?? 'warn' },
    layout,
    hint !== undefined,
  );

  let body: Readable;
  if (peeked.ended) {
    body = Readable.from([Buffer.concat([converter.write(head), converter.end()])], { objectMode: false });
  } else {
    const transform = new TextTransform(converter);
    body = peeked.rest.pipe(transform);
    // pipe() does not forward errors; the body must fail when its source does.
    peeked.rest.on('error', (err) => transform.destroy(err));
    transform.on('close', () => peeked.rest.destroy());
  }
  const stats = (): NormalizeStats => {
    const warnings = [converter.watch?.warning(), aboveHeaderNote(layout, hint)].filter((w): w is string => w !== undefined);
    const blankRows = converter.blankRows();
    const sourceRows = converter.sourceRows?.result();
    const lineEnd = delimiter !== undefined ? converter.eol.lineEnd() : undefined;
    return {
      bytesIn: bytesIn(),
      bytesOut: converter.bytesOut,
      rows: converter.rows(),
      ...(blankRows ? { blankRows } : {}),
      ...(sourceRows ? { sourceRows } : {}),
      ...(lineEnd ? { lineEnd } : {}),
      ...(warnings.length ? { warnings } : {}),
    };
  };
  return {
    name,
    format,
    sourceEncoding: encoding,
    ...(delimiter !== undefined && { delimiter }),
    body,
    stats,
  };
}

/** Lines above the header are not data, but the partner hears that they were passed over. */
function aboveHeaderNote(layout: Layout | undefined, hint: string | undefined): string | undefined {
  if (!layout?.aboveHeader) return undefined;
  const what = hint !== undefined ? `an Excel "sep=${hint}" line${layout.aboveHeader > 1 ? ' and title lines' : ''}` : 'title lines';
  return `${layout.aboveHeader} line${layout.aboveHeader > 1 ? 's' : ''} above the header row skipped (${what})`;
}

/** Decoded sample for sniffing, LF-only, without a trailing partial line unless it is the whole file. */
function sampleLines(text: string, whole: boolean): string {
  const lf = text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  if (whole) return lf;
  const last = lf.lastIndexOf('\n');
  return last === -1 ? lf : lf.slice(0, last);
}
