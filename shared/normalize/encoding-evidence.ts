// Which single-byte code page a BOM-less, non-UTF-8 sample is in, judged by what its text would look like.
//
// chardet alone gets short partner files wrong: a Windows-1251 list of names ("Анна Иванова") comes back as
// ISO-8859-1 ("Àííà Èâàíîâà"), a Turkish Windows-1254 file as ISO-8859-2 (Hungarian), and it cannot tell the Latin
// code pages apart at all. So every candidate — chardet's ranked list (`analyse`) plus the code pages partners
// actually send — is decoded, and the text scored for language evidence: letters where words are, one script per
// word, upper case only at a word's start, Latin words mostly ASCII, no C1 controls, no letters that only Icelandic
// writes. chardet's confidence breaks ties; the list order (Western first) breaks the rest.
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** Code pages always tried, most common first (a tie goes to the earlier). */
const CANDIDATES = [
  'windows-1252',
  'iso-8859-1',
  'iso-8859-15',
  'windows-1250',
  'iso-8859-2',
  'windows-1251',
  'koi8-r',
  'iso-8859-5',
  'windows-1253',
  'iso-8859-7',
  'windows-1254',
  'iso-8859-9',
] as const;

/** Punctuation and symbols real text carries above ASCII: quotes, dashes, €, °, §, NBSP, ×, «». */
const COMMON_SYMBOLS = new Set([...'€„“”‘’‚–—…°§«»×·•©®™±²³½¼¾¢£¥¦¨¬¯´µ¶¸¹º¿¡№\u00a0']);
/** Letters only Icelandic and Faroese write; in a Western decoding they are usually Turkish ğ ı ş İ Ş Ğ. */
const RARE_LATIN = new Set([...'ÐÞÝðþý']);

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

function scriptOf(ch: string): 'latin' | 'cyrillic' | 'greek' | 'other' {
  const c = ch.codePointAt(0)!;
  if (c < 0x250) return 'latin';
  if (c >= 0x370 && c < 0x400) return 'greek';
  if (c >= 0x400 && c < 0x530) return 'cyrillic';
  return 'other';
}

/** How much the text looks like something people write: higher is more plausible. */
export function plausibility(text: string): number {
  let score = 0;
  for (const word of text.split(/[^\p{L}\p{M}\u0080-\uffff]+/u)) {
    if (word === '') continue;
    const chars = [...word];
    const high = chars.filter((c) => c.charCodeAt(0) >= 0x80);
    if (high.length === 0) continue;
    const letters = chars.filter((c) => LETTER.test(c));
    const scripts = new Set(letters.map(scriptOf));
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c.charCodeAt(0) < 0x80) continue;
      const inside = i > 0 && i < chars.length - 1 && LETTER.test(chars[i - 1]!) && LETTER.test(chars[i + 1]!);
      if (c.charCodeAt(0) < 0xa0 || c === '\ufffd') score -= 10; // C1 control or undecodable
      // A symbol between two letters ("£ód", "Wi¶niewski") is a letter of another code page.
      else if (!LETTER.test(c)) score += inside ? -5 : COMMON_SYMBOLS.has(c) ? 1 : -3;
      else if (RARE_LATIN.has(c)) score -= 2;
      // A lone letter ("Ђ5" for "€5") says nothing about a language.
      else if (letters.length > 1) score += 1;
    }
    // Czech read as Latin-1: ě ň ů become ì ò ù inside words (Italian writes them last only), ř before a long vowel
    // becomes ø before one (Danish and Norwegian never write øá, øí).
    score -= 2 * (word.match(/[ìòù](?=\p{L})/gu)?.length ?? 0);
    score -= 3 * (word.match(/ø[áéíóúý]/gu)?.length ?? 0);
    if (scripts.size > 1) score -= 5 * high.length;
    // Upper case after lower case inside a word (KOI8-R read as Windows-1251 gives "аННА").
    for (let i = 1; i < chars.length; i++) {
      if (UPPER.test(chars[i]!) && LOWER.test(chars[i - 1]!) && (chars[i]!.charCodeAt(0) >= 0x80 || chars[i - 1]!.charCodeAt(0) >= 0x80)) score -= 5;
    }
    // A Latin word made mostly of accented letters is another script read in a Latin code page ("Àííà").
    if (scripts.size === 1 && scripts.has('latin') && letters.length >= 3 && high.length * 2 > letters.length) score -= high.length;
  }
  return score;
}

export interface EncodingGuess {
  encoding: string;
  score: number;
}

/** The most plausible single-byte code page for a sample that is not UTF-8, or undefined if none decodes it. */
export function guessSingleByte(sample: Buffer): EncodingGuess | undefined {
  const confidence = new Map<string, number>();
  for (const m of chardet.analyse(sample)) {
    const name = m.name.toLowerCase();
    // Code pages beyond the usual ones only when chardet is sure of them: a Baltic windows-1257 reading of Czech
    // ("Jiųķ Dvoųįk") is all letters too, and chardet offers it at low confidence.
    const usual = (CANDIDATES as readonly string[]).includes(name);
    if (iconv.encodingExists(name) && isSingleByte(name) && (usual || m.confidence >= 50)) confidence.set(name, m.confidence);
  }
  const names = [...new Set<string>([...CANDIDATES, ...confidence.keys()])];
  let best: (EncodingGuess & { confidence: number }) | undefined;
  for (const encoding of names) {
    const score = plausibility(iconv.decode(sample, encoding));
    const c = confidence.get(encoding) ?? 0;
    if (!best || score > best.score || (score === best.score && c > best.confidence)) best = { encoding, score, confidence: c };
  }
  return best && { encoding: best.encoding, score: best.score };
}

const singleByte = new Map<string, boolean>();
function isSingleByte(encoding: string): boolean {
  let known = singleByte.get(encoding);
  if (known === undefined) {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    known = [...iconv.decode(all, encoding)].length === 256;
    singleByte.set(encoding, known);
  }
  return known;
}
