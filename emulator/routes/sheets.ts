import { badRequest } from '../errors.js';
import { boolParam, ok, readObject, success } from '../http.js';
import type { Router } from '../router.js';
import { checkRequest } from '../schemas.js';
import type { Services } from '../services.js';
import { commitsOf } from './workbooks.js';
import { selection } from './records.js';

export function sheetRoutes(r: Router, s: Services): void {
  const { state, workbooks } = s;
  r.add('GET', '/sheets', ({ query }) => {
    const workbookId = query.get('workbookId');
    if (!workbookId) throw badRequest('workbookId is required', 'workbookId');
    return ok(state.sheetsOf(state.workbook(workbookId).id).map((sh) => workbooks.sheetView(sh)));
  });
  r.add('GET', '/sheets/:id', ({ params }) => ok(workbooks.sheetView(state.sheet(params.id!))));
  r.add('PATCH', '/sheets/:id', async ({ req, params }) => {
    const sheet = state.sheet(params.id!);
    const body = checkRequest('SheetUpdateRequest', await readObject(req));
    if (typeof body.name === 'string') sheet.name = body.name;
    if (typeof body.slug === 'string') sheet.slug = body.slug;
    if (body.metadata !== undefined) sheet.metadata = body.metadata;
    sheet.updatedAt = new Date().toISOString();
    state.events.emit('sheet:updated', 'sheet', state.sheetContext(sheet));
    return ok(workbooks.sheetView(sheet));
  });
  r.add('DELETE', '/sheets/:id', ({ params }) => {
    workbooks.removeSheet(state.sheet(params.id!));
    return success();
  });
  r.add('GET', '/sheets/:id/counts', ({ params, query }) => {
    const sheetId = state.sheet(params.id!).id;
    const table = state.table(sheetId);
    const q = selection(s, query, params.id!);
    const unfiltered = !q.commitRows && q.sinceSeq === undefined && !q.searchValue && !q.filterField;
    const counts = s.counts.read(sheetId, query.toString(), () => {
      if (unfiltered) return table.counts();
      const rows = table.select({ ...q, filter: 'all' });
      const valid = table.select({ ...q, filter: 'valid' }).length;
      return { total: rows.length, valid, error: rows.length - valid };
    });
    return ok({ counts, success: true });
  });
  r.add('GET', '/sheets/:id/commits', ({ params, query }) =>
    ok(commitsOf(s, [state.sheet(params.id!).id], boolParam(query, 'completed'))),
  );
}
