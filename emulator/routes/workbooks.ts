import { badRequest } from '../errors.js';
import { boolParam, ok, readObject, success } from '../http.js';
import type { Router } from '../router.js';
import { checkRequest } from '../schemas.js';
import type { Services } from '../services.js';
import type { Commit } from '../types.js';

/** `name`, `label`, `namespace` and `treatment` filters; a leading `-` negates (Flatfile's list semantics). */
function matches(value: string | string[] | undefined, filter: string | null): boolean {
  if (filter === null) return true;
  const negate = filter.startsWith('-');
  const want = negate ? filter.slice(1) : filter;
  const hit = Array.isArray(value) ? value.includes(want) : value === want;
  return negate ? !hit : hit;
}

export function commitsOf(s: Services, sheetIds: string[], completed: boolean | undefined): Commit[] {
  const ids = new Set(sheetIds);
  return [...s.state.commits.values()].filter(
    (c) => ids.has(c.sheetId) && (completed === undefined || !!c.completedAt === completed),
  );
}

export function workbookRoutes(r: Router, s: Services): void {
  const { state, workbooks } = s;
  r.add('GET', '/workbooks', ({ query }) => {
    const spaceId = query.get('spaceId');
    const withCounts = boolParam(query, 'includeCounts') ?? false;
    const list = [...state.workbooks.values()].filter(
      (w) =>
        (!spaceId || w.spaceId === spaceId) &&
        matches(w.name, query.get('name')) &&
        matches(w.labels, query.get('label')) &&
        matches(w.namespace as string | undefined, query.get('namespace')) &&
        matches(w.treatments as string[] | undefined, query.get('treatment')),
    );
    return ok(list.map((w) => workbooks.view(w, withCounts)));
  });
  r.add('POST', '/workbooks', async ({ req }) => {
    const body = checkRequest('CreateWorkbookConfig', await readObject(req));
    if (typeof body.spaceId !== 'string') throw badRequest('spaceId is required', 'spaceId');
    const space = state.space(body.spaceId);
    const environmentId = typeof body.environmentId === 'string' ? body.environmentId : space.environmentId;
    state.environment(environmentId);
    return ok(workbooks.view(workbooks.create(body, environmentId, space.id), true));
  });
  r.add('GET', '/workbooks/:id', ({ params }) => ok(workbooks.view(state.workbook(params.id!), true)));
  r.add('PATCH', '/workbooks/:id', async ({ req, params }) => {
    const wb = state.workbook(params.id!);
    const body = checkRequest('WorkbookUpdate', await readObject(req));
    return ok(workbooks.view(workbooks.update(wb, body), true));
  });
  r.add('DELETE', '/workbooks/:id', ({ params }) => {
    workbooks.remove(state.workbook(params.id!));
    return success();
  });
  r.add('GET', '/workbooks/:id/commits', ({ params, query }) => {
    const wb = state.workbook(params.id!);
    return ok(commitsOf(s, state.sheetsOf(wb.id).map((sh) => sh.id), boolParam(query, 'completed')));
  });
}
