// gzip → bytes, streamed through node:zlib with the expansion limits checked on every chunk.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BadInputError } from '../errors/index.js';
import { checkExpansion } from './guards.js';
import type { NormalizeLimits } from './types.js';

export function gunzip(source: Readable, limits: NormalizeLimits): Readable {
  const gz = createGunzip();
  source.on('error', (err) => gz.destroy(err));
  source.pipe(gz);
  async function* inflate(): AsyncGenerator<Buffer> {
    let bytesOut = 0;
    try {
      for await (const chunk of gz as AsyncIterable<Buffer>) {
        bytesOut += chunk.length;
        // bytesWritten: compressed bytes handed to zlib so far.
        checkExpansion(limits, gz.bytesWritten, bytesOut, 'gzip stream');
        yield chunk;
      }
    } catch (err) {
      throw zlibError(err, gz.bytesWritten);
    } finally {
      source.destroy();
    }
  }
  return Readable.from(inflate(), { objectMode: false });
}

function zlibError(err: unknown, bytesIn: number): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === 'Z_BUF_ERROR') {
    return new BadInputError(
      'truncated-archive',
      `gzip stream truncated after ${bytesIn} bytes; the file was cut off in transfer — send it again`,
      { cause: err },
    );
  }
  if (code === 'Z_DATA_ERROR') {
    return new BadInputError(
      'malformed-content',
      `gzip data is corrupt within the first ${bytesIn} bytes (${(err as Error).message})`,
      { cause: err },
    );
  }
  return err;
}
