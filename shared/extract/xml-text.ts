import { StringDecoder } from 'node:string_decoder';

/**
 * A package part's bytes as the UTF-8 text exceljs's SAX parser takes, in pieces of at most `pieceBytes`.
 *
 * Whole characters: exceljs 4.4.0 decodes every chunk on its own (`TextDecoder.decode(chunk)` in
 * utils/parse-sax.js), so a character whose bytes straddle two chunks became two U+FFFD, a silent change of the
 * partner's value (exceljs#2063, #2316; its fixes #1665, #2081 unmerged). A string chunk passes through its decoder
 * untouched, and the decoder here carries a split character over to the next piece.
 *
 * Small pieces: exceljs parses a chunk into one array of SAX events, then its rows, and both stay alive until the
 * last row of the chunk is taken. A 64 KB chunk (a spooled sheet's fs stream) held ~1.2 MB of events at every
 * scavenge, and V8 promoted them to the old space, where they wait for a full GC: XLSX 300k rows, 230 MB promoted
 * in --trace-gc-nvp, the heap's high-water up to 190 MB of which ~25 MB was live.
 */
export async function* xmlText(bytes: AsyncIterable<Buffer | string>, pieceBytes = 16_384): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of bytes) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    for (let at = 0; at < chunk.length; at += pieceBytes) {
      const text = decoder.write(chunk.subarray(at, at + pieceBytes));
      if (text !== '') yield text;
    }
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}
