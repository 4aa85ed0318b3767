// A zip, spooled to disk and read through yauzl: the central directory gives every name and size before any member
// is inflated, and yauzl checks each member's actual size against its declared size while streaming.
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { BadInputError } from '../errors/index.js';
import { spool } from './spool.js';
import type { NormalizeLimits } from './types.js';

export interface OpenZip {
  /** Bytes of the archive itself. */
  size: number;
  entries: Entry[];
  /** An OOXML spreadsheet: a zip whose directory has `[Content_Types].xml` (and, for Excel, `xl/`). */
  isXlsx: boolean;
  /** The members a partner meant to send: not directories, not `__MACOSX/` resource forks, not dotfiles. */
  members(): Entry[];
  openMember(entry: Entry): Promise<Readable>;
  /** The archive's own bytes, unchanged. */
  openWhole(): Promise<Readable>;
  close(): Promise<void>;
}

export async function openZip(source: Readable, what: string, limits: NormalizeLimits): Promise<OpenZip> {
  const spooled = await spool(source);
  let zipfile: ZipFile;
  try {
    zipfile = await yauzl.openPromise(spooled.path, { autoClose: false, validateEntrySizes: true });
  } catch (err) {
    await spooled.remove();
    throw archiveError(err, what, spooled.size);
  }
  try {
    if (zipfile.entryCount > limits.maxMembers) {
      throw new BadInputError(
        'too-many-members',
        `${what} has ${zipfile.entryCount} entries, more than the limit of ${limits.maxMembers}`,
      );
    }
    const entries = await readEntries(zipfile).catch((err: unknown) => {
      throw archiveError(err, what, spooled.size);
    });
    const names = new Set(entries.map((e) => e.fileName));
    return {
      size: spooled.size,
      entries,
      isXlsx: names.has('[Content_Types].xml') && entries.some((e) => e.fileName.startsWith('xl/')),
      members: () => entries.filter((e) => !isJunk(e.fileName)),
      openMember: async (entry) => {
        const stream = await zipfile.openReadStreamPromise(entry).catch((err: unknown) => {
          throw memberError(err, what, entry.fileName);
        });
        return mapErrors(stream, (err) => memberError(err, what, entry.fileName));
      },
      openWhole: async () => {
        const stream = createReadStream(spooled.path);
        // Open before the spool is removed; the descriptor outlives the name.
        await once(stream, 'open');
        return stream;
      },
      close: async () => {
        zipfile.close();
        await spooled.remove();
      },
    };
  } catch (err) {
    zipfile.close();
    await spooled.remove();
    throw err;
  }
}

function isJunk(path: string): boolean {
  return path.endsWith('/') || path.startsWith('__MACOSX/') || path.split('/').some((seg) => seg.startsWith('.'));
}

function readEntries(zipfile: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zipfile.on('entry', (entry: Entry) => {
      entries.push(entry);
      zipfile.readEntry();
    });
    zipfile.once('end', () => resolve(entries));
    zipfile.once('error', reject);
    zipfile.readEntry();
  });
}

function mapErrors(stream: Readable, map: (err: unknown) => unknown): Readable {
  async function* pass(): AsyncGenerator<Buffer> {
    try {
      yield* stream as AsyncIterable<Buffer>;
    } catch (err) {
      throw map(err);
    }
  }
  return Readable.from(pass(), { objectMode: false });
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function archiveError(err: unknown, what: string, size: number): BadInputError {
  const text = message(err);
  if (/end of central directory record signature not found/i.test(text)) {
    return new BadInputError(
      'truncated-archive',
      `${what} is truncated or damaged: its central directory is missing (${size} bytes received); send it again`,
      { cause: err },
    );
  }
  return new BadInputError('malformed-content', `${what} is not a valid zip archive: ${text}`, { cause: err });
}

function memberError(err: unknown, what: string, member: string): unknown {
  const text = message(err);
  if (/too many bytes in the stream/.test(text)) {
    return new BadInputError(
      'zip-bomb',
      `${what} member "${member}" expands beyond the size its header declares (${text})`,
      { cause: err },
    );
  }
  if (/unsupported compression method|encrypted/.test(text)) {
    return new BadInputError('unsupported-format', `${what} member "${member}": ${text}`, { cause: err });
  }
  const zlibCode = String((err as { code?: unknown }).code ?? '');
  if (zlibCode.startsWith('Z_') || /not enough bytes in the stream|invalid local file header|crc32/.test(text)) {
    return new BadInputError('malformed-content', `${what} member "${member}" is corrupt: ${text}`, { cause: err });
  }
  return err;
}
