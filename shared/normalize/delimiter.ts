// Which of , ; TAB | separates the fields, judged from the first lines of decoded text.

export const DELIMITERS = [',', ';', '\t', '|'] as const;
const SAMPLE_LINES = 20;

/** Returns the delimiter that splits the sample lines most consistently, or undefined for single-column text. */
export function detectDelimiter(sample: string): string | undefined {
  // Quoted fields may contain any delimiter; drop them before counting.
  const lines = sample
    .replace(/"(?:[^"]|"")*"/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, SAMPLE_LINES);
  const first = lines[0];
  if (first === undefined) return undefined;
  let best: { delimiter: string; consistent: number; perLine: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const perLine = count(first, delimiter);
    if (perLine === 0) continue;
    const consistent = lines.filter((l) => count(l, delimiter) === perLine).length;
    // Consistency across lines decides; the count per line breaks ties; list order breaks the rest.
    if (!best || consistent > best.consistent || (consistent === best.consistent && perLine > best.perLine)) {
      best = { delimiter, consistent, perLine };
    }
  }
  return best?.delimiter;
}

function count(line: string, ch: string): number {
  let n = 0;
  for (let i = line.indexOf(ch); i !== -1; i = line.indexOf(ch, i + 1)) n++;
  return n;
}
