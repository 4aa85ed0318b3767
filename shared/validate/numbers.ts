import { numberFormatName, numberFormatSpec, type Feed, type NumberFormatSpec } from '../manifest/index.js';

// A feed's number format compiled to one regular expression: the whole (trimmed) text must match, grouping
// separators only between groups of exactly three digits, then the separators are removed or swapped for `.` and the
// rest is JavaScript's own number grammar. "1.234.5" in de-DE, "1,23" in en-US and "12,50" in the plain format are
// not numbers: never guessed, always invalid with the value quoted.

export interface NumberFormat {
  /** The number the text means in this format, or undefined when it is not one. */
  parse(v: unknown): number | undefined;
  /** `"1.234.5" is not a number in de-DE format (e.g. 1.234,56)` */
  notANumber(text: string): string;
}

const GROUPING_CLASS: Record<Exclude<NumberFormatSpec['grouping'], 'none'>, string> = {
  ',': ',',
  '.': '\\.',
  ' ': ' \\u00a0\\u202f',
  "'": "'\\u2019",
};

export function compileNumberFormat(declared: Feed['format']['numberFormat']): NumberFormat {
  const spec = numberFormatSpec(declared);
  const dec = spec.decimal === '.' ? '\\.' : ',';
  let integer = '\\d+';
  if (spec.grouping !== 'none') integer = `(?:\\d{1,3}(?:[${GROUPING_CLASS[spec.grouping]}]\\d{3})+|\\d+)`;
  // The plain format keeps what it always accepted: ".5", "5." and exponents ("1e3"), which no spreadsheet
  // writes with a decimal comma.
  const source =
    spec.decimal === '.' && spec.grouping === 'none'
      ? '^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$'
      : `^[+-]?(?:${integer}(?:${dec}\\d+)?|${dec}\\d+)$`;
  const re = new RegExp(source, 'u');
  const strip = spec.grouping === 'none' ? undefined : new RegExp(`[${GROUPING_CLASS[spec.grouping]}]`, 'gu');
  const example = `e.g. ${exampleOf(spec)}`;
  const name = numberFormatName(declared);
  const hint = declared === undefined ? '; a feed writing decimal commas or thousands separators declares format.numberFormat' : '';
  return {
    parse(v) {
      if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
      if (typeof v !== 'string') return undefined;
      const text = v.trim();
      if (!re.test(text)) return undefined;
      let plain = strip ? text.replace(strip, '') : text;
      if (spec.decimal === ',') plain = plain.replace(',', '.');
      const n = Number(plain);
      return Number.isFinite(n) ? n : undefined;
    },
    notANumber: (text) => `${text} is not a number in ${name} format (${example})${hint}`,
  };
}

function exampleOf(spec: NumberFormatSpec): string {
  const group = spec.grouping === 'none' ? '' : spec.grouping;
  return `1${group}234${spec.decimal}56`;
}
