// How a feed writes numbers: which character separates the decimals and which (if any) groups the thousands.
// A locale shorthand names a pair; the pair can also be written out. The validator parses by it (shared/validate/numbers.ts).

export const DECIMAL_SEPARATORS = ['.', ','] as const;
/** `' '` also accepts the no-break spaces (U+00A0, U+202F) French and Swiss tools write; `'` also accepts ’. */
export const GROUPING_SEPARATORS = ['none', ',', '.', ' ', "'"] as const;

export interface NumberFormatSpec {
  decimal: (typeof DECIMAL_SEPARATORS)[number];
  grouping: (typeof GROUPING_SEPARATORS)[number];
}

/** The locales partners name most; the pairs are what Excel and CLDR write for them (1234567.89 as shown). */
export const NUMBER_LOCALES = {
  'en-US': { decimal: '.', grouping: ',' }, // 1,234,567.89
  'en-GB': { decimal: '.', grouping: ',' }, // 1,234,567.89
  'de-DE': { decimal: ',', grouping: '.' }, // 1.234.567,89
  'de-AT': { decimal: ',', grouping: ' ' }, // 1 234 567,89
  'de-CH': { decimal: '.', grouping: "'" }, // 1'234'567.89
  'fr-FR': { decimal: ',', grouping: ' ' }, // 1 234 567,89
  'fr-CH': { decimal: ',', grouping: ' ' }, // 1 234 567,89
  'it-IT': { decimal: ',', grouping: '.' }, // 1.234.567,89
  'es-ES': { decimal: ',', grouping: '.' }, // 1.234.567,89
  'nl-NL': { decimal: ',', grouping: '.' }, // 1.234.567,89
  'pt-BR': { decimal: ',', grouping: '.' }, // 1.234.567,89
  'pl-PL': { decimal: ',', grouping: ' ' }, // 1 234 567,89
  'cs-CZ': { decimal: ',', grouping: ' ' }, // 1 234 567,89
  'sv-SE': { decimal: ',', grouping: ' ' }, // 1 234 567,89
  'ru-RU': { decimal: ',', grouping: ' ' }, // 1 234 567,89
  'tr-TR': { decimal: ',', grouping: '.' }, // 1.234.567,89
} as const satisfies Record<string, NumberFormatSpec>;

export type NumberLocale = keyof typeof NUMBER_LOCALES;

/**
 * The default when a feed declares nothing: `.` decimals and no grouping. A comma is never guessed to be a thousands
 * separator: "1,234" is one thousand two hundred and thirty-four in en-US and 1.234 in de-DE, so it is invalid until
 * the feed says which.
 */
export const PLAIN: NumberFormatSpec = { decimal: '.', grouping: 'none' };

export function numberFormatSpec(format: NumberLocale | NumberFormatSpec | undefined): NumberFormatSpec {
  if (format === undefined) return PLAIN;
  return typeof format === 'string' ? NUMBER_LOCALES[format] : format;
}

/** "de-DE", "decimal ',' grouping '.'", or "plain" — how messages name a feed's number format. */
export function numberFormatName(format: NumberLocale | NumberFormatSpec | undefined): string {
  if (format === undefined) return 'plain';
  if (typeof format === 'string') return format;
  return format.grouping === 'none' ? `decimal '${format.decimal}'` : `decimal '${format.decimal}' grouping '${format.grouping}'`;
}

/** Whether the platform's own number type reads this format as meant (plain decimals only). */
export const isPlainNumberFormat = (format: NumberLocale | NumberFormatSpec | undefined): boolean => {
  const spec = numberFormatSpec(format);
  return spec.decimal === '.' && spec.grouping === 'none';
};
