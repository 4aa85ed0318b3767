// Strict parsers for the manifest's declared date formats (DD.MM.YYYY, MM/DD/YYYY, YYYY-MM-DD, D.M.YY…).
// Strict means the whole string matches and the day exists in that month: 13/45/2026 and 31.02.2026 are rejected.

export interface DateFormat {
  pattern: string;
  /** ISO `YYYY-MM-DD`, or undefined when the text is not a real date in this format. */
  parse(text: string): string | undefined;
  /** 17 November 2026 written in this format, for messages. */
  example: string;
}

const TOKENS = /YYYY|YY|MM|M|DD|D/g;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function compileDateFormat(pattern: string): DateFormat {
  const order: string[] = [];
  let source = '^';
  let last = 0;
  for (const m of pattern.matchAll(TOKENS)) {
    source += escape(pattern.slice(last, m.index));
    order.push(m[0]);
    source += m[0] === 'YYYY' ? '(\\d{4})' : m[0].length === 2 ? '(\\d{2})' : '(\\d{1,2})';
    last = m.index + m[0].length;
  }
  source += escape(pattern.slice(last)) + '$';
  if (!order.some((t) => t.startsWith('Y')) || !order.some((t) => t.startsWith('M')) || !order.some((t) => t.startsWith('D'))) {
    throw new Error(`date format "${pattern}" needs a year (YYYY or YY), a month (MM or M) and a day (DD or D)`);
  }
  const re = new RegExp(source);
  return {
    pattern,
    example: format(pattern, 2026, 11, 17),
    parse(text) {
      const m = re.exec(text);
      if (!m) return undefined;
      let y = 0;
      let mo = 0;
      let d = 0;
      for (let i = 0; i < order.length; i++) {
        const n = Number(m[i + 1]);
        const t = order[i]!;
        if (t === 'YYYY') y = n;
        else if (t === 'YY') y = 2000 + n; // two-digit years are this century: partner feeds carry recent dates
        else if (t[0] === 'M') mo = n;
        else d = n;
      }
      return iso(y, mo, d);
    },
  };
}

/** Our own output format; always accepted so that validating our output again changes nothing. */
export function parseIso(text: string): string | undefined {
  const m = ISO.exec(text);
  return m ? iso(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

function iso(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysIn(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function format(pattern: string, y: number, m: number, d: number): string {
  const parts: Record<string, string> = {
    YYYY: String(y),
    YY: String(y % 100).padStart(2, '0'),
    MM: String(m).padStart(2, '0'),
    M: String(m),
    DD: String(d).padStart(2, '0'),
    D: String(d),
  };
  return pattern.replace(TOKENS, (t) => parts[t]!);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
