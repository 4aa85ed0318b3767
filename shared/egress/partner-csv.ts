import iconv from 'iconv-lite';
import type { Cell, Row } from './rows.js';
import { csvCell, RowWriter } from './writers.js';
import type { SinkOptions } from './sink.js';

/** How the partner wrote the file, as ingress saw it, and the headers they gave the fields. */
export interface PartnerLayout {
  /** Field key → the partner's header it was mapped from. */
  headers?: Record<string, string>;
  delimiter?: string;
  encoding?: string;
}

/**
 * The rejects file as the partner's own file was written (`egress.rejectsLayout: partner`): their headers, delimiter
 * and encoding, so they can fix the rows in the tool that wrote them and send the file again. Formulas are neutralised
 * as in every rejects file. Text the encoding cannot hold (never the partner's own values, which arrived in it; at
 * most a hook's message) is written as iconv-lite writes it, `?`, and counted in `unencodable` for the run to say so.
 */
export class PartnerCsvWriter extends RowWriter {
  /** Lines with a character the partner's encoding cannot hold. */
  unencodable = 0;
  private readonly delimiter: string;
  private readonly encoding: string;
  private first = true;

  constructor(
    sink: SinkOptions,
    private readonly columns: readonly string[],
    headers: readonly string[],
    layout: PartnerLayout,
  ) {
    super(sink);
    this.delimiter = layout.delimiter ?? ',';
    this.encoding = layout.encoding && iconv.encodingExists(layout.encoding) ? layout.encoding : 'utf-8';
    this.put(this.lineOf(headers));
  }

  override add(row: Row): void {
    this.put(this.line(row));
    this.count++;
  }

  protected line(row: Row): string {
    return this.lineOf(this.columns.map((c) => row[c] ?? null));
  }

  protected encodeScanned(): void {
    throw new Error('the rejects file is written from records, never from scanned lines');
  }

  private lineOf(cells: readonly Cell[]): string {
    return cells.map((c) => csvCell(Array.isArray(c) ? c.join(', ') : c, true, this.delimiter)).join(this.delimiter) + '\n';
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
