import type { BadInputError } from '../errors/index.js';
import type { Readable } from 'node:stream';
import type { SourceRows } from './source-rows.js';

/** Ceilings that keep a hostile or broken file from exhausting memory, disk or time. */
export interface NormalizeLimits {
  /** Raw bytes read from the object (compressed, if it is compressed). */
  maxBytes: number;
  /** Bytes produced by decompression (gzip output, or the sum of zip members). */
  maxUncompressedBytes: number;
  /** Entries in a zip's central directory, junk included: each costs work. */
  maxMembers: number;
  /** Uncompressed : compressed. */
  maxRatio: number;
  /** Bytes in one physical line of normalised text. */
  maxLineBytes: number;
}

export type FileFormat = 'csv' | 'tsv' | 'psv' | 'xlsx' | 'xls' | 'json' | 'jsonl' | 'fixed' | 'xml';

export interface NormalizeOptions {
  /** Declared source encoding (iconv-lite name); a BOM still wins. */
  encoding?: string;
  /** A declared single-byte encoding meeting valid multi-byte UTF-8: warn (stats.warnings) or refuse. */
  utf8InDeclared?: 'warn' | 'refuse';
  /** Declared delimiter for delimited text. */
  delimiter?: string;
  /** Declared text format, for what content cannot reveal (fixed-width). */
  format?: Extract<FileFormat, 'csv' | 'tsv' | 'psv' | 'json' | 'jsonl' | 'fixed' | 'xml'>;
  limits: NormalizeLimits;
}

export interface NormalizeStats {
  bytesIn: number;
  bytesOut: number;
  /** Data rows: records after the header for delimited text, non-empty lines for jsonl and fixed. */
  rows?: number;
  /** Delimited text: rows after the header with every field empty (`,,,,`), skipped and not counted in `rows`. */
  blankRows?: number;
  /** Delimited text: the rows of its records as a spreadsheet shows the file (source-rows.ts), for the rejects file. */
  sourceRows?: SourceRows;
  /** Delimited text: the file's own line end (its first), for a rejects file written as the partner wrote theirs. */
  lineEnd?: '\r\n' | '\n' | '\r';
  /** What the partner should know although the file was accepted (e.g. UTF-8 in a declared windows-1252 file). */
  warnings?: string[];
}

export interface NormalizedFile {
  /** The original name, or `<archive>/<member path>` for archive members. */
  name: string;
  format: FileFormat;
  /** Detected or declared, for text. */
  sourceEncoding?: string;
  /** Detected or declared, for delimited text. */
  delimiter?: string;
  /** UTF-8, BOM stripped, LF line endings, for text; the original bytes for xlsx/xls. */
  body: Readable;
  /** Final once body has ended. */
  stats(): NormalizeStats;
  /** An archive member refused on its own (the archive's other members go on): why. Its body is empty. */
  refused?: BadInputError;
}
