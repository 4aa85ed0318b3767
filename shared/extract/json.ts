import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { BadInputError } from '../errors/index.js';
import { arrayElements } from './json-array.js';
import { objectSource, type Parsed } from './json-records.js';
import { baseName } from './names.js';
import type { OpenSource } from './types.js';

/** A JSON array of objects, element by element (ingress has already made it UTF-8). */
export const openJson: OpenSource = async (input, { fileName }) => {
  async function* parsed(): AsyncGenerator<Parsed> {
    let n = 0;
    try {
      for await (const text of arrayElements(utf8(input))) {
        n++;
        try {
          yield { value: JSON.parse(text) as unknown, where: `element ${n}` };
        } catch (e) {
          if (!(e instanceof SyntaxError)) throw e;
          throw new BadInputError('malformed-content', `element ${n} of the JSON array is not valid JSON: ${e.message}`, { cause: e });
        }
      }
    } catch (e) {
      if (e instanceof BadInputError) input.destroy();
      throw e;
    }
  }
  // Each record is numbered by its place in the array (1-based): an element has no row, and in a minified array every
  // element starts on line 1 (source-rows.ts).
  return { ...(await objectSource(parsed(), baseName(fileName))), sourceRows: () => ({ header: 0, skipped: [], unit: 'element' }) };
};

async function* utf8(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input) yield decoder.write(chunk as Buffer);
  yield decoder.end();
}
