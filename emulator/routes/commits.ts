import { ok, success } from '../http.js';
import type { Router } from '../router.js';
import type { Services } from '../services.js';

export function commitRoutes(r: Router, { state, writer }: Services): void {
  r.add('GET', '/commits/:id', ({ params }) => ok(state.commit(params.id!)));
  r.add('POST', '/commits/:id/complete', ({ params }) => {
    writer.complete(state.commit(params.id!).id);
    return success();
  });
}
