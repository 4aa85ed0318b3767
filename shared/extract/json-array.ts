import { BadInputError } from '../errors/index.js';

/** A single array element larger than this is not a record: refuse it instead of growing without bound. */
export const MAX_ELEMENT_CHARS = 16 * 1024 * 1024;

const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

type State = 'before' | 'between' | 'element' | 'after';

const malformed = (message: string) => new BadInputError('malformed-content', message);

/**
 * Splits a top-level JSON array into the text of its elements as the bytes stream in, so each element is parsed
 * alone (JSON.parse) and the array is never held whole. Only brackets, braces and strings are tracked here; the
 * syntax inside an element is JSON.parse's to judge.
 */
export async function* arrayElements(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let state = 'before' as State;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let size = 0;
  let count = 0;
  for await (const chunk of chunks) {
    // Where the current element's text begins in this chunk (0 when it began in an earlier one).
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
        else if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
          parts.push(chunk.slice(start, i));
          yield parts.join('');
          count++;
          parts = [];
          size = 0;
          state = c === COMMA ? 'between' : 'after';
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (state === 'before') {
        if (c !== OPEN_BRACKET) throw malformed('expected a JSON array of objects ("[" first)');
        state = 'between';
      } else if (state === 'between') {
        if (c === CLOSE_BRACKET && count === 0) state = 'after';
        else if (c === COMMA || c === CLOSE_BRACKET) throw malformed(`element ${count + 1} of the JSON array is missing`);
        else {
          state = 'element';
          start = i;
          depth = 0;
          // This character may open the element ({, [ or "): account for it.
          i--;
        }
      } else {
        throw malformed('unexpected content after the end of the JSON array');
      }
    }
    if (state === 'element') {
      parts.push(chunk.slice(start));
      size += chunk.length - start;
      if (size > MAX_ELEMENT_CHARS) throw malformed(`element ${count + 1} of the JSON array is larger than ${MAX_ELEMENT_CHARS} characters`);
    }
  }
  if (state !== 'after') throw malformed(state === 'before' ? 'the file is empty' : 'the JSON array is not closed (truncated file?)');
}
