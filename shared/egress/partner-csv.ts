import iconv from 'iconv-lite';
import type { Cell } from './rows.js';
import { csvCell, RowWriter } from './writers.js';
import type { SinkOptions } from './sink.js';

/** How the partner wrote the file, as ingress saw it, and the headers they gave the fields. */
export interface PartnerLayout {
  /** Field key → the partner's header it was mapped from. */
  headers?: Record<string, string>;
  delimiter?: string;
  encoding?: string;
  lineEnd?: '\r\n' | '\n' | '\r';
}

/**
 * S3 user metadata of a rejects file in the partner's layout, so a reader (`flatfeed run`) reads it as it was written:
 * the delimiter URI-encoded (`%3B`, `%09`: metadata is sent as HTTP headers); the encoding is the content type's
 * charset.
 */
export const LAYOUT_METADATA = { layout: 'layout', delimiter: 'delimiter' } as const;

/** How a rejects file was written, read back from its content type and metadata (defaults: UTF-8 CSV). */
export function rejectsFileLayout(contentType: string | undefined, metadata: Record<string, string> | undefined): { encoding: string; delimiter: string } {
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2];
  const delimiter = metadata?.[LAYOUT_METADATA.delimiter];
  return {
    encoding: charset && iconv.encodingExists(charset) ? charset : 'utf-8',
    delimiter: delimiter ? decodeURIComponent(delimiter) : ',',
  };
}

/**
 * The rejects file as the partner's own file was written (`egress.rejectsLayout: partner`): their headers, delimiter,
 * encoding and line end, so they can fix the rows in the tool that wrote them and send the file again. Formulas are
 * neutralised as in every rejects file. Text the encoding cannot hold (never the partner's own values, which arrived
 * in it; at most a hook's message) is written as iconv-lite writes it, `?`, and counted in `unencodable` for the run to
 * say so. A cell spanning lines keeps the LF it was read with (ingress reads every line end as LF).
 */
export class PartnerCsvWriter extends RowWriter {
  /** Lines with a character the partner's encoding cannot hold. */
  unencodable = 0;
  readonly encoding: string;
  private readonly delimiter: string;
  private readonly lineEnd: string;
  private first = true;

  constructor(sink: SinkOptions, headers: readonly string[], layout: PartnerLayout) {
    const encoding = layout.encoding && iconv.encodingExists(layout.encoding) ? layout.encoding : 'utf-8';
    const delimiter = layout.delimiter ?? ',';
    super({
      ...sink,
      contentType: `text/csv; charset=${encoding}`,
      metadata: { ...sink.metadata, [LAYOUT_METADATA.layout]: 'partner', [LAYOUT_METADATA.delimiter]: encodeURIComponent(delimiter) },
    });
    this.encoding = encoding;
    this.delimiter = delimiter;
    this.lineEnd = layout.lineEnd ?? '\n';
    this.put(this.lineOf(headers));
  }

  /** One rejected record: its cells in the order of the headers. */
  addCells(cells: readonly Cell[]): void {
    this.put(this.lineOf(cells));
    this.count++;
  }

  protected line(): string {
    throw new Error('the partner-layout rejects file is written from cells in header order (addCells)');
  }

  protected encodeScanned(): void {
    throw new Error('the rejects file is written from records, never from scanned lines');
  }

  private lineOf(cells: readonly Cell[]): string {
    return cells.map((c) => csvCell(Array.isArray(c) ? c.join(', ') : c, true, this.delimiter)).join(this.delimiter) + this.lineEnd;
  }

  private put(text: string): void {
    const addBOM = this.first && /^utf-?16/i.test(this.encoding);
    this.first = false;
    if (/^utf-?8$/i.test(this.encoding)) {
      this.out.utf8(text);
      return;
    }
    const bytes = iconv.encode(text, this.encoding, { addBOM });
    if (iconv.decode(bytes, this.encoding, { stripBOM: true }) !== text) this.unencodable++;
    this.out.copy(bytes, 0, bytes.length);
  }
}

/** A reason named by the partner's header of its field instead of the field key (`Menge: …` for `quantity: …`). */
export function partnerReason(reason: string, headers: Record<string, string> | undefined): string {
  if (!headers) return reason;
  const colon = reason.indexOf(': ');
  const key = colon > 0 ? reason.slice(0, colon) : '';
  const header = Object.hasOwn(headers, key) ? headers[key] : undefined;
  return header !== undefined ? `${header}${reason.slice(colon)}` : reason;
}
