import { createInterface } from 'node:readline';
import { BadInputError } from '../errors/index.js';
import { LineRows } from '../normalize/source-rows.js';
import { objectSource, type Parsed } from './json-records.js';
import { baseName } from './names.js';
import type { OpenSource } from './types.js';

/** JSON Lines: one object per line, blank lines skipped; a line that is not JSON rejects the file, naming the line. */
export const openJsonl: OpenSource = async (input, { fileName }) => {
  // Each record's line, empty lines counted: the number a partner's editor shows (source-rows.ts).
  const lines = new LineRows();
  async function* parsed(): AsyncGenerator<Parsed> {
    let n = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      n++;
      const empty = line.trim() === '';
      lines.next(empty);
      if (empty) continue;
      try {
        yield { value: JSON.parse(line) as unknown, where: `line ${n}` };
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
        input.destroy();
        throw new BadInputError('malformed-content', `line ${n} is not valid JSON: ${e.message}`, { cause: e });
      }
    }
  }
  return { ...(await objectSource(parsed(), baseName(fileName))), sourceRows: () => lines.result() };
};
