import { Hono } from 'hono';
import { recordRpvLaw, saveEnte } from '../../app/ente-writes.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { Dec } from '../../domain/money.ts';
import type { AppDeps } from '../app.ts';
import { requireStaff } from '../auth.ts';
import { jsonBody, parseOr400, pathParam, schemasFor } from '../schemas.ts';

/** Debtors kept by staff (issue 17 §5): create/edit an ente, record an RPV law; each an event with before and after (app/ente-writes.ts). */
export function entesCadastroRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: { actor: string } }>();

  app.post('/', requireStaff(deps.staff), async (c) => {
    const body = parseOr400(schemasFor(deps.dates()).enteBody, await jsonBody(c.req.raw));
    const r = await saveEnte(deps.db, { ...body, actor: c.get('actor') });
    return c.json({ ...r.ente, criado: r.criado }, r.criado ? 201 : 200);
  });

  app.post('/:id/leis-rpv', requireStaff(deps.staff), async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    const d = deps.dates();
    const body = parseOr400(schemasFor(d).leiRpvBody, await jsonBody(c.req.raw));
    const law = await recordRpvLaw(
      deps.db,
      {
        enteId: id,
        actor: c.get('actor'),
        validFrom: body.vigenteDesde as IsoDate,
        kind: body.tipo,
        amount: body.valor === undefined ? undefined : new Dec(body.valor),
        legalBasis: body.fundamento,
      },
      d.expedicao,
    );
    return c.json({ ente: id, ...law }, 201);
  });

  return app;
}
