import { Hono } from 'hono';
import { ec136PlanOf, planJson, rclRowsJson, rclRowsOf, recordRcl } from '../../app/ec136-plan.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { money } from '../../domain/money.ts';
import { loadEc136Rules } from '../../rules/load-ec136.ts';
import { getEnte } from '../../storage/registry-store.ts';
import type { AppDeps } from '../app.ts';
import { requireStaff } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { maskDocumentsIn } from '../masking.ts';
import { PLAN_YEARS, jsonBody, parseOr400, pathParam, schemasFor } from '../schemas.ts';
import type { Wire, planoEc136Response, rclCriadaResponse, rclResponse } from '../response-schemas.ts';

/**
 * The EC 136 plan of an ente (issue 17 §3; R7.8, R7.9): public plan with the default check (Res. CNJ
 * 303 art. 82 publishes payment plans), what-if by `rcl`/`estoque`, and the staff RCL rows. Each
 * route calls app/ec136-plan.ts, as `precatorios plano` does.
 */
export function planoEc136Routes(deps: AppDeps) {
  const app = new Hono<{ Variables: { actor: string } }>();
  const rules = loadEc136Rules();

  app.get('/:id/plano-ec136', async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    const q = parseOr400(schemasFor(deps.dates()).planoQuery, c.req.query());
    const asOf = (q.data as IsoDate | undefined) ?? deps.today();
    const plan = await ec136PlanOf(deps.db, rules, {
      enteId: id,
      ano: q.ano ?? Math.max(PLAN_YEARS.min, Number(asOf.slice(0, 4))),
      asOf,
      rcl: q.rclHipotese === undefined ? undefined : money(q.rclHipotese),
      estoque: q.estoqueHipotese === undefined ? undefined : money(q.estoqueHipotese),
    });
    const body = planJson(plan);
    if (body.rcl === null || !('estoqueEmMora' in body)) return c.json(body satisfies Wire<typeof planoEc136Response>);
    return c.json({
      ...body,
      rcl: { ...body.rcl, fonte: maskDocumentsIn(body.rcl.fonte) },
      estoqueEmMora: { ...body.estoqueEmMora, fonte: maskDocumentsIn(body.estoqueEmMora.fonte) },
    } satisfies Wire<typeof planoEc136Response>);
  });

  app.get('/:id/rcl', async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    if (!(await getEnte(deps.db, id))) throw new ApiError(404, 'nao-encontrado', 'id', `ente ${id} não encontrado`);
    return c.json({ ente: id, itens: rclRowsJson(await rclRowsOf(deps.db, id)).map((r) => ({ ...r, fonte: maskDocumentsIn(r.fonte) })) } satisfies Wire<
      typeof rclResponse
    >);
  });

  app.post('/:id/rcl', requireStaff(deps.staff), async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    const body = parseOr400(schemasFor(deps.dates()).rclBody, await jsonBody(c.req.raw));
    const row = await recordRcl(deps.db, {
      enteId: id,
      actor: c.get('actor'),
      exercicio: body.exercicio,
      rcl: money(body.valor),
      estoqueMora: body.estoqueMora === undefined ? undefined : money(body.estoqueMora),
      fonte: body.fonte,
    });
    return c.json({ ente: id, ...rclRowsJson([row])[0]! } satisfies Wire<typeof rclCriadaResponse>, 201);
  });

  return app;
}
