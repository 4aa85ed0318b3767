import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { BadInputError } from '../../../shared/errors/index.js';
import { normalize, type NormalizeLimits, type NormalizeOptions, type NormalizeStats } from '../../../shared/normalize/index.js';

export const LIMITS: NormalizeLimits = {
  maxBytes: 100 << 20,
  maxUncompressedBytes: 300 << 20,
  maxMembers: 50,
  maxRatio: 100,
  maxLineBytes: 1 << 20,
};

export interface Output {
  name: string;
  format: string;
  sourceEncoding?: string;
  delimiter?: string;
  bytes: Buffer;
  stats: NormalizeStats;
  /** An archive member refused alone: `<code>: <message>`, and the error itself. */
  refused?: string;
  refusedError?: BadInputError;
}

/** A stream of `buf` in `chunkSize` pieces, so chunk boundaries fall mid-sequence. */
export function chunked(buf: Buffer, chunkSize = 64 * 1024): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunkSize) pieces.push(buf.subarray(i, i + chunkSize));
  return Readable.from(pieces, { objectMode: false });
}

/** Normalises and reads every body to its end. */
export async function run(
  input: Buffer | Readable,
  name: string,
  options: Partial<NormalizeOptions> = {},
): Promise<Output[]> {
  const source = Buffer.isBuffer(input) ? chunked(input) : input;
  const out: Output[] = [];
  for await (const file of normalize(source, name, { limits: LIMITS, ...options })) {
    const chunks: Buffer[] = [];
    for await (const chunk of file.body) chunks.push(chunk as Buffer);
    out.push({
      name: file.name,
      format: file.format,
      ...(file.sourceEncoding !== undefined && { sourceEncoding: file.sourceEncoding }),
      ...(file.delimiter !== undefined && { delimiter: file.delimiter }),
      bytes: Buffer.concat(chunks),
      stats: file.stats(),
      ...(file.refused && { refused: `${file.refused.reason}: ${file.refused.message}`, refusedError: file.refused }),
    });
  }
  return out;
}

/** The BadInputError a file ends in, whether thrown by the iterator or by a body, or the first archive member refused. */
export async function rejection(
  input: Buffer | Readable,
  name: string,
  options: Partial<NormalizeOptions> = {},
): Promise<BadInputError> {
  const err = await run(input, name, options).then(
    (out) => out.find((o) => o.refusedError)?.refusedError,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BadInputError);
  return err as BadInputError;
}
