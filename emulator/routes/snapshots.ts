import { badRequest } from '../errors.js';
import { boolParam, intParam, ok, readObject, success } from '../http.js';
import type { Router } from '../router.js';
import type { Services } from '../services.js';
import { Snapshots } from '../snapshots.js';

/** `/v1/snapshots`: take, list, read (with summary), diff records, delete. Restore is not emulated (400). */
export function snapshotRoutes(r: Router, { state }: Services): void {
  const snapshots = new Snapshots(state);

  r.add('POST', '/snapshots', async ({ req }) => {
    const body = await readObject(req);
    if (typeof body.sheetId !== 'string') throw badRequest('sheetId is required', 'sheetId');
    const label = typeof body.label === 'string' ? body.label : undefined;
    const threadId = typeof body.threadId === 'string' ? body.threadId : undefined;
    return ok(snapshots.wire(snapshots.take(state.sheet(body.sheetId), label, threadId), false));
  });

  r.add('GET', '/snapshots', ({ query }) => {
    const sheetId = query.get('sheetId');
    if (!sheetId) throw badRequest('sheetId is required', 'sheetId');
    state.sheet(sheetId);
    const threadId = query.get('threadId');
    const list = [...state.snapshots.values()].filter((s) => s.sheetId === sheetId && (!threadId || s.threadId === threadId));
    return ok(list.map((s) => snapshots.wire(s, false)));
  });

  r.add('GET', '/snapshots/:id', ({ params, query }) => {
    // The SDK marks includeSummary as required.
    const summary = boolParam(query, 'includeSummary');
    if (summary === undefined) throw badRequest('includeSummary is required', 'includeSummary');
    return ok(snapshots.wire(state.snapshot(params.id!), summary));
  });

  r.add('GET', '/snapshots/:id/records', ({ params, query }) => {
    const snap = state.snapshot(params.id!);
    // A snapshot of a sheet that is gone has nothing to compare with.
    state.sheet(snap.sheetId);
    const pageSize = intParam(query, 'pageSize', 10_000, 1, 10_000);
    const pageNumber = intParam(query, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER);
    const all = snapshots.diff(snap, Snapshots.changeType(query.get('changeType')));
    return ok(all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize));
  });

  r.add('DELETE', '/snapshots/:id', ({ params }) => {
    state.snapshots.delete(state.snapshot(params.id!).id);
    return success();
  });

  r.add('POST', '/snapshots/:id/restore', ({ params }) => {
    state.snapshot(params.id!);
    throw badRequest('Restoring a snapshot is not supported by the emulator');
  });
}
