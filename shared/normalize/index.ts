// The streaming normalisation core of ingress: one partner object in, one or more clean files out.
import type { Readable } from 'node:stream';
import { BadInputError } from '../errors/index.js';
import { gunzip } from './decompress.js';
import { checkExpansion, SourceMeter } from './guards.js';
import { peek, type Peeked } from './peek.js';
import { sniffContainer } from './sniff.js';
import { textFile } from './text.js';
import type { NormalizedFile, NormalizeOptions } from './types.js';
import { openZip } from './unzip.js';

export type { FileFormat, NormalizedFile, NormalizeLimits, NormalizeOptions, NormalizeStats } from './types.js';

/** Enough for chardet, the binary check, format and delimiter sniffing. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Yields one NormalizedFile per logical file: the object itself, or each member of a zip. Read each body to its end
 * (or destroy it) before asking for the next file: members come off one forward-only stream. A bad file throws, or
 * errors the body, with a BadInputError whose message tells the partner what to fix.
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
  if (sniffContainer(peeked.head) === 'ole2') return passThrough(name, 'xls', peeked.rest, bytesIn);
  return textFile(peeked, name, options, bytesIn);
}

async function* zipFiles(peeked: Peeked, name: string, options: NormalizeOptions): AsyncGenerator<NormalizedFile> {
  const { limits } = options;
  const zip = await openZip(peeked.rest, `zip "${name}"`, limits);
  try {
    if (zip.isXlsx) {
      yield passThrough(name, 'xlsx', await zip.openWhole(), () => zip.size);
      return;
    }
    const members = zip.members();
    if (members.length === 0) {
      throw new BadInputError('empty-archive', `zip "${name}" contains no files (only folders or system files)`);
    }
    // Declared sizes are checked up front; yauzl then refuses any member that inflates past its declared size.
    const declared = members.reduce((sum, e) => sum + e.uncompressedSize, 0);
    checkExpansion(limits, zip.size, declared, `zip "${name}"`);
    for (const entry of members) {
      const member = await peek(await zip.openMember(entry), SAMPLE_BYTES);
      yield await memberFile(member, name, entry.fileName, options, () => entry.compressedSize);
    }
  } finally {
    await zip.close();
  }
}

async function memberFile(
  member: Peeked,
  archive: string,
  path: string,
  options: NormalizeOptions,
  bytesIn: () => number,
): Promise<NormalizedFile> {
  const name = `${archive}/${path}`;
  const subject = `zip member "${path}" of "${archive}"`;
  switch (sniffContainer(member.head)) {
    case 'gzip':
      throw nested(subject, 'a gzip stream');
    case 'zip': {
      // A spreadsheet inside a zip is a normal delivery; any other zip inside a zip is not.
      const inner = await openZip(member.rest, subject, options.limits);
      try {
        if (!inner.isXlsx) throw nested(subject, 'itself an archive');
        return passThrough(name, 'xlsx', await inner.openWhole(), () => inner.size);
      } finally {
        await inner.close();
      }
    }
    default:
      return single(member, name, options, bytesIn);
  }
}

function nested(subject: string, what: string): BadInputError {
  return new BadInputError(
    'nested-archive',
    `${subject} is ${what}; nested archives are not accepted — send the files inside it directly`,
  );
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
