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
import { LineEndings } from './line-endings.js';
import type { Peeked } from './peek.js';
import { DelimitedRecordCounter, LineCounter, type RowCounter } from './rows.js';
import { binaryEvidence } from './sniff.js';
import type { NormalizedFile, NormalizeOptions, NormalizeStats } from './types.js';

const DELIMITED = new Set<TextFormat>(['csv', 'tsv', 'psv']);

/** The whole conversion as plain synchronous steps, so it can run eagerly on a small file or inside a Transform. */
class TextConverter {
  private readonly decoder: Utf8Decoder;
  private readonly eol = new LineEndings();
  private readonly guard: TextGuard;
  private readonly counter: RowCounter | undefined;
  /** For single-byte code pages: UTF-8 mixed in (see mixed-encoding.ts). */
  readonly watch: MixedEncodingWatch | undefined;
  bytesOut = 0;

  constructor(
    encoding: string,
    private readonly format: TextFormat,
    delimiter: string | undefined,
    maxLineBytes: number,
    policy: MixedEncodingPolicy,
  ) {
    this.decoder = createDecoder(encoding);
    this.watch = isSingleByteEncoding(encoding) ? new MixedEncodingWatch(encoding, policy) : undefined;
    this.guard = new TextGuard(maxLineBytes);
    this.counter =
      delimiter !== undefined
        ? new DelimitedRecordCounter(delimiter.charCodeAt(0))
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
    if (DELIMITED.has(this.format) && (this.counter?.records() ?? 0) < 2) {
      throw new BadInputError('header-only', 'file has a header row but no data rows');
    }
    return out;
  }

  rows(): number | undefined {
    if (!this.counter) return undefined;
    const records = this.counter.records();
    return DELIMITED.has(this.format) ? Math.max(records - 1, 0) : records;
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
  const delimiter =
    structured === undefined || DELIMITED.has(structured)
      ? (options.delimiter ?? detectDelimiter(sample) ?? delimiterFromName(name))
      : undefined;
  const format = structured ?? delimitedFormat(delimiter ?? ',');
  const converter = new TextConverter(encoding, format, delimiter, options.limits.maxLineBytes, {
    declared: bom === undefined && declared !== undefined,
    utf8InDeclared: options.utf8InDeclared ?? 'warn',
  });

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
    const warning = converter.watch?.warning();
    return { bytesIn: bytesIn(), bytesOut: converter.bytesOut, rows: converter.rows(), ...(warning ? { warnings: [warning] } : {}) };
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

/** Decoded sample for sniffing, LF-only, without a trailing partial line unless it is the whole file. */
function sampleLines(text: string, whole: boolean): string {
  const lf = text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  if (whole) return lf;
  const last = lf.lastIndexOf('\n');
  return last === -1 ? lf : lf.slice(0, last);
}
