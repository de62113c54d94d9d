import { Hono } from 'hono';
import { callAcordos, createEdital, habilitar } from '../../app/acordos.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { Dec } from '../../domain/money.ts';
import type { AppDeps } from '../app.ts';
import { requireStaff } from '../auth.ts';
import { jsonBody, parseOr400, pathParam, schemasFor } from '../schemas.ts';
import type { Wire, chamadaAcordoResponse, editalResponse, habilitacaoAcordoResponse } from '../response-schemas.ts';

/**
 * Acordos diretos (issue 17 §2; R7.6, R7.7): staff opens an edital for an ente, habilita creditors
 * and calls them in list order (preview, then `confirmar: true`) — each the use case of app/acordos.ts.
 */
export function acordosRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: { actor: string } }>();

  app.post('/entes/:id/acordos/editais', requireStaff(deps.staff), async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    const body = parseOr400(schemasFor(deps.dates()).editalAcordoBody, await jsonBody(c.req.raw));
    const e = await createEdital(deps.db, {
      enteId: id,
      actor: c.get('actor'),
      numero: body.numero,
      abertura: body.abertura as IsoDate,
      encerramento: body.encerramento as IsoDate,
      desagioMax: body.desagioMaximo === undefined ? undefined : new Dec(body.desagioMaximo),
      parcelaAcordos: body.parcelaAcordos === undefined ? undefined : new Dec(body.parcelaAcordos),
      fundamento: body.fundamento,
    });
    return c.json(e satisfies Wire<typeof editalResponse>, 201);
  });

  app.post('/acordos/editais/:edital/habilitacoes', requireStaff(deps.staff), async (c) => {
    const body = parseOr400(schemasFor(deps.dates()).habilitacaoAcordoBody, await jsonBody(c.req.raw));
    const h = await habilitar(deps.db, {
      editalId: pathParam(c.req.param('edital'), 'edital'),
      actor: c.get('actor'),
      numero: body.precatorio,
      beneficiarioId: body.beneficiario,
      desagio: new Dec(body.desagio),
      date: body.data as IsoDate,
    });
    return c.json(h satisfies Wire<typeof habilitacaoAcordoResponse>, 201);
  });

  app.post('/acordos/editais/:edital/chamada', requireStaff(deps.staff), async (c) => {
    const body = parseOr400(schemasFor(deps.dates()).chamadaAcordoBody, await jsonBody(c.req.raw));
    const r = await callAcordos(deps.db, deps.rules, await deps.corrections.env(), {
      editalId: pathParam(c.req.param('edital'), 'edital'),
      actor: c.get('actor'),
      date: body.data as IsoDate,
      confirm: body.confirmar,
    });
    return c.json(r satisfies Wire<typeof chamadaAcordoResponse>, body.confirmar ? 201 : 200);
  });

  return app;
}
