// The end-to-end benchmark's partner files: N rows × 12 columns (strings, numbers, dates, enums, emails), the same
// bytes for the same N on every machine. 2 % of rows carry one invalid value (a rotating kind), and 1 row in 1,000
// repeats the email of a row 15,000 earlier, so duplicates span commits (mapping commits 10,000 rows at a time).
// CSV, XLSX (exceljs's streaming writer) and JSONL; written once per size under BENCH_E2E_DIR and reused.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type BenchFormat = 'csv' | 'xlsx' | 'jsonl';

export const HEADERS = ['email', 'first_name', 'last_name', 'age', 'balance', 'signup_date', 'last_login', 'status', 'country', 'city', 'phone', 'company'] as const;

/** The bench feed: the columns above under their own names, so mapping is certain and executes by itself. */
export const BENCH_FEED = {
  name: 'bench',
  source: { inboxPrefix: 'bench/' },
  format: { accept: ['csv', 'xlsx', 'jsonl'] },
  sheet: { slug: 'people', name: 'People' },
  fields: [
    { key: 'email', label: 'Email', type: 'string', required: true, unique: { caseSensitive: false, ignoreEmpty: true }, format: 'email', transform: ['trim', 'lower'] },
    { key: 'first_name', label: 'First name', type: 'string', required: true },
    { key: 'last_name', label: 'Last name', type: 'string' },
    { key: 'age', label: 'Age', type: 'number', min: 0, max: 130 },
    { key: 'balance', label: 'Balance', type: 'number' },
    { key: 'signup_date', label: 'Signup date', type: 'date', dateFormats: ['YYYY-MM-DD', 'DD.MM.YYYY'] },
    { key: 'last_login', label: 'Last login', type: 'date' },
    { key: 'status', label: 'Status', type: 'enum', options: [{ value: 'lead' }, { value: 'active' }, { value: 'inactive' }] },
    { key: 'country', label: 'Country', type: 'enum', options: [{ value: 'DE' }, { value: 'FR' }, { value: 'GB' }, { value: 'US' }] },
    { key: 'city', label: 'City', type: 'string' },
    { key: 'phone', label: 'Phone', type: 'string', pattern: '^\\+?[0-9 ()-]{6,20}$' },
    { key: 'company', label: 'Company', type: 'string' },
  ],
  mapping: { autoExecute: true, minCertainty: 'strong' },
  validation: { invalid: 'reject' },
  egress: { formats: ['jsonl'], rejects: true },
};

const INVALID_EVERY = 50;
const DUPLICATE_EVERY = 1_000;
const DUPLICATE_DISTANCE = 15_000;

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const STATUS = ['lead', 'active', 'inactive'];
const COUNTRY = ['DE', 'FR', 'GB', 'US'];
const CITIES = ['Berlin', 'Paris', 'London', 'New York', 'Hamburg', 'Lyon', 'Leeds', 'Boston', 'München', 'Köln'];

/** The row whose email row i carries: itself, or for one row in 1,000 a row 15,000 earlier. */
function emailRow(i: number): number {
  return i % DUPLICATE_EVERY === DUPLICATE_EVERY - 1 && i >= DUPLICATE_DISTANCE ? emailRow(i - DUPLICATE_DISTANCE) : i;
}

/** Row i (0-based) as strings, in HEADERS order. */
export function row(i: number): string[] {
  const r = [
    `user${emailRow(i)}@example.com`,
    `First${i % 997}`,
    `Last ${i % 769}`,
    String(18 + (i % 70)),
    ((i * 7919) % 1_000_000 / 100).toFixed(2),
    `20${pad(10 + (i % 16), 2)}-${pad(1 + (i % 12), 2)}-${pad(1 + (i % 28), 2)}`,
    `2026-${pad(1 + ((i >> 3) % 12), 2)}-${pad(1 + ((i >> 2) % 28), 2)}`,
    STATUS[i % 3]!,
    COUNTRY[i % 4]!,
    CITIES[i % CITIES.length]!,
    `+49 30 ${1_000_000 + (i % 9_000_000)}`,
    `Company ${i % 5003} GmbH`,
  ];
  if (i % INVALID_EVERY === 7) {
    const kind = Math.floor(i / INVALID_EVERY) % 5;
    if (kind === 0) r[0] = `user${i}-at-example.com`;
    else if (kind === 1) r[3] = 'forty';
    else if (kind === 2) r[5] = '31/31/2020';
    else if (kind === 3) r[7] = 'vip';
    else r[10] = 'call me';
  }
  return r;
}

/** How many of the first n rows validation must find invalid: the broken ones and every holder of a shared email. */
export function expectedInvalid(n: number): number {
  const holders = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (i % INVALID_EVERY === 7 && Math.floor(i / INVALID_EVERY) % 5 === 0) continue; // its email is its own broken text
    const e = emailRow(i);
    holders.set(e, (holders.get(e) ?? 0) + 1);
  }
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    const broken = i % INVALID_EVERY === 7;
    const shared = !(broken && Math.floor(i / INVALID_EVERY) % 5 === 0) && holders.get(emailRow(i))! > 1;
    if (broken || shared) invalid++;
  }
  return invalid;
}

/** The file of n rows in a format, written if it is not there yet; returns its path. */
export async function partnerFile(dir: string, format: BenchFormat, n: number): Promise<string> {
  const path = join(dir, `bench-${n}.${format}`);
  if (existsSync(path)) return path;
  await mkdir(dir, { recursive: true });
  const partial = `${path}.partial`;
  if (format === 'xlsx') await writeXlsx(partial, n);
  else await writeText(partial, n, format);
  await rename(partial, path);
  return path;
}

async function writeText(path: string, n: number, format: 'csv' | 'jsonl'): Promise<void> {
  const out = createWriteStream(path);
  const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  let chunk = format === 'csv' ? `${HEADERS.join(',')}\n` : '';
  for (let i = 0; i < n; i++) {
    const r = row(i);
    if (format === 'csv') chunk += `${r.map(csvCell).join(',')}\n`;
    else chunk += `${JSON.stringify(Object.fromEntries(HEADERS.map((h, c) => [h, c === 3 || c === 4 ? numberOrText(r[c]!) : r[c]])))}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** JSONL carries numbers as numbers, as partners' exports do; the broken ones stay text. */
const numberOrText = (s: string) => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);

async function writeXlsx(path: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('People');
  ws.addRow([...HEADERS]).commit();
  for (let i = 0; i < n; i++) {
    const r: (string | number)[] = row(i);
    r[3] = numberOrText(r[3] as string);
    r[4] = numberOrText(r[4] as string);
    ws.addRow(r).commit();
  }
  ws.commit();
  await wb.commit();
}

/** The floor: the plainest streaming read of the same file (csv-parse for CSV), counting rows. */
export async function floorRead(path: string, format: BenchFormat): Promise<{ rows: number; seconds: number; cpuSeconds: number }> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  if (format === 'csv') {
    for await (const _ of createReadStream(path).pipe(parse({ from_line: 2 }))) rows++;
  } else if (format === 'jsonl') {
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      if (line) {
        JSON.parse(line);
        rows++;
      }
    }
  } else {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'ignore', worksheets: 'emit', hyperlinks: 'ignore', entries: 'ignore' });
    for await (const sheet of reader) for await (const _ of sheet) rows++;
    rows--; // the header
  }
  const used = process.cpuUsage(cpu);
  return { rows, seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}
