import { newId } from '../ids.js';
import { ok, page, readObject, success } from '../http.js';
import type { Router } from '../router.js';
import { checkRequest } from '../schemas.js';
import type { Services } from '../services.js';
import type { Environment } from '../types.js';

export function environmentRoutes(r: Router, { state }: Services): void {
  r.add('GET', '/environments', ({ query }) => page([...state.environments.values()], query, 10));
  r.add('POST', '/environments', async ({ req }) => {
    const body = checkRequest('EnvironmentConfigCreate', await readObject(req));
    const env: Environment = {
      guestAuthentication: ['magic_link'],
      features: {},
      metadata: {},
      namespaces: [],
      ...body,
      id: newId('env'),
      accountId: state.accountId,
      name: String(body.name),
      isProd: !!body.isProd,
    };
    state.environments.set(env.id, env);
    state.events.emit('environment:created', 'environment', { environmentId: env.id });
    return ok(env);
  });
  r.add('GET', '/environments/:id', ({ params }) => ok(state.environment(params.id!)));
  r.add('PATCH', '/environments/:id', async ({ req, params }) => {
    const env = state.environment(params.id!);
    const body = checkRequest('EnvironmentConfigUpdate', await readObject(req));
    Object.assign(env, body, { id: env.id, accountId: env.accountId });
    state.events.emit('environment:updated', 'environment', { environmentId: env.id });
    return ok(env);
  });
  r.add('DELETE', '/environments/:id', ({ params }) => {
    const env = state.environment(params.id!);
    state.environments.delete(env.id);
    state.events.emit('environment:deleted', 'environment', { environmentId: env.id });
    return success();
  });
}
