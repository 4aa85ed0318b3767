import { badRequest } from '../errors.js';
import { newId } from '../ids.js';
import { boolParam, ok, page, readObject, success } from '../http.js';
import type { Router } from '../router.js';
import { checkRequest } from '../schemas.js';
import type { Services } from '../services.js';
import type { Json, Space } from '../types.js';

export function spaceRoutes(r: Router, s: Services): void {
  const { state, jobs } = s;
  const view = (space: Space): Json => ({
    ...space,
    workbooksCount: [...state.workbooks.values()].filter((w) => w.spaceId === space.id).length,
    filesCount: [...state.files.values()].filter((f) => f.spaceId === space.id).length,
  });
  const emit = (topic: string, space: Space): void => {
    state.events.emit(topic, 'space', { environmentId: space.environmentId, spaceId: space.id }, {});
  };
  const remove = (space: Space): void => {
    state.spaces.delete(space.id);
    emit('space:deleted', space);
  };

  r.add('GET', '/spaces', ({ query }) => {
    const env = query.get('environmentId');
    const archived = boolParam(query, 'archived') ?? false;
    const search = query.get('search')?.toLowerCase();
    const namespace = query.get('namespace');
    const list = [...state.spaces.values()].filter(
      (sp) =>
        (!env || sp.environmentId === env) &&
        !!sp.archivedAt === archived &&
        (!search || sp.name.toLowerCase().includes(search)) &&
        (!namespace || sp.namespace === namespace),
    );
    return page(list.map(view), query, 10);
  });
  r.add('POST', '/spaces', async ({ req }) => {
    const body = checkRequest('SpaceConfig', await readObject(req));
    const environmentId = typeof body.environmentId === 'string' ? body.environmentId : [...state.environments.keys()][0]!;
    state.environment(environmentId);
    const now = new Date().toISOString();
    const { autoConfigure, ...config } = body;
    const space: Space = {
      guestAuthentication: ['magic_link'],
      labels: [],
      metadata: {},
      ...config,
      id: newId('sp'),
      name: typeof body.name === 'string' ? body.name : 'Untitled space',
      environmentId,
      createdAt: now,
      updatedAt: now,
    };
    state.spaces.set(space.id, space);
    emit('space:created', space);
    // Auto-configuration is a job, delivered to listeners as `job:ready` with `payload.job === "space:configure"`.
    if (autoConfigure) jobs.create({ type: 'space', operation: 'configure', source: space.id, trigger: 'immediate', environmentId });
    return ok(view(space));
  });
  r.add('DELETE', '/spaces', ({ query }) => {
    const ids = query.getAll('spaceIds');
    if (ids.length === 0) throw badRequest('spaceIds is required', 'spaceIds');
    ids.map((id) => state.space(id)).forEach(remove);
    return success();
  });
  r.add('GET', '/spaces/:id', ({ params }) => ok(view(state.space(params.id!))));
  r.add('PATCH', '/spaces/:id', async ({ req, params }) => {
    const space = state.space(params.id!);
    const body = checkRequest('SpaceConfig', await readObject(req));
    if (typeof body.primaryWorkbookId === 'string') state.workbook(body.primaryWorkbookId);
    const { autoConfigure: _ignored, ...patch } = body;
    Object.assign(space, patch, { id: space.id, updatedAt: new Date().toISOString() });
    emit('space:updated', space);
    return ok(view(space));
  });
  r.add('DELETE', '/spaces/:id', ({ params }) => {
    remove(state.space(params.id!));
    return success();
  });
  for (const [action, topic] of [
    ['archive', 'space:archived'],
    ['unarchive', 'space:unarchived'],
  ] as const) {
    r.add('POST', `/spaces/:id/${action}`, ({ params }) => {
      const space = state.space(params.id!);
      if (action === 'archive') space.archivedAt = new Date().toISOString();
      else delete space.archivedAt;
      emit(topic, space);
      return success();
    });
  }
}
