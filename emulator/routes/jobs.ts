import { badRequest } from '../errors.js';
import { ok, page, readObject, success } from '../http.js';
import type { Router } from '../router.js';
import { checkRequest } from '../schemas.js';
import type { Services } from '../services.js';

export function jobRoutes(r: Router, s: Services): void {
  const { state, jobs } = s;
  const job = (id: string) => state.job(id);

  r.add('GET', '/jobs', ({ query }) => {
    const f = (k: string) => query.get(k);
    const list = [...state.jobs.values()].filter(
      (j) =>
        (!f('environmentId') || j.environmentId === f('environmentId')) &&
        (!f('spaceId') || j.spaceId === f('spaceId')) &&
        (!f('workbookId') || (j.type === 'workbook' && (j.source === f('workbookId') || j.destination === f('workbookId')))) &&
        (!f('fileId') || (j.type === 'file' && j.source === f('fileId'))) &&
        (!f('source') || j.source === f('source')) &&
        (!f('parentId') || j.parentId === f('parentId')),
    );
    if (f('sortDirection') === 'desc') list.reverse();
    return page(list, query, 20);
  });
  r.add('POST', '/jobs', async ({ req }) => ok(jobs.create(checkRequest('JobConfig', await readObject(req)))));
  r.add('GET', '/jobs/:id', ({ params }) => ok(job(params.id!)));
  r.add('PATCH', '/jobs/:id', async ({ req, params }) =>
    ok(jobs.update(job(params.id!), checkRequest('JobUpdate', await readObject(req)))),
  );
  r.add('DELETE', '/jobs/:id', ({ params }) => {
    jobs.remove(job(params.id!));
    return success();
  });
  r.add('POST', '/jobs/:id/execute', ({ params }) => {
    jobs.execute(job(params.id!));
    return success();
  });
  r.add('POST', '/jobs/:id/ack', async ({ req, params }) =>
    ok(jobs.ack(job(params.id!), checkRequest('JobAckDetails', await readObject(req)))),
  );
  r.add('POST', '/jobs/:id/complete', async ({ req, params }) =>
    ok(jobs.complete(job(params.id!), checkRequest('JobCompleteDetails', await readObject(req)))),
  );
  r.add('POST', '/jobs/:id/fail', async ({ req, params }) =>
    ok(jobs.fail(job(params.id!), checkRequest('JobCompleteDetails', await readObject(req)))),
  );
  r.add('POST', '/jobs/:id/cancel', async ({ req, params }) =>
    ok(jobs.cancel(job(params.id!), checkRequest('JobCancelDetails', await readObject(req)))),
  );
  r.add('POST', '/jobs/:id/outcome/ack', ({ params }) => ok(jobs.acknowledgeOutcome(job(params.id!))));

  const planOf = (id: string) => {
    const j = job(id);
    if (`${j.type}:${j.operation}` !== 'workbook:map') throw badRequest(`Job ${id} has no execution plan`, 'jobId');
    return j;
  };
  r.add('GET', '/jobs/:id/plan', ({ params }) => {
    const j = planOf(params.id!);
    return ok({ job: j, plan: jobs.plan(j) });
  });
  for (const [method, schema, replace] of [
    ['PUT', 'JobExecutionPlanRequest', true],
    ['PATCH', 'JobExecutionPlanConfigRequest', false],
  ] as const) {
    r.add(method, '/jobs/:id/plan', async ({ req, params }) => {
      const j = planOf(params.id!);
      const plan = jobs.setPlan(j, checkRequest(schema, await readObject(req)), replace);
      return ok({ job: j, plan });
    });
  }
}
