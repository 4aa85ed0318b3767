/** Characters that make Excel and other spreadsheets treat a cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a cell that would start a formula with `'`, so a spreadsheet shows it as text. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
