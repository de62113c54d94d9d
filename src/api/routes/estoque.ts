import { Hono } from 'hono';
import { stockByBudgetYear } from '../../domain/queue/stock.ts';
import { ZERO, toDecimalString } from '../../domain/money.ts';
import type { AppDeps } from '../app.ts';
import { ApiError } from '../errors.ts';
import { publishedRun } from '../published-run.ts';
import { type EstoqueResponse, parseOr400, pathParam, schemasFor } from '../schemas.ts';
import type { Wire, estoqueResponse, parcelamentosCf20Response } from '../response-schemas.ts';
import { parcelamentosCf20Of, parcelamentosJson } from '../../app/parcelamento-cf20.ts';

/**
 * A debtor's stock by budget year and natureza (issue 18 §2), summed on the server from the list it
 * serves: one request for the staff desk's chart instead of the whole list in pages (which met the
 * per-address limit at realistic sizes). Public like the list it sums, for the published run only
 * (a chosen `data` is staff's, as on every list: README, Privacidade).
 */
export function estoqueRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: { actor: string } }>();
  const published = publishedRun(deps);
  app.get('/:id/estoque', async (c) => {
    const { data } = parseOr400(schemasFor(deps.dates()).dateQuery, c.req.query());
    const id = pathParam(c.req.param('id'), 'id');
    const q = await deps.queues.queueOf(id, await published.runDate(c, data));
    if (!q) throw new ApiError(404, 'nao-encontrado', 'id', `ente ${id} não encontrado`);
    const cells = stockByBudgetYear(q.order.chronological);
    const body: EstoqueResponse = {
      ente: { id: q.ente.id, nome: q.ente.nome, regime: q.ente.regime },
      data: q.order.runDate,
      total: { quantidade: q.order.chronological.length, saldo: toDecimalString(cells.reduce((a, s) => a.plus(s.openBrl), ZERO)) },
      itens: cells.map((s) => ({
        orcamento: s.budgetYear,
        natureza: s.natureza,
        quantidade: s.count,
        suspensos: s.suspended,
        saldo: toDecimalString(s.openBrl),
      })),
    } satisfies Wire<typeof estoqueResponse>;
    return c.json(body);
  });
  // R7.10: which precatórios CF art. 100 §20 parcels, year by year — public like the list's values.
  app.get('/:id/parcelamentos-cf20', async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    const found = await parcelamentosCf20Of(deps.db, deps.rules, id);
    return c.json(parcelamentosJson(found) satisfies Wire<typeof parcelamentosCf20Response>);
  });
  return app;
}
