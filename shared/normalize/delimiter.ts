// Which of , ; TAB | separates the fields, judged from the first lines of decoded text.

export const DELIMITERS = [',', ';', '\t', '|'] as const;
const SAMPLE_LINES = 20;

/**
 * Returns the delimiter that splits the sample lines most consistently, or undefined for single-column text. Each
 * delimiter is judged by its most common count per line, so title lines above the table (no delimiter at all) do not
 * decide it.
 */
export function detectDelimiter(sample: string): string | undefined {
  // Quoted fields may contain any delimiter; drop them before counting.
  const lines = sample
    .replace(/"(?:[^"]|"")*"/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, SAMPLE_LINES);
  if (lines.length === 0) return undefined;
  let best: { delimiter: string; consistent: number; perLine: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const { perLine, consistent } = commonCount(lines.map((l) => count(l, delimiter)));
    if (perLine === 0) continue;
    // Consistency across lines decides; the count per line breaks ties; list order breaks the rest.
    if (!best || consistent > best.consistent || (consistent === best.consistent && perLine > best.perLine)) {
      best = { delimiter, consistent, perLine };
    }
  }
  return best?.delimiter;
}

/** The most common non-zero count (the larger on a tie) and on how many lines it occurs. */
function commonCount(counts: number[]): { perLine: number; consistent: number } {
  const freq = new Map<number, number>();
  for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
  let perLine = 0;
  let consistent = 0;
  for (const [c, n] of freq) if (n > consistent || (n === consistent && c > perLine)) [perLine, consistent] = [c, n];
  return { perLine, consistent };
}

function count(line: string, ch: string): number {
  let n = 0;
  for (let i = line.indexOf(ch); i !== -1; i = line.indexOf(ch, i + 1)) n++;
  return n;
}
