import { badRequest, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { ok, readObject, success } from '../http.js';
import type { Router } from '../router.js';
import { checkRequest } from '../schemas.js';
import type { Services } from '../services.js';
import type { Secret } from '../types.js';

/** Entitlements (read by util-extractor on every extraction) and secrets (`event.secrets(name)`). */
export function miscRoutes(r: Router, { state }: Services): void {
  r.add('GET', '/entitlements', () => ok([]));

  r.add('GET', '/secrets', ({ query }) => {
    const env = query.get('environmentId');
    const space = query.get('spaceId');
    if (!env && !space) throw badRequest('environmentId or spaceId is required', 'environmentId');
    // Space secrets override environment secrets of the same name.
    const visible = [...state.secrets.values()].filter(
      (s) => (!env || s.environmentId === env) && (!s.spaceId || s.spaceId === space),
    );
    const byName = new Map<string, Secret>();
    for (const s of visible.sort((a, b) => Number(!!a.spaceId) - Number(!!b.spaceId))) byName.set(s.name, s);
    return ok([...byName.values()]);
  });
  r.add('POST', '/secrets', async ({ req }) => {
    const body = checkRequest('WriteSecret', await readObject(req));
    if (typeof body.environmentId === 'string') state.environment(body.environmentId);
    const existing = [...state.secrets.values()].find(
      (s) => s.name === body.name && s.environmentId === body.environmentId && s.spaceId === body.spaceId,
    );
    const secret: Secret = { ...body, id: existing?.id ?? newId('sec'), name: String(body.name), value: String(body.value) };
    state.secrets.set(secret.id, secret);
    state.events.emit(existing ? 'secret:updated' : 'secret:created', 'secret', {
      environmentId: secret.environmentId ?? [...state.environments.keys()][0]!,
      ...(secret.spaceId ? { spaceId: secret.spaceId } : {}),
    });
    return ok([secret]);
  });
  r.add('DELETE', '/secrets/:id', ({ params }) => {
    if (!state.secrets.delete(params.id!)) throw notFound('Secret', params.id!, 'secretId');
    return success();
  });
}
