// The streaming normalisation core of ingress: one partner object in, one or more clean files out.
import { Readable } from 'node:stream';
import { BadInputError } from '../errors/index.js';
import { gunzip } from './decompress.js';
import { checkExpansion, SourceMeter } from './guards.js';
import { peek, type Peeked } from './peek.js';
import { isEncryptedOffice, sniffContainer } from './sniff.js';
import { textFile } from './text.js';
import type { NormalizedFile, NormalizeOptions } from './types.js';
import { openZip, type OpenZip } from './unzip.js';

export type { FileFormat, NormalizedFile, NormalizeLimits, NormalizeOptions, NormalizeStats } from './types.js';
export { sourceRowOf, type NumberedRows, type SourceRows } from './source-rows.js';

/** Enough for chardet, the binary check, format and delimiter sniffing. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Yields one NormalizedFile per logical file: the object itself, or each member of a zip. Read each body to its end
 * (or destroy it) before asking for the next file: members come off one forward-only stream. A bad file throws, or
 * errors the body, with a BadInputError whose message tells the partner what to fix; a bad archive member is yielded
 * with `refused` set instead, so the members around it still arrive.
 */
export async function* normalize(
  source: Readable,
  name: string,
  options: NormalizeOptions,
): AsyncGenerator<NormalizedFile> {
  const meter = new SourceMeter(options.limits.maxBytes);
  source.on('error', (err) => meter.destroy(err));
  // However the meter ends (done, failed, abandoned), the object's stream is released with it.
  meter.on('close', () => source.destroy());
  source.pipe(meter);
  try {
    const peeked = await peek(meter, SAMPLE_BYTES);
    const bytesIn = () => meter.bytes;
    switch (sniffContainer(peeked.head)) {
      case 'gzip': {
        const inner = await peek(gunzip(peeked.rest, options.limits), SAMPLE_BYTES);
        const container = sniffContainer(inner.head);
        if (container === 'gzip') throw nested(`"${name}"`, 'a gzip stream inside a gzip stream');
        if (container === 'zip') yield* zipFiles(inner, name, options);
        else yield single(inner, name, options, bytesIn);
        return;
      }
      case 'zip':
        yield* zipFiles(peeked, name, options);
        return;
      default:
        yield single(peeked, name, options, bytesIn);
    }
  } catch (err) {
    meter.destroy();
    throw err;
  }
}

/** A file that is not an archive: xls as-is, anything else as text. */
function single(peeked: Peeked, name: string, options: NormalizeOptions, bytesIn: () => number): NormalizedFile {
  if (isEncryptedOffice(peeked.head)) {
    throw new BadInputError(
      'encrypted-file',
      `"${name}" is a password-protected (encrypted) Office file, which cannot be read; remove the password and send it again`,
    );
  }
  if (sniffContainer(peeked.head) === 'ole2') return passThrough(name, 'xls', peeked.rest, bytesIn);
  return textFile(peeked, name, options, bytesIn);
}

/** A zip inside a zip is opened (a partner's tool often does that); a zip nested deeper is refused alone. */
const MAX_ZIP_DEPTH = 2;

/** Uncompressed bytes declared by every zip of one object, nested ones included: one budget for the object. */
interface Budget {
  declared: number;
}

async function* zipFiles(peeked: Peeked, name: string, options: NormalizeOptions): AsyncGenerator<NormalizedFile> {
  // A spreadsheet is a zip too: a cut-off one is named as the workbook it was meant to be.
  const what = /\.xls[xm]$/i.test(name) ? `XLSX workbook "${name}" (a zip inside)` : `zip "${name}"`;
  const zip = await openZip(peeked.rest, what, options.limits);
  try {
    if (zip.isXlsx) {
      yield passThrough(name, 'xlsx', await zip.openWhole(), () => zip.size);
      return;
    }
    yield* zipMembers(zip, name, name, options, 1, { declared: 0 });
  } finally {
    await zip.close();
  }
}

/**
 * The members of an open zip, each on its own: a member that is refused (binary, an archive nested too deep, corrupt)
 * is yielded as `refused`, and the members after it still come. Members that are zips themselves yield their members,
 * named `<archive>/<member.zip>/<path>`.
 */
async function* zipMembers(
  zip: OpenZip,
  archive: string,
  name: string,
  options: NormalizeOptions,
  depth: number,
  budget: Budget,
): AsyncGenerator<NormalizedFile> {
  const members = zip.members();
  const what = depth === 1 ? `zip "${name}"` : `zip member "${name.slice(archive.length + 1)}" of "${archive}"`;
  if (members.length === 0) {
    throw new BadInputError('empty-archive', `${what} contains no files (only folders or system files)`);
  }
  // Declared sizes are checked up front; yauzl then refuses any member that inflates past its declared size.
  budget.declared += members.reduce((sum, e) => sum + e.uncompressedSize, 0);
  checkExpansion(options.limits, zip.size, budget.declared, what);
  for (const entry of members) {
    const path = `${name}/${entry.fileName}`;
    try {
      const member = await peek(await zip.openMember(entry), SAMPLE_BYTES);
      yield* memberFiles(member, archive, path, options, depth, budget, () => entry.compressedSize);
    } catch (err) {
      if (!(err instanceof BadInputError)) throw err;
      yield refused(path, err);
    }
  }
}

async function* memberFiles(
  member: Peeked,
  archive: string,
  name: string,
  options: NormalizeOptions,
  depth: number,
  budget: Budget,
  bytesIn: () => number,
): AsyncGenerator<NormalizedFile> {
  const subject = `zip member "${name.slice(archive.length + 1)}" of "${archive}"`;
  switch (sniffContainer(member.head)) {
    case 'gzip': {
      // A .csv.gz inside a zip: inflated as any gzip is, under the same limits.
      const inner = await peek(gunzip(member.rest, options.limits), SAMPLE_BYTES);
      if (sniffContainer(inner.head) === 'gzip' || sniffContainer(inner.head) === 'zip') throw nested(subject, 'an archive inside a gzip stream');
      yield single(inner, name, options, bytesIn);
      return;
    }
    case 'zip': {
      const inner = await openZip(member.rest, subject, options.limits);
      try {
        // A spreadsheet inside a zip is a normal delivery, whatever the depth.
        if (inner.isXlsx) {
          yield passThrough(name, 'xlsx', await inner.openWhole(), () => inner.size);
          return;
        }
        if (depth >= MAX_ZIP_DEPTH) throw nested(subject, `an archive nested ${depth + 1} deep`);
        yield* zipMembers(inner, archive, name, options, depth + 1, budget);
      } finally {
        await inner.close();
      }
      return;
    }
    default:
      yield single(member, name, options, bytesIn);
  }
}

function nested(subject: string, what: string): BadInputError {
  return new BadInputError(
    'nested-archive',
    `${subject} is ${what}; archives are opened at most ${MAX_ZIP_DEPTH} deep (a zip inside a zip) — send the files inside it directly`,
  );
}

/** A member refused on its own: no body, the reason to end its run with. */
function refused(name: string, error: BadInputError): NormalizedFile {
  return { name, format: 'csv', body: Readable.from([]), stats: () => ({ bytesIn: 0, bytesOut: 0 }), refused: error };
}

/** Spreadsheets go to Flatfile byte for byte; its extractors read them. */
function passThrough(
  name: string,
  format: 'xlsx' | 'xls',
  body: Readable,
  bytesIn: () => number,
): NormalizedFile {
  let bytesOut = 0;
  body.on('data', (chunk: Buffer) => {
    bytesOut += chunk.length;
  });
  body.pause();
  return { name, format, body, stats: () => ({ bytesIn: bytesIn(), bytesOut }) };
}
