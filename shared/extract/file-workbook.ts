import type { Flatfile } from '@flatfile/api';
import type { FlatfileApi } from '../flatfile/client.js';
import type { SourceField } from './keys.js';

/** Flatfile's `slugify` (util-common): sheet slugs of extracted workbooks. */
export const slugify = (name: string): string =>
  name
    .trim()
    .replace(/[^\w\s-]/g, '')
    .replace(/[\s_-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'sheet';

export interface FileSheet {
  workbookId: string;
  sheetId: string;
  name: string;
  slug: string;
}

/** The `[file] <name>` workbook Flatfile's extractors create: label `file`, treatment EXTRACTED_FROM_SOURCE, one sheet. */
export async function createFileWorkbook(
  api: Pick<FlatfileApi, 'workbooks'>,
  file: Pick<Flatfile.File_, 'name' | 'spaceId'>,
  environmentId: string | undefined,
  sheetName: string,
  fields: SourceField[],
): Promise<FileSheet> {
  const slug = slugify(sheetName);
  const { data: wb } = await api.workbooks.create({
    name: `[file] ${file.name}`,
    labels: ['file'],
    spaceId: file.spaceId,
    ...(environmentId ? { environmentId } : {}),
    treatments: ['EXTRACTED_FROM_SOURCE'],
    sheets: [{ name: sheetName, slug, fields, allowAdditionalFields: false }],
  });
  const sheet = wb.sheets?.[0];
  if (!sheet) throw new Error(`workbook ${wb.id} was created without its sheet`);
  return { workbookId: wb.id, sheetId: sheet.id, name: sheetName, slug };
}

/** Replaces the sheet's fields (matched by slug) when the file shows columns the header did not have. */
export async function setSheetFields(api: Pick<FlatfileApi, 'workbooks'>, sheet: FileSheet, fields: SourceField[]): Promise<void> {
  await api.workbooks.update(sheet.workbookId, {
    sheets: [{ name: sheet.name, slug: sheet.slug, fields, allowAdditionalFields: false }],
  });
}
