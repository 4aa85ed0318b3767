import type { Flatfile } from '@flatfile/api';
import type { Feed, Field } from '../manifest/index.js';

/** Labels the destination workbook carries; automap and our listener pick it by this label. */
export const PRIMARY_LABEL = 'primary';

/** The destination workbook of a feed, built from its manifest blueprint. */
export function workbookConfig(feed: Feed, spaceId: string, environmentId: string): Flatfile.CreateWorkbookConfig {
  return {
    name: feed.sheet.name,
    spaceId,
    environmentId,
    labels: [PRIMARY_LABEL],
    // Commits must complete before egress, and commit:completed only exists for workbooks that track changes.
    settings: { trackChanges: true },
    metadata: { flatfeed: { feed: feed.name } },
    sheets: [sheetConfig(feed)],
  };
}

export function sheetConfig(feed: Feed): Flatfile.SheetConfig {
  return {
    name: feed.sheet.name,
    slug: feed.sheet.slug,
    allowAdditionalFields: false,
    fields: feed.fields.map(property),
  };
}

function property(field: Field): Flatfile.Property {
  const base = {
    key: field.key,
    label: field.label ?? field.key,
    ...(field.description ? { description: field.description } : {}),
    ...(field.aliases.length > 0 ? { alternativeNames: field.aliases } : {}),
    constraints: constraints(field),
    metadata: { flatfeedType: field.type },
  };
  switch (field.type) {
    case 'number':
      return { ...base, type: 'number' };
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
