import ExcelJS from 'exceljs';

const CITIES = ['Berlin', 'Paris', 'London', 'Madrid', 'Rome', 'Vienna', 'Oslo', 'Lisbon'];
const NOTES = ['new', 'returning', 'vip', '', 'churn risk'];
const DAY = 86_400_000;

/**
 * Writes an XLSX of `rows` rows × 10 columns with exceljs' streaming writer, as Excel lays it out: shared strings,
 * styles with date formats. Unique names and e-mails make the shared-strings table as large as real exports get.
 */
export async function writeBenchWorkbook(path: string, rows: number): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = book.addWorksheet('Customers');
  ws.columns = [
    { header: 'Customer ID', key: 'id' },
    { header: 'Name', key: 'name' },
    { header: 'Email', key: 'email' },
    { header: 'City', key: 'city' },
    { header: 'Signup Date', key: 'signup', style: { numFmt: 'yyyy-mm-dd' } },
    { header: 'Last Order', key: 'last', style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } },
    { header: 'Amount', key: 'amount' },
    { header: 'Quantity', key: 'qty' },
    { header: 'Active', key: 'active' },
    { header: 'Note', key: 'note' },
  ];
  const base = Date.UTC(2020, 0, 1);
  for (let i = 0; i < rows; i++) {
    ws.addRow({
      id: 100_000 + i,
      name: `Customer ${i}`,
      email: `customer${i}@example.com`,
      city: CITIES[i % CITIES.length],
      signup: new Date(base + (i % 1500) * DAY),
      last: new Date(base + (i % 1500) * DAY + (i % 86_400) * 1000),
      amount: Math.round(i * 7.31) / 100,
      qty: i % 17,
      active: i % 3 !== 0,
      note: NOTES[i % NOTES.length],
    }).commit();
  }
  ws.commit();
  await book.commit();
}
