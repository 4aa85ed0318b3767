import { badRequest } from './errors.js';
import { idTail, newId } from './ids.js';
import { RecordTable } from './store/records.js';
import type { State } from './store/state.js';
import type { Json, Property, Sheet, SheetConfig, Workbook } from './types.js';
import { compileSchema } from './validation.js';

const slugify = (s: string): string =>
  s.trim().replace(/[^\w\s-]/g, '').replace(/[\s_-]+/g, '-').replace(/^-+|-+$/g, '') || 'sheet';

function sheetConfig(raw: Json): SheetConfig {
  const name = typeof raw.name === 'string' ? raw.name : undefined;
  if (!name) throw badRequest('Sheet name is required', 'sheets.name');
  if (!Array.isArray(raw.fields)) throw badRequest(`Sheet ${name} needs fields`, 'sheets.fields');
  const keys = new Set<string>();
  for (const f of raw.fields as Property[]) {
    if (!f || typeof f.key !== 'string' || f.key === '') throw badRequest(`Sheet ${name}: every field needs a key`, 'fields.key');
    if (keys.has(f.key)) throw badRequest(`Sheet ${name}: duplicate field key ${f.key}`, 'fields.key');
    keys.add(f.key);
  }
  return { ...raw, name, slug: typeof raw.slug === 'string' && raw.slug ? raw.slug : slugify(name), fields: raw.fields as Property[] };
}

/** Workbook and sheet lifecycle: each sheet gets its record table, each change its event. */
export class Workbooks {
  constructor(private readonly state: State) {}

  create(body: Json, environmentId: string, spaceId: string): Workbook {
    const now = new Date().toISOString();
    const configs = ((body.sheets as Json[] | undefined) ?? []).map(sheetConfig);
    const wb: Workbook = {
      ...body,
      id: newId('wb'),
      name: String(body.name),
      spaceId,
      environmentId,
      labels: (body.labels as string[] | undefined) ?? [],
      settings: (body.settings as Json | undefined) ?? {},
      metadata: body.metadata ?? {},
      createdAt: now,
      updatedAt: now,
    };
    delete wb.sheets;
    this.state.workbooks.set(wb.id, wb);
    this.state.events.emit('workbook:created', 'workbook', { environmentId, spaceId, workbookId: wb.id });
    for (const config of configs) this.addSheet(wb, config);
    return wb;
  }

  /** PATCH: top-level keys replace; sheets are matched by slug, added when new (Flatfile's `SheetConfigOrUpdate`). */
  update(wb: Workbook, body: Json): Workbook {
    const { sheets, id: _id, spaceId: _s, environmentId: _e, ...rest } = body;
    Object.assign(wb, rest, { updatedAt: new Date().toISOString() });
    for (const raw of (sheets as Json[] | undefined) ?? []) {
      const existing = this.state.sheetsOf(wb.id).find((s) => s.slug === raw.slug || (raw.id && s.id === raw.id));
      if (!existing) this.addSheet(wb, sheetConfig(raw));
      else {
        const config = sheetConfig({ ...existing.config, ...raw });
        Object.assign(existing, { name: config.name, slug: config.slug, config, updatedAt: wb.updatedAt });
        this.state.table(existing.id).setSchema(compileSchema(config));
        this.state.events.emit('sheet:updated', 'sheet', this.state.sheetContext(existing));
      }
    }
    this.state.events.emit('workbook:updated', 'workbook', { environmentId: wb.environmentId, spaceId: wb.spaceId, workbookId: wb.id });
    return wb;
  }

  remove(wb: Workbook): void {
    for (const sheet of this.state.sheetsOf(wb.id)) this.removeSheet(sheet);
    this.state.workbooks.delete(wb.id);
    this.state.events.emit('workbook:deleted', 'workbook', { environmentId: wb.environmentId, spaceId: wb.spaceId, workbookId: wb.id });
  }

  removeSheet(sheet: Sheet): void {
    const context = this.state.sheetContext(sheet);
    this.state.sheets.delete(sheet.id);
    this.state.tables.delete(sheet.id);
    this.state.events.emit('sheet:deleted', 'sheet', context);
  }

  /** A workbook as the API returns it, with its sheets (and their counts when asked). */
  view(wb: Workbook, withCounts = false): Json {
    return { ...wb, sheets: this.state.sheetsOf(wb.id).map((s) => this.sheetView(s, withCounts)) };
  }

  sheetView(sheet: Sheet, withCounts = true): Json {
    return withCounts ? { ...sheet, recordCounts: this.state.table(sheet.id).counts() } : { ...sheet };
  }

  private addSheet(wb: Workbook, config: SheetConfig): Sheet {
    if (this.state.sheetsOf(wb.id).some((s) => s.slug === config.slug)) {
      throw badRequest(`Workbook already has a sheet with slug ${config.slug}`, 'slug');
    }
    const sheet: Sheet = {
      id: newId('sh'),
      workbookId: wb.id,
      name: config.name,
      slug: config.slug,
      config,
      metadata: (config.metadata as Json | undefined) ?? {},
      createdAt: wb.updatedAt,
      updatedAt: wb.updatedAt,
    };
    this.state.sheets.set(sheet.id, sheet);
    this.state.tables.set(sheet.id, new RecordTable(idTail(sheet.id), compileSchema(config)));
    this.state.events.emit('sheet:created', 'sheet', this.state.sheetContext(sheet));
    return sheet;
  }
}
