import type { Flatfile } from '@flatfile/api';
import { isPlainNumberFormat, type Feed, type Field } from '../manifest/index.js';
import { EGRESS_OPERATION } from '../work/messages.js';

/** Labels the destination workbook carries; automap and our listener pick it by this label. */
export const PRIMARY_LABEL = 'primary';

/** A run's destination workbook, built from the feed's manifest blueprint, named after the partner's file. */
export function workbookConfig(
  feed: Feed,
  spaceId: string,
  environmentId: string,
  origin: { fileName?: string; runId?: string | undefined } = {},
): Flatfile.CreateWorkbookConfig {
  return {
    name: origin.fileName ? `${feed.sheet.name} · ${origin.fileName}` : feed.sheet.name,
    spaceId,
    environmentId,
    labels: [PRIMARY_LABEL],
    // Commits must complete before egress, and commit:completed only exists for workbooks that track changes.
    settings: { trackChanges: true },
    metadata: { flatfeed: { feed: feed.name, ...(origin.runId ? { runId: origin.runId } : {}) } },
    // A person who fixed records in the UI exports them again with this; it runs the same egress job.
    actions: [
      {
        operation: EGRESS_OPERATION,
        mode: 'foreground',
        label: 'Sync now',
        description: 'Export the changes since the last sync to the outbox',
        primary: true,
      },
    ],
    sheets: [sheetConfig(feed)],
  };
}

export function sheetConfig(feed: Feed): Flatfile.SheetConfig {
  return {
    name: feed.sheet.name,
    slug: feed.sheet.slug,
    allowAdditionalFields: false,
    fields: feed.fields.map((f) => property(f, isPlainNumberFormat(feed.format.numberFormat))),
  };
}

function property(field: Field, plainNumbers: boolean): Flatfile.Property {
  const base = {
    key: field.key,
    label: field.label ?? field.key,
    ...(field.description ? { description: field.description } : {}),
    ...(field.aliases.length > 0 ? { alternativeNames: field.aliases } : {}),
    constraints: constraints(field),
    metadata: { flatfeedType: field.type },
  };
  switch (field.type) {
    // A feed that writes "1.234,56" or "1 000" keeps its numbers as text on the platform, as dates: the platform's
    // number type would read "1.000" (one thousand in de-DE) as 1. The validation hook parses them by the feed's
    // declared numberFormat and writes the number back.
    case 'number':
      return plainNumbers ? { ...base, type: 'number' } : { ...base, type: 'string' };
    case 'boolean':
      return { ...base, type: 'boolean', config: { allowIndeterminate: !field.required } };
    case 'enum':
      return {
        ...base,
        type: 'enum',
        config: {
          allowCustom: false,
          options: (field.options ?? []).map((o) => ({
            value: o.value,
            label: o.label ?? o.value,
            ...(o.alternativeNames.length > 0 ? { alternativeNames: o.alternativeNames } : {}),
          })),
        },
      };
    // Dates stay strings on the platform: it would guess formats (is 02/03 March or February?), while the manifest
    // declares them and our validation hook turns them into ISO 8601.
    case 'date':
    case 'string':
      return { ...base, type: 'string' };
  }
}

function constraints(field: Field): Flatfile.Constraint[] {
  const out: Flatfile.Constraint[] = [];
  if (field.required) out.push({ type: 'required' });
  if (field.unique) {
    const config = typeof field.unique === 'object' ? field.unique : { caseSensitive: true, ignoreEmpty: true };
    out.push({ type: 'unique', config });
  }
  return out;
}
