import { Readable, type Duplex } from 'node:stream';
import { once } from 'node:events';
import { zipSync, strToU8 } from 'fflate';
import unzipper from 'unzipper';
import { describe, expect, it } from 'vitest';
import { holdEarlyEnd } from '../../../shared/extract/zip-end.js';

interface Entry extends Readable {
  path: string;
  autodrain(): unknown;
}

// Three small parts, as an XLSX ends: each fits its entry's buffer, so Parse reads the whole package, and finishes,
// while nobody has read a single entry yet.
const pkg = Buffer.from(zipSync({ 'xl/styles.xml': strToU8('<styleSheet/>'), 'docProps/app.xml': strToU8('<Properties/>'), 'xl/workbook.xml': strToU8('<workbook/>') }));

/** Pipes the package into a fresh Parse and waits until its writable side has finished, reading nothing. */
async function parsedUnread(): Promise<{ zip: Duplex; endedEarly: boolean }> {
  const zip = (unzipper.Parse as unknown as (o: unknown) => Duplex)({ forceStream: true });
  zip.pause();
  let endedEarly = false;
  zip.on('end', () => (endedEarly ||= zip.readableLength > 0));
  Readable.from([pkg]).pipe(zip);
  await once(zip, 'finish');
  await new Promise((resolve) => setImmediate(resolve));
  return { zip, endedEarly };
}

describe('holdEarlyEnd', () => {
  it("holds back Parse's 'end' while parsed entries are still unread, then lets the real one through", async () => {
    holdEarlyEnd(unzipper as never);
    const { zip, endedEarly } = await parsedUnread();
    expect(endedEarly).toBe(false);
    const paths: string[] = [];
    const ended = once(zip, 'end');
    for await (const entry of zip as AsyncIterable<Entry>) {
      paths.push(entry.path);
      entry.autodrain();
    }
    await ended;
    expect(paths).toEqual(['xl/styles.xml', 'docProps/app.xml', 'xl/workbook.xml']);
  });

  it('wraps Parse once however often it is called', () => {
    const parse = unzipper.Parse;
    holdEarlyEnd(unzipper as never);
    holdEarlyEnd(unzipper as never);
    expect(unzipper.Parse).toBe(parse);
  });
});
