import { Hono } from 'hono';
import {
  art82CsvRows,
  art82Publication,
  importDeposits,
  movementJson,
  recordDebit,
  recordDeposit,
  recordSequestro,
  specialAccountStatement,
} from '../../app/special-account.ts';
import { toCsv } from '../../cli/output.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { money } from '../../domain/money.ts';
import type { AppDeps } from '../app.ts';
import { requireStaff } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { maskDocumentsIn } from '../masking.ts';
import { contaEspecialQuery, jsonBody, parseOr400, pathParam, schemasFor } from '../schemas.ts';
import type {
  Wire,
  contaEspecialExtratoResponse,
  contaEspecialResponse,
  depositosImportadosResponse,
  depositosRecusadosResponse,
  movimentoResponse,
} from '../response-schemas.ts';

/**
 * The special account of an ente (issue 17 §1): the public art. 82 answer (R7.4) and the staff
 * ledger writes — deposits (one, or a CSV), debits — each the use case of app/special-account.ts.
 */
export function contaEspecialRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: { actor: string } }>();

  // Public (Res. CNJ 303 art. 82): deposits, balances with their date, plan, payments made — no beneficiary.
  app.get('/:id/conta-especial', async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    const { formato } = parseOr400(contaEspecialQuery, c.req.query());
    const publication = await art82Publication(deps.db, id, maskDocumentsIn);
    if (formato === 'json') return c.json(publication satisfies Wire<typeof contaEspecialResponse>);
    return c.body(`\uFEFF${toCsv(art82CsvRows(publication), ';')}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="conta-especial-${id}.csv"`,
    });
  });

  app.get('/:id/conta-especial/extrato', requireStaff(deps.staff), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json((await specialAccountStatement(deps.db, pathParam(c.req.param('id'), 'id'))) satisfies Wire<typeof contaEspecialExtratoResponse>);
  });

  // A deposit (R7.1), or a sequestro ordered by the Presidency (R7.9): money that enters the account
  // and is distributed like a deposit (origem SEQUESTRO, event `sequestro-registrado`). One body, one movement.
  for (const [path, record] of [
    ['/:id/conta-especial/depositos', recordDeposit],
    ['/:id/conta-especial/sequestros', recordSequestro],
  ] as const) {
    app.post(path, requireStaff(deps.staff), async (c) => {
      const id = pathParam(c.req.param('id'), 'id');
      const body = parseOr400(schemasFor(deps.dates()).depositoBody, await jsonBody(c.req.raw));
      const r = await record(deps.db, deps.rules, {
        enteId: id,
        actor: c.get('actor'),
        date: body.data as IsoDate,
        amount: money(body.valor),
        document: body.documento,
      });
      return c.json(movementJson(r) satisfies Wire<typeof movimentoResponse>, 201);
    });
  }

  // A CSV of deposits (text/csv body: ente;data;valor;documento, `ente` optional here): all or none.
  app.post('/:id/conta-especial/depositos/importacao', requireStaff(deps.staff), async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    const r = await importDeposits(deps.db, deps.rules, { csv: await c.req.text(), actor: c.get('actor'), dates: deps.dates(), enteId: id });
    if (!r.ok) {
      return c.json(
        {
          erro: 'invalido',
          campo: null,
          motivo: `${r.errors.length} linha(s) recusada(s); nenhum depósito foi gravado`,
          rejeitadas: r.errors.map((e) => ({ linha: e.line, campo: e.field, motivo: e.reason })),
        } satisfies Wire<typeof depositosRecusadosResponse>,
        422,
      );
    }
    return c.json({ ente: id, registrados: r.recorded, total: r.total.toFixed(2) } satisfies Wire<typeof depositosImportadosResponse>, 201);
  });

  app.post('/:id/conta-especial/debitos', requireStaff(deps.staff), async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    const body = parseOr400(schemasFor(deps.dates()).debitoBody, await jsonBody(c.req.raw));
    const base = { date: body.data as IsoDate, amount: money(body.valor), document: body.documento };
    if (body.tipo === 'TRANSFERENCIA' && body.origem === body.destino)
      throw new ApiError(400, 'entrada-invalida', 'destino', 'a transferência deve ir de uma conta para a outra');
    const debit =
      body.tipo === 'TRANSFERENCIA'
        ? { ...base, kind: body.tipo, from: body.origem, to: body.destino }
        : { ...base, kind: body.tipo, precatorio: body.precatorio };
    const r = await recordDebit(deps.db, { enteId: id, actor: c.get('actor'), debit });
    return c.json(movementJson(r) satisfies Wire<typeof movimentoResponse>, 201);
  });

  return app;
}
