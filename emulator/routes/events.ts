import { badRequest, notFound } from '../errors.js';
import { boolParam, intParam, ok, readObject, success } from '../http.js';
import type { Router } from '../router.js';
import { checkRequest } from '../schemas.js';
import type { Services } from '../services.js';
import type { FlatfileEvent, Json } from '../types.js';

export function eventRoutes(r: Router, { state }: Services): void {
  const get = (id: string): FlatfileEvent => {
    const e = state.events.get(id);
    if (!e) throw notFound('Event', id, 'eventId');
    return e;
  };
  r.add('GET', '/events', ({ query }) => {
    const since = query.get('since');
    if (since !== null && Number.isNaN(Date.parse(since))) throw badRequest('since must be an ISO date', 'since');
    return ok(
      state.events.list({
        environmentId: query.get('environmentId') ?? undefined,
        spaceId: query.get('spaceId') ?? undefined,
        domain: query.get('domain') ?? undefined,
        topic: query.get('topic') ?? undefined,
        since: since === null ? undefined : new Date(since).toISOString(),
        includeAcknowledged: boolParam(query, 'includeAcknowledged') ?? false,
        pageSize: intParam(query, 'pageSize', 10, 1, 10_000),
        pageNumber: intParam(query, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER),
      }),
    );
  });
  r.add('POST', '/events', async ({ req }) => {
    const body = checkRequest('CreateEventConfig', await readObject(req));
    const context = (body.context ?? {}) as Json;
    const environmentId = String(context.environmentId ?? [...state.environments.keys()][0]);
    state.environment(environmentId);
    const extra: Json = {};
    for (const k of ['dataUrl', 'callbackUrl', 'target', 'origin', 'namespaces', 'attributes']) if (k in body) extra[k] = body[k];
    const event = state.events.emit(String(body.topic), String(body.domain), { ...context, environmentId }, (body.payload as Json | undefined) ?? {}, extra);
    return ok(event);
  });
  r.add('GET', '/events/:id', ({ params }) => ok(get(params.id!)));
  r.add('POST', '/events/:id/ack', ({ params }) => {
    state.events.acknowledge(get(params.id!), state.actorId);
    return success();
  });
}
