// The messy partner files of the fidelity corpus, generated here (no binary fixtures): each with what the partner
// meant (the source table), the bytes as the partner's tool wrote them, and how the run must end.
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { corruptXlsx, encryptedXlsx, zipOf } from '../../fixtures/bad/make.js';

/** A source row as the partner meant it: id, name, amount (text as written), day (as written). */
export type SourceRow = [id: string, name: string, amount: string, day: string];

export interface CorpusFile {
  name: string;
  /** Inbox key. */
  key: string;
  body: Buffer | (() => Promise<Buffer>);
  state: 'done' | 'rejected' | 'expanded' | 'unrouted';
  /** For done: rows read and the ids expected valid / invalid. */
  rows?: number;
  valid?: string[];
  invalid?: string[];
  /** The partner's rows: every egressed value is compared with these after the feed's declared rules. */
  source?: SourceRow[];
  /** For rejected, unrouted and expanded: the reason code and words the reason must contain. */
  reason?: { code: string; contains: string[] };
  /** For expanded (zip): member name → its own case. */
  members?: Record<string, Omit<CorpusFile, 'key' | 'body' | 'name'>>;
  /** A warning the run and the notice must carry. */
  warning?: string;
  /** Blank rows (`,,,,`) the run must count apart from its rows. */
  blankRows?: number;
  /** The rejects file, byte for byte: each invalid record on the row the partner sees it on in a spreadsheet. */
  rejects?: string;
  /** How the rejects file is written when not UTF-8 CSV (egress.rejectsLayout: partner). */
  rejectsAs?: { encoding: string; delimiter: string };
  /** A note the done run's reason must carry (e.g. why its rejects have no row numbers). */
  note?: string;
}

const HEADER = ['id', 'name', 'amount', 'day'];

const GOOD: SourceRow[] = [
  ['A-1', 'Jürgen Müller', '12.50', '2026-11-17'],
  ['A-2', 'Zoë Ørsted', '1000', '2026-11-18'],
  ['A-3', 'Café „Spar“ – €', '-3.25', '2026-11-19'],
];
const CYRILLIC: SourceRow[] = [
  ['R-1', 'Анна Иванова', '10', '2026-11-17'],
  ['R-2', 'Пётр Смирнов', '20.5', '2026-11-18'],
];
const GREEK: SourceRow[] = [
  ['G-1', 'Γιώργος Παπαδόπουλος', '7', '2026-11-17'],
  ['G-2', 'Μαρία Θεσσαλονίκη', '8.75', '2026-11-18'],
];
const POLISH: SourceRow[] = [
  ['P-1', 'Łukasz Wiśniewski', '3', '2026-11-17'],
  ['P-2', 'Zofia Żółć', '4', '2026-11-18'],
];
const CZECH: SourceRow[] = [
  ['C-1', 'Jiří Dvořák', '5', '2026-11-17'],
  ['C-2', 'Petr Černý', '6', '2026-11-18'],
];
const TURKISH: SourceRow[] = [
  ['T-1', 'Ayşe Yılmaz', '1', '2026-11-17'],
  ['T-2', 'İbrahim Çağlar', '2', '2026-11-18'],
];
const GERMAN: SourceRow[] = [
  ['D-1', 'Groß', '1.234,56', '17.11.2026'],
  ['D-2', 'Klein', '49,90', '18.11.2026'],
  ['D-3', 'Menge', '1.000', '19.11.2026'],
];

function delimited(rows: SourceRow[], sep = ',', eol = '\n', header = HEADER): string {
  const cell = (c: string) => (c.includes(sep) || c.includes('"') || c.includes('\n') ? `"${c.replaceAll('"', '""')}"` : c);
  return [header, ...rows].map((r) => r.map(cell).join(sep)).join(eol) + eol;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const enc = (s: string, encoding: string, addBOM = false) => iconv.encode(s, encoding, { addBOM });
const ids = (rows: SourceRow[]) => rows.map((r) => r[0]);
const done = (rows: SourceRow[], invalid: string[] = []) => ({
  state: 'done' as const,
  rows: rows.length,
  valid: ids(rows).filter((i) => !invalid.includes(i)),
  invalid,
  source: rows,
});

async function xlsx(rows: (string | number | Date)[][], title?: string[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('Data');
  for (const t of title ?? []) ws.addRow([t]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}


const plain = (name: string) => `corpus/plain/${name}`;

/** The reason the corpus feeds give for an amount that is no number in the plain format. */
const notANumber = (value: string) =>
  `"amount: ""${value}"" is not a number in plain format (e.g. 1234.56); a feed writing decimal commas or thousands separators declares format.numberFormat"`;
/** A rejects file under the field keys: its first column's name (what the number counts) and its lines. */
const rejectsOf = (unit: string, lines: [number | '', SourceRow][]) =>
  `${unit},id,name,amount,day,reasons\n` + lines.map(([n, [id, name, amount, day]]) => `${n},${id},${name},${amount},${day},${notANumber(amount)}\n`).join('');

/** Fixed-width columns of the corpus/fixed feed: id 6, name 10, amount 8, day 10 characters. */
export const FIXED_COLUMNS = [
  { key: 'id', start: 1, width: 6 },
  { key: 'name', start: 7, width: 10 },
  { key: 'amount', start: 17, width: 8 },
  { key: 'day', start: 25, width: 10 },
];
const fixedLine = (row: SourceRow) => row.map((c, i) => c.padEnd(FIXED_COLUMNS[i]!.width)).join('');

// Row numbers in every format (rejects a partner can act on): the line of JSON Lines and fixed-width text, the
// element of a JSON array, the row of a spreadsheet or delimited file however many blank rows sit between records.
const JSONL_ROWS: SourceRow[] = [
  ['JL-1', 'Anna', '1', '2026-11-17'],
  ['JL-2', 'Bo', 'zwei', '2026-11-18'],
  ['JL-3', 'Cy', '3', '2026-11-19'],
  ['JL-4', 'Di', 'vier', '2026-11-20'],
];
const JSON_ROWS: SourceRow[] = [
  ['JA-1', 'Anna', '1', '2026-11-17'],
  ['JA-2', 'Bo', 'zwei', '2026-11-18'],
  ['JA-3', 'Cy', '3', '2026-11-19'],
];
const FIXED_ROWS: SourceRow[] = [
  ['FW-1', 'Anna', '1', '2026-11-17'],
  ['FW-2', 'Bo', 'zwei', '2026-11-18'],
  ['FW-3', 'Cy', '3', '2026-11-19'],
];
const MANY_BLANK_ROWS: SourceRow[] = [
  ['M-1', 'Anna', '1', '2026-11-17'],
  ['M-2', 'Bo', 'zwei', '2026-11-18'],
  ['M-3', 'Cy', '3', '2026-11-19'],
  ['M-4', 'Di', 'vier', '2026-11-20'],
];
const GAP_ROWS: SourceRow[] = [
  ['G-1', 'Anna', '#1', '2026-11-17'],
  ['G-2', 'Bo', 'zwei', '2026-11-18'],
  ['G-3', 'Cy', '#3', '2026-11-19'],
];
/** A blank row after each of 2,002 records: 2,001 separate stretches between records, one past what a run keeps. */
const SPACED_ROWS: SourceRow[] = Array.from({ length: 2_002 }, (_, i): SourceRow => [`S-${i + 1}`, 'x', i === 1_000 ? 'tausend' : String(i), '2026-11-17']);
const de = (name: string) => `corpus/de/${name}`;

export const CORPUS: CorpusFile[] = [
  // Encodings, no declaration.
  { name: 'utf8.csv', key: plain('utf8.csv'), body: utf8(delimited(GOOD)), ...done(GOOD) },
  { name: 'utf8-bom.csv', key: plain('utf8-bom.csv'), body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(delimited(GOOD))]), ...done(GOOD) },
  { name: 'utf16le-bom.csv', key: plain('utf16le-bom.csv'), body: enc(delimited(GOOD), 'utf-16le', true), ...done(GOOD) },
  { name: 'utf16be-bom.csv', key: plain('utf16be-bom.csv'), body: enc(delimited(GOOD), 'utf-16be', true), ...done(GOOD) },
  { name: 'utf16le-nobom.csv', key: plain('utf16le-nobom.csv'), body: enc(delimited(GOOD), 'utf-16le'), ...done(GOOD) },
  { name: 'utf16be-nobom.csv', key: plain('utf16be-nobom.csv'), body: enc(delimited(GOOD), 'utf-16be'), ...done(GOOD) },
  { name: 'windows-1252.csv', key: plain('windows-1252.csv'), body: enc(delimited(GOOD), 'windows-1252'), ...done(GOOD) },
  { name: 'windows-1251.csv', key: plain('windows-1251.csv'), body: enc(delimited(CYRILLIC), 'windows-1251'), ...done(CYRILLIC) },
  { name: 'koi8-r.csv', key: plain('koi8-r.csv'), body: enc(delimited(CYRILLIC), 'koi8-r'), ...done(CYRILLIC) },
  { name: 'windows-1253.csv', key: plain('windows-1253.csv'), body: enc(delimited(GREEK), 'windows-1253'), ...done(GREEK) },
  { name: 'iso-8859-7.csv', key: plain('iso-8859-7.csv'), body: enc(delimited(GREEK), 'iso-8859-7'), ...done(GREEK) },
  { name: 'windows-1250.csv', key: plain('windows-1250.csv'), body: enc(delimited(POLISH), 'windows-1250'), ...done(POLISH) },
  { name: 'iso-8859-2.csv', key: plain('iso-8859-2.csv'), body: enc(delimited(POLISH), 'iso-8859-2'), ...done(POLISH) },
  { name: 'czech-1250.csv', key: plain('czech-1250.csv'), body: enc(delimited(CZECH), 'windows-1250'), ...done(CZECH) },
  { name: 'windows-1254.csv', key: plain('windows-1254.csv'), body: enc(delimited(TURKISH), 'windows-1254'), ...done(TURKISH) },
  {
    name: 'mixed-utf8-1252.csv',
    key: plain('mixed-utf8-1252.csv'),
    body: Buffer.concat([utf8(delimited(GOOD.slice(0, 1))), enc(delimited(GOOD.slice(1), ',', '\n', []).replace(/^\n/, ''), 'windows-1252')]),
    state: 'rejected',
    reason: { code: 'mixed-encoding', contains: ['not consistently one encoding', 'byte'] },
  },
  {
    name: 'mixed-1252-utf8.csv',
    key: plain('mixed-1252-utf8.csv'),
    body: Buffer.concat([enc(delimited(GOOD.slice(1, 2)), 'windows-1252'), utf8(`${GOOD[0]!.join(',')}\n`)]),
    state: 'rejected',
    reason: { code: 'mixed-encoding', contains: ['not consistently one encoding', 'byte'] },
  },
  // Declared encodings.
  { name: 'declared-1252.csv', key: 'corpus/cp1252/declared-1252.csv', body: enc(delimited(GOOD), 'windows-1252'), ...done(GOOD) },
  {
    name: 'declared-1252-gets-utf8.csv',
    key: 'corpus/cp1252/declared-1252-gets-utf8.csv',
    body: utf8(delimited(GOOD)),
    state: 'rejected',
    reason: { code: 'encoding-mismatch', contains: ['declares windows-1252', 'valid UTF-8'] },
  },
  {
    name: 'declared-1252-warns.csv',
    key: 'corpus/cp1252w/declared-1252-warns.csv',
    body: utf8(delimited([['W-1', 'Müller', '1', '2026-11-17']])),
    state: 'done',
    rows: 1,
    valid: ['W-1'],
    invalid: [],
    // Decoded as declared (the feed said windows-1252): the warning on the run says so.
    source: [['W-1', 'MÃ¼ller', '1', '2026-11-17']],
    warning: 'the feed declares windows-1252, but the text is valid UTF-8',
  },
  // Separators and line endings.
  { name: 'semicolon.csv', key: plain('semicolon.csv'), body: utf8(delimited(GOOD, ';')), ...done(GOOD) },
  { name: 'tab.tsv', key: plain('tab.tsv'), body: utf8(delimited(GOOD, '\t')), ...done(GOOD) },
  { name: 'pipe.psv', key: plain('pipe.psv'), body: utf8(delimited(GOOD, '|')), ...done(GOOD) },
  { name: 'crlf.csv', key: plain('crlf.csv'), body: utf8(delimited(GOOD, ',', '\r\n')), ...done(GOOD) },
  { name: 'cr.csv', key: plain('cr.csv'), body: utf8(delimited(GOOD, ',', '\r')), ...done(GOOD) },
  {
    name: 'quoted.csv',
    key: plain('quoted.csv'),
    body: utf8(delimited([['Q-1', 'Baker, "Bake" & Co', '2', '2026-11-17'], ['Q-2', 'two\nlines', '3', '2026-11-18']])),
    ...done([['Q-1', 'Baker, "Bake" & Co', '2', '2026-11-17'], ['Q-2', 'two\nlines', '3', '2026-11-18']]),
  },
  {
    name: 'formula.csv',
    key: plain('formula.csv'),
    body: utf8(delimited([['F-1', '=HYPERLINK("http://x")', '1', '2026-11-17'], ['F-2', '+49 30 1234567', '2', '2026-11-18']])),
    ...done([['F-1', '=HYPERLINK("http://x")', '1', '2026-11-17'], ['F-2', '+49 30 1234567', '2', '2026-11-18']]),
  },
  {
    // The outbox of a feed that opted out of formula neutralising keeps them as sent; the rejects file never does.
    name: 'formula-raw.csv',
    key: 'corpus/raw/formula-raw.csv',
    body: utf8(delimited([['F-3', '=HYPERLINK("http://x")', '1', '2026-11-17'], ['F-4', '@SUM(A1)', 'eins', '2026-11-18']])),
    ...done([['F-3', '=HYPERLINK("http://x")', '1', '2026-11-17'], ['F-4', '@SUM(A1)', 'eins', '2026-11-18']], ['F-4']),
    rejects:
      'row,id,name,amount,day,reasons\n3,F-4,\'@SUM(A1),eins,2026-11-18,"amount: ""eins"" is not a number in plain format (e.g. 1234.56); a feed writing decimal commas or thousands separators declares format.numberFormat"\n',
  },
  {
    // Rejects in the partner's layout: their headers (in the reasons too), their ';', their windows-1252 and their CRLF,
    // every column of theirs in their order — `Notiz`, which no field maps, too — with the values as they wrote them
    // (`18.11.2026`, which the date field would have read as 2026-11-18).
    name: 'partner-1252.csv',
    key: 'corpus/partner/partner-1252.csv',
    body: enc(
      'Kennung;Kunde;Notiz;Betrag;Tag\r\n' +
        'A-1;Jürgen Müller;Stammkunde;12.50;2026-11-17\r\n' +
        'A-2;Zoë Ørsted;"ruft an; ab 9 Uhr";zwölf;18.11.2026\r\n' +
        'A-3;Café „Spar“ – €;;-3.25;2026-11-19\r\n',
      'windows-1252',
    ),
    ...done([GOOD[0]!, ['A-2', 'Zoë Ørsted', 'zwölf', '18.11.2026'], GOOD[2]!], ['A-2']),
    rejects:
      'row;Kennung;Kunde;Notiz;Betrag;Tag;reasons\r\n' +
      '3;A-2;Zoë Ørsted;"ruft an; ab 9 Uhr";zwölf;18.11.2026;"Betrag: ""zwölf"" is not a number in plain format (e.g. 1234.56); a feed writing decimal commas or thousands separators declares format.numberFormat"\r\n',
    rejectsAs: { encoding: 'windows-1252', delimiter: ';' },
  },
  // Layout: title lines, Excel's sep= line, blank rows.
  {
    name: 'titled.csv',
    key: plain('titled.csv'),
    body: utf8(`Customer export\nGenerated 2026-11-20,,,\n\n${delimited(GOOD)}`),
    ...done(GOOD),
    warning: '2 lines above the header row skipped (title lines)',
  },
  {
    name: 'excel-sep.csv',
    key: de('excel-sep.csv'),
    body: enc(`sep=;\n${delimited(GERMAN, ';', '\r\n')}`, 'windows-1252'),
    ...done(GERMAN),
    warning: '1 line above the header row skipped (an Excel "sep=;" line)',
  },
  {
    name: 'blank-rows.csv',
    key: plain('blank-rows.csv'),
    body: utf8(`${delimited(GOOD.slice(0, 1))},,,\n${delimited(GOOD.slice(1, 2), ',', '\n', []).trimStart()} , , ,\n${delimited(GOOD.slice(2), ',', '\n', []).trimStart()},,,\n`),
    ...done(GOOD),
    blankRows: 3,
  },
  // Rejects a partner can act on: title lines, an empty line and a blank row above the invalid records, a cell
  // spanning two lines; each reject carries the row a spreadsheet shows it on (header on row 4).
  {
    name: 'titled-rejects.csv',
    key: plain('titled-rejects.csv'),
    body: utf8(
      'Customer export\nGenerated 2026-11-20,,,\n\nid,name,amount,day\nK-1,Anna,1,2026-11-17\n,,,\n\n' +
        'K-2,"Zwei\nZeilen",x,2026-11-18\nK-3,Cy,3,31.02.2026\nK-4,"=HYPERLINK(""http://x"")",4,2026-11-19\n',
    ),
    ...done(
      [
        ['K-1', 'Anna', '1', '2026-11-17'],
        ['K-2', 'Zwei\nZeilen', 'x', '2026-11-18'],
        ['K-3', 'Cy', '3', '31.02.2026'],
        ['K-4', '=HYPERLINK("http://x")', '4', '2026-11-19'],
      ],
      ['K-2', 'K-3'],
    ),
    blankRows: 1,
    warning: '2 lines above the header row skipped (title lines)',
    rejects: 'row,id,name,amount,day,reasons\n8,K-2,"Zwei\nZeilen",x,2026-11-18,"amount: ""x"" is not a number in plain format (e.g. 1234.56); a feed writing decimal commas or thousands separators declares format.numberFormat"\n' +
      '9,K-3,Cy,3,31.02.2026,"day: expected a date like 2026-11-17 (YYYY-MM-DD) or 17.11.2026 (DD.MM.YYYY), got ""31.02.2026"""\n',
  },
  // Numbers.
  {
    name: 'decimal-comma-plain.csv',
    key: plain('decimal-comma-plain.csv'),
    body: utf8(delimited([['N-1', 'a', '12,50', '2026-11-17'], ['N-2', 'b', '1,000', '2026-11-17'], ['N-3', 'c', '7', '2026-11-17']], ';')),
    ...done([['N-1', 'a', '12,50', '2026-11-17'], ['N-2', 'b', '1,000', '2026-11-17'], ['N-3', 'c', '7', '2026-11-17']], ['N-1', 'N-2']),
  },
  { name: 'german.csv', key: de('german.csv'), body: enc(delimited(GERMAN, ';'), 'windows-1252'), ...done(GERMAN) },
  {
    name: 'german-bad.csv',
    key: de('german-bad.csv'),
    body: utf8(delimited([['D-9', 'x', '1.234.5', '17.11.2026'], ['D-8', 'y', '1.23', '17.11.2026'], ['D-7', 'z', '0,5', '17.11.2026']], ';')),
    ...done([['D-9', 'x', '1.234.5', '17.11.2026'], ['D-8', 'y', '1.23', '17.11.2026'], ['D-7', 'z', '0,5', '17.11.2026']], ['D-9', 'D-8']),
  },
  {
    name: 'german.json',
    key: de('german.json'),
    body: utf8(JSON.stringify([{ id: 'J-1', name: 'a', amount: '12,50', day: '17.11.2026' }, { id: 'J-2', name: 'b', amount: 1.234, day: '18.11.2026' }])),
    state: 'done',
    rows: 2,
    valid: ['J-1', 'J-2'],
    invalid: [],
    // 1.234 is a JSON number: one point two three four, never re-read as German text.
    source: [['J-1', 'a', '12,50', '17.11.2026'], ['J-2', 'b', '#1.234', '18.11.2026']],
  },
  {
    name: 'plain.json',
    key: plain('plain.json'),
    body: utf8(JSON.stringify(GOOD.map(([id, name, amount, day]) => ({ id, name, amount: Number(amount), day })))),
    ...done(GOOD.map(([id, name, amount, day]) => [id, name, `#${amount}`, day] as SourceRow)),
  },
  {
    name: 'strings.json',
    key: plain('strings.json'),
    body: utf8(JSON.stringify([{ id: 'S-1', name: 'a', amount: '12,50', day: '2026-11-17' }, { id: 'S-2', name: 'b', amount: '42', day: '2026-11-17' }])),
    ...done([['S-1', 'a', '12,50', '2026-11-17'], ['S-2', 'b', '42', '2026-11-17']], ['S-1']),
  },
  {
    name: 'lines.jsonl',
    key: plain('lines.jsonl'),
    body: utf8(GOOD.map(([id, name, amount, day]) => JSON.stringify({ id, name, amount, day })).join('\n') + '\n'),
    ...done(GOOD),
  },
  // Spreadsheets.
  {
    name: 'sheet.xlsx',
    key: plain('sheet.xlsx'),
    body: () => xlsx([HEADER, ...GOOD.map(([id, name, amount, day]) => [id, name, Number(amount), day])]),
    ...done(GOOD.map(([id, name, amount, day]) => [id, name, `#${amount}`, day] as SourceRow)),
  },
  {
    name: 'titled.xlsx',
    key: plain('titled.xlsx'),
    body: () => xlsx([HEADER, ...CYRILLIC.map(([id, name, amount, day]) => [id, name, Number(amount), day])], ['Report', 'Generated 2026-11-20']),
    ...done(CYRILLIC.map(([id, name, amount, day]) => [id, name, `#${amount}`, day] as SourceRow)),
  },
  {
    name: 'german.xlsx',
    key: de('german.xlsx'),
    body: () => xlsx([HEADER, ['X-1', 'typed', 1.234, '17.11.2026'], ['X-2', 'text', '1.234', '18.11.2026']]),
    state: 'done',
    rows: 2,
    valid: ['X-1', 'X-2'],
    invalid: [],
    // A numeric cell is a number as typed; a text cell is read in the feed's de-DE format.
    source: [['X-1', 'typed', '#1.234', '17.11.2026'], ['X-2', 'text', '1.234', '18.11.2026']],
  },
  {
    // Title rows, then the header on row 3, a blank row 5 between records: the reject is on row 6 of the sheet.
    name: 'titled-rejects.xlsx',
    key: plain('titled-rejects.xlsx'),
    body: () => xlsx([HEADER, ['X-1', 'Anna', 1, '2026-11-17'], [], ['X-2', 'Bo', 'zwei', '2026-11-18'], ['X-3', 'Cy', 3, '2026-11-19']], ['Report', 'Generated 2026-11-20']),
    ...done([['X-1', 'Anna', '#1', '2026-11-17'], ['X-2', 'Bo', 'zwei', '2026-11-18'], ['X-3', 'Cy', '#3', '2026-11-19']], ['X-2']),
    rejects: 'row,id,name,amount,day,reasons\n6,X-2,Bo,zwei,2026-11-18,"amount: ""zwei"" is not a number in plain format (e.g. 1234.56); a feed writing decimal commas or thousands separators declares format.numberFormat"\n',
  },
  {
    // JSON Lines: each reject on its line, the empty and the blank line before it counted.
    name: 'rejects.jsonl',
    key: plain('rejects.jsonl'),
    body: utf8(
      JSONL_ROWS.map(([id, name, amount, day]) => JSON.stringify({ id, name, amount, day }))
        .flatMap((line, i) => (i === 1 ? ['', '   ', line] : [line]))
        .join('\n') + '\n\n',
    ),
    ...done(JSONL_ROWS, ['JL-2', 'JL-4']),
    rejects: rejectsOf('line', [[4, JSONL_ROWS[1]!], [6, JSONL_ROWS[3]!]]),
  },
  {
    // A JSON array, pretty-printed: each reject by its element (1-based), not by the line its text starts on.
    name: 'rejects.json',
    key: plain('rejects.json'),
    body: utf8(JSON.stringify(JSON_ROWS.map(([id, name, amount, day]) => ({ id, name, amount: /^\d+$/.test(amount) ? Number(amount) : amount, day })), null, 2)),
    ...done(JSON_ROWS.map(([id, name, amount, day]) => [id, name, /^\d+$/.test(amount) ? `#${amount}` : amount, day] as SourceRow), ['JA-2']),
    rejects: rejectsOf('element', [[2, JSON_ROWS[1]!]]),
  },
  {
    // Fixed-width text: each reject on its line, blank lines counted.
    name: 'rejects.txt',
    key: 'corpus/fixed/rejects.txt',
    body: utf8(`\n${fixedLine(FIXED_ROWS[0]!)}\r\n\r\n      \r\n${fixedLine(FIXED_ROWS[1]!)}\r\n${fixedLine(FIXED_ROWS[2]!)}\r\n`),
    ...done(FIXED_ROWS, ['FW-2']),
    rejects: rejectsOf('line', [[5, FIXED_ROWS[1]!]]),
  },
  {
    // 1,200 blank rows between two records (more than a run once kept): the rows after them are numbered all the same.
    name: 'many-blank-rows.csv',
    key: plain('many-blank-rows.csv'),
    body: utf8(
      delimited(MANY_BLANK_ROWS.slice(0, 1)) +
        ',,,\n'.repeat(1_200) +
        delimited(MANY_BLANK_ROWS.slice(1, 3), ',', '\n', []).trimStart() +
        ',,,\n' +
        delimited(MANY_BLANK_ROWS.slice(3), ',', '\n', []).trimStart(),
    ),
    ...done(MANY_BLANK_ROWS, ['M-2', 'M-4']),
    blankRows: 1_201,
    rejects: rejectsOf('row', [[1_203, MANY_BLANK_ROWS[1]!], [1_206, MANY_BLANK_ROWS[3]!]]),
  },
  {
    // A sheet with 1,500 blank rows (formatting only) between its records.
    name: 'gap.xlsx',
    key: plain('gap.xlsx'),
    body: async () => {
      const book = new ExcelJS.Workbook();
      const ws = book.addWorksheet('Data');
      ws.addRow(HEADER);
      const cell = (a: string) => (a.startsWith('#') ? Number(a.slice(1)) : a);
      ws.getRow(2).values = GAP_ROWS[0]!.map(cell);
      ws.getRow(1_503).values = GAP_ROWS[1]!.map(cell);
      ws.getRow(1_504).values = GAP_ROWS[2]!.map(cell);
      return Buffer.from(await book.xlsx.writeBuffer());
    },
    ...done(GAP_ROWS, ['G-2']),
    rejects: rejectsOf('row', [[1_503, GAP_ROWS[1]!]]),
  },
  {
    // More separate stretches of blank rows than a run keeps: no row numbers, and the run says why (never a wrong one).
    name: 'spaced-out.csv',
    key: plain('spaced-out.csv'),
    body: utf8(delimited(SPACED_ROWS).replace(/\n(?=.)/g, '\n,,,\n').replace(/^id,name,amount,day\n,,,\n/, 'id,name,amount,day\n') + ',,,\n'),
    ...done(SPACED_ROWS, ['S-1001']),
    blankRows: 2_002,
    rejects: rejectsOf('row', [['', SPACED_ROWS[1_000]!]]),
    note: 'row numbers are left out of the rejects file: the file has more than 2,000 separate stretches of blank rows between its records',
  },
  // Dates.
  {
    name: 'dates.csv',
    key: plain('dates.csv'),
    body: utf8(delimited([['Y-1', 'a', '1', '17.11.2026'], ['Y-2', 'b', '1', '31.02.2026'], ['Y-3', 'c', '1', '2026-11-17T09:30:00']])),
    ...done([['Y-1', 'a', '1', '17.11.2026'], ['Y-2', 'b', '1', '31.02.2026'], ['Y-3', 'c', '1', '2026-11-17T09:30:00']], ['Y-2', 'Y-3']),
  },
  // Date-times in a date field whose feed keeps the date part (dateTime: date): text, and a spreadsheet date-time cell.
  {
    name: 'datetime-date.csv',
    key: 'corpus/dt/datetime-date.csv',
    body: utf8(delimited([['V-1', 'a', '1', '2026-11-17T09:30:00'], ['V-2', 'b', '2', '17.11.2026 09:30'], ['V-3', 'c', '3', '2026-11-18'], ['V-4', 'd', '4', '31.02.2026 09:30']])),
    ...done([['V-1', 'a', '1', '2026-11-17T09:30:00'], ['V-2', 'b', '2', '17.11.2026 09:30'], ['V-3', 'c', '3', '2026-11-18'], ['V-4', 'd', '4', '31.02.2026 09:30']], ['V-4']),
  },
  {
    name: 'datetime-date.xlsx',
    key: 'corpus/dt/datetime-date.xlsx',
    body: async () => {
      const book = new ExcelJS.Workbook();
      const ws = book.addWorksheet('Data');
      ws.addRow(HEADER);
      ws.addRow(['W-1', 'a', 1, new Date(Date.UTC(2026, 10, 17, 9, 30))]);
      ws.getCell('D2').numFmt = 'dd.mm.yyyy hh:mm';
      return Buffer.from(await book.xlsx.writeBuffer());
    },
    // The cell as the extractor reads it (ISO 8601 wall clock), of which the feed keeps the date.
    ...done([['W-1', 'a', '#1', '2026-11-17T09:30:00']]),
  },
  // Compression and archives.
  { name: 'gzipped.csv.gz', key: plain('gzipped.csv.gz'), body: gzipSync(enc(delimited(GOOD, ';'), 'windows-1252')), ...done(GOOD) },
  {
    name: 'bundle.zip',
    key: plain('bundle.zip'),
    body: zipOf({ 'one.csv': utf8(delimited(GOOD)), 'two.csv': enc(delimited(CYRILLIC, ';'), 'windows-1251') }),
    state: 'expanded',
    reason: { code: 'expanded', contains: ['2 of 2 members delivered: one.csv; two.csv'] },
    members: { 'one.csv': done(GOOD), 'two.csv': done(CYRILLIC) },
  },
  // Files that are refused, each with the real cause.
  { name: 'empty.csv', key: plain('empty.csv'), body: Buffer.alloc(0), state: 'rejected', reason: { code: 'empty-file', contains: ['0 bytes'] } },
  { name: 'header-only.csv', key: plain('header-only.csv'), body: utf8('id,name,amount,day\n'), state: 'rejected', reason: { code: 'header-only', contains: ['no data rows'] } },
  {
    name: 'binary.csv',
    key: plain('binary.csv'),
    body: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)),
    state: 'rejected',
    reason: { code: 'binary-content', contains: ['is not text'] },
  },
  {
    name: 'truncated.csv.gz',
    key: plain('truncated.csv.gz'),
    body: gzipSync(utf8(delimited(GOOD))).subarray(0, 30),
    state: 'rejected',
    reason: { code: 'truncated-archive', contains: [] },
  },
  {
    name: 'wrong-format.xml',
    key: plain('wrong-format.xml'),
    body: utf8('<?xml version="1.0"?>\n<rows><row id="1"/></rows>\n'),
    state: 'rejected',
    reason: { code: 'unsupported-format', contains: ['is xml'] },
  },
  // Refused with the real cause, not "is xls" or "empty-file".
  {
    name: 'encrypted.xlsx',
    key: plain('encrypted.xlsx'),
    body: encryptedXlsx(),
    state: 'rejected',
    reason: { code: 'encrypted-file', contains: ['"corpus/plain/encrypted.xlsx" is a password-protected (encrypted) Office file', 'remove the password'] },
  },
  {
    name: 'truncated.xlsx',
    key: plain('truncated.xlsx'),
    body: async () => (await xlsx([HEADER, ...GOOD])).subarray(0, 700),
    state: 'rejected',
    reason: { code: 'truncated-archive', contains: ['XLSX workbook "corpus/plain/truncated.xlsx"', 'truncated', '700 bytes received'] },
  },
  {
    name: 'corrupt.xlsx',
    key: plain('corrupt.xlsx'),
    body: corruptXlsx(),
    state: 'rejected',
    reason: { code: 'malformed-content', contains: ['the XLSX is damaged'] },
  },
  {
    name: 'truncated.zip',
    key: plain('truncated.zip'),
    body: zipOf({ 'one.csv': utf8(delimited(GOOD)), 'two.csv': utf8(delimited(CYRILLIC)) }).subarray(0, 150),
    state: 'rejected',
    reason: { code: 'truncated-archive', contains: ['zip "corpus/plain/truncated.zip" is truncated', '150 bytes received'] },
  },
  // Archives member by member: a zip inside a zip is opened; a bad member is refused alone, the archive says so.
  {
    name: 'nested.zip',
    key: plain('nested.zip'),
    body: zipOf({
      'one.csv': utf8(delimited(GOOD)),
      'inner.zip': zipOf({ 'greek.csv': enc(delimited(GREEK), 'windows-1253'), 'deeper.zip': zipOf({ 'x.csv': utf8(delimited(GOOD)) }) }),
      'junk.csv': Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)),
    }),
    state: 'expanded',
    reason: { code: 'expanded', contains: ['2 of 4 members delivered: one.csv; inner.zip/greek.csv', '2 refused: inner.zip/deeper.zip (nested-archive: ', 'junk.csv (binary-content: '] },
    members: {
      'one.csv': done(GOOD),
      'inner.zip/greek.csv': done(GREEK),
      'inner.zip/deeper.zip': { state: 'rejected', reason: { code: 'nested-archive', contains: ['nested 3 deep'] } },
      'junk.csv': { state: 'rejected', reason: { code: 'binary-content', contains: ['is not text'] } },
    },
  },
  // Routing: a key under no feed's prefix (letter case differs) is seen, and says which feed it likely meant.
  {
    name: 'acme/Contacts/x.csv',
    key: 'acme/Contacts/x.csv',
    body: utf8(delimited(GOOD)),
    state: 'unrouted',
    reason: { code: 'unrouted', contains: ['no feed claims "acme/Contacts/x.csv"', 'did you mean acme/contacts/x.csv (feed "corpus-acme")?'] },
  },
];
