import { Readable } from 'node:stream';

export interface Peeked {
  /** At least `size` bytes from the start, or the whole stream if it is shorter. */
  head: Buffer;
  /** Whether head is the whole stream. */
  ended: boolean;
  /** The whole stream again, head included, with back-pressure to the source. */
  rest: Readable;
}

/** Reads the start of a forward-only stream without losing it, so it can be sniffed and then passed on. */
export async function peek(source: Readable, size: number): Promise<Peeked> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < size) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    chunks.push(r.value);
    length += r.value.length;
  }
  const head = Buffer.concat(chunks, length);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (ended) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      // Destroys the source when the consumer stops early.
      await it.return?.();
    }
  }
  return { head, ended, rest: Readable.from(replay(), { objectMode: false }) };
}
